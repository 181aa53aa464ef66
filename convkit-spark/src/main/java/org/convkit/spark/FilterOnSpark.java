package org.convkit.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.convkit.image.Display;
import org.convkit.image.Kernel;
import org.convkit.image.NamedKernels;
import org.convkit.spec.PaddingMode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit-spark filter}: every image of a collection filtered as {@code convkit filter} would. */
@Command(name = "filter", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Filter every PNG or JPEG of a directory (or a glob) as 'convkit filter' does,",
            "one output per input with the same name. Files that fail are listed with their",
            "reason on stderr; the others still finish, and the exit status is 1."},
        footer = {"", "Kernels: " + NamedKernels.GRAMMAR, "", "Example:",
            "  convkit-spark filter --master local[2] --input 'photos/*.png' \\",
            "      --kernel gaussian:2 --output blurred"})
final class FilterOnSpark implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://host:port, yarn (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "DIR|GLOB",
            description = "A directory of images, or a glob such as 'photos/*.png' (file:, hdfs:, s3a: alike).")
    String input;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "NAME|K.npy",
            description = "The kernel: a name from the list below, or a .npy file holding a 2-D array.")
    String kernel;

    @Option(names = "--border", paramLabel = "MODE", defaultValue = "reflect",
            description = "What lies outside each image: zero, reflect, replicate, circular (default ${DEFAULT-VALUE}).")
    String border;

    @Option(names = "--display", paramLabel = "MAP",
            description = "How results become 8-bit: clamp, abs, shift, minmax, symmetric (default: the kernel's).")
    String display;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Where the outputs go (created).")
    String output;

    @Option(names = "--ui", description = "Keep Spark's web UI on (default off).")
    boolean ui;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PaddingMode mode = PaddingMode.parse(border);
        Display map = display == null ? null : Display.parse(display);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SparkSession spark = Sessions.open("convkit-spark filter", master, ui)) {
            var conf = spark.sparkContext().hadoopConfiguration();
            Kernel k = NamedKernels.isFile(kernel)
                    ? NamedKernels.fromArray(new org.apache.hadoop.fs.Path(kernel.trim()).getName(),
                            HadoopFiles.readSmall(kernel.trim(), conf))
                    : NamedKernels.named(kernel);
            List<String> files = SparkFilter.images(input, conf);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("--input " + input + " holds no .png, .jpg or .jpeg file");
            }
            long t0 = System.nanoTime();
            List<SparkFilter.Outcome> outcomes = SparkFilter.run(spark, files, k, mode, map, output);
            long failed = outcomes.stream().filter(o -> o.failure() != null).count();
            for (SparkFilter.Outcome o : outcomes) {
                if (o.failure() != null) {
                    err.println("failed: " + o.name() + ": " + o.failure());
                }
            }
            out.println(String.format(Locale.ROOT, "filter %s with %s, border %s: %d of %d images written to %s "
                    + "(%.2f s)", input, k, mode, outcomes.size() - failed, outcomes.size(), output,
                    (System.nanoTime() - t0) / 1e9));
            err.flush();
            return failed == 0 ? 0 : 1;
        }
    }
}
