package org.convkit.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.convkit.ConvOptions;
import org.convkit.image.Display;
import org.convkit.image.ImageFilter;
import org.convkit.image.Images;
import org.convkit.image.Kernel;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/**
 * An image collection filtered as {@code convkit filter} filters one image: one output per input,
 * the same name, in the output directory. A file that cannot be read or written is reported with
 * its reason and the others still finish.
 */
public final class SparkFilter {
    private SparkFilter() {
    }

    /**
     * One image's outcome.
     *
     * @param name the input's file name
     * @param failure why it failed, or null
     * @serial exclude
     */
    public record Outcome(String name, String failure) implements Serializable {
        /** The first and only form: tasks and driver run the same jar. */
        private static final long serialVersionUID = 1L;
    }

    /**
     * The images a directory holds (.png, .jpg, .jpeg), or those a glob matches.
     *
     * @param input a directory or a glob, a Hadoop path
     * @param conf the Hadoop configuration
     * @return the files, sorted
     * @throws IOException if the file system cannot be listed
     */
    public static List<String> images(String input, Configuration conf) throws IOException {
        Path p = new Path(input);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus[] matched = fs.globStatus(p);
        List<String> files = new ArrayList<>();
        if (matched == null) {
            return files;
        }
        for (FileStatus s : matched) {
            FileStatus[] inside = s.isDirectory() ? fs.listStatus(s.getPath()) : new FileStatus[] {s};
            for (FileStatus f : inside) {
                String name = f.getPath().getName().toLowerCase(Locale.ROOT);
                if (f.isFile() && !name.startsWith(".") && (name.endsWith(".png") || name.endsWith(".jpg")
                        || name.endsWith(".jpeg"))) {
                    files.add(f.getPath().toString());
                }
            }
        }
        files.sort(null);
        return files;
    }

    /**
     * Filters every image, one Spark task per group of images.
     *
     * @param spark the session
     * @param files the images
     * @param kernel the kernel
     * @param border what lies outside each image
     * @param display how results become 8-bit, or null for the kernel's own
     * @param outputDir where the outputs go (created)
     * @return one outcome per image, in the files' order
     * @throws IOException if the output directory cannot be created
     */
    public static List<Outcome> run(SparkSession spark, List<String> files, Kernel kernel, PaddingMode border,
                                    Display display, String outputDir) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        new Path(outputDir).getFileSystem(conf).mkdirs(new Path(outputDir));
        Map<String, String> settings = new java.util.HashMap<>();
        conf.forEach(e -> settings.put(e.getKey(), e.getValue()));
        Display map = display != null ? display : kernel.display();
        int tasks = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4));
        // a Kernel (its Tensor) does not serialize: its cells and shape travel instead
        float[] weights = kernel.weights().data();
        int[] shape = kernel.weights().shape();
        return jsc.parallelize(files, tasks).map(f -> {
            Configuration c = new Configuration(false);
            settings.forEach(c::set);
            return one(f, Tensor.of(weights, shape), border, map, outputDir, c);
        }).collect();
    }

    private static Outcome one(String file, Tensor weights, PaddingMode border, Display map, String outputDir,
                               Configuration conf) {
        Path in = new Path(file);
        String name = in.getName();
        try {
            BufferedImage read;
            try (InputStream s = in.getFileSystem(conf).open(in)) {
                read = ImageIO.read(s);
            }
            if (read == null) {
                return new Outcome(name, "not a PNG or JPEG image ImageIO can decode");
            }
            Tensor image = Images.fromImage(read);
            // alpha is coverage, not intensity: carried through unfiltered, as convkit filter does
            Tensor colour = Images.colour(image);
            Tensor y = map.apply(ImageFilter.apply(colour, weights, border, ConvOptions.defaults()
                    .withThreads(1)));
            Tensor result = Images.hasAlpha(image) ? Images.withAlpha(y, Images.alpha(image)) : y;
            Images.Format format = Images.Format.of(java.nio.file.Path.of(name));
            BufferedImage out = Images.toImage(result);
            HadoopFiles.writeOnce(outputDir + "/" + name, conf, o -> Images.encode(out, format, o));
            return new Outcome(name, null);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage();
            return new Outcome(name, m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst()
                    .orElse(m));
        }
    }
}
