package org.convkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.convkit.image.Display;
import org.convkit.image.ImageFilter;
import org.convkit.image.Images;
import org.convkit.image.Kernel;
import org.convkit.image.NamedKernels;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit filter}: a classic image filter applied to a PNG or JPEG. */
@Command(name = "filter", sortOptions = false,
        description = {
            "Filter a PNG or JPEG, every channel alike, keeping its size.",
            "Kernels apply as written (cross-correlation, as OpenCV's filter2D); rank-1",
            "kernels (box, gaussian, sobel, scharr) run as two 1-D passes. Alpha is kept as is."},
        footer = {"", "Kernels: " + NamedKernels.GRAMMAR,
            "", "Examples:",
            "  convkit testimage target.png --color",
            "  convkit filter target.png --kernel gaussian:2 --explain",
            "  convkit filter target.png -k sobel-x --display shift -o edges.png"})
final class FilterCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE",
            description = "The image to filter: PNG, JPEG, BMP or GIF (or give it as -i).")
    Path argument;

    @Option(names = {"-i", "--input"}, paramLabel = "IMAGE",
            description = "The image to filter, as every command names its input (or give it first, as IMAGE).")
    Path input;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "NAME|K.npy",
            description = "The kernel: a name from the list below, or a .npy file holding a 2-D array.")
    String kernel;

    @Option(names = "--border", paramLabel = "MODE", defaultValue = "reflect",
            description = {"What lies outside the image: zeros, reflect (mirror without repeating the edge pixel,"
                + " as PyTorch and OpenCV's BORDER_REFLECT_101), replicate, circular (default ${DEFAULT-VALUE})."})
    String border;

    @Option(names = "--display", paramLabel = "MAP",
            description = {"How results become 8-bit: clamp (x), abs (|x|), shift (0.5 + x/2), minmax, symmetric"
                + " (0 at mid-grey, scaled by max |x|). Default: abs for kernels summing to 0"
                + " (sobel, scharr, laplacian), clamp otherwise."})
    String display;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.png",
            description = "Where to write (atomically; format from the extension). Default: beside the input,"
                + " IMAGE-KERNEL with the input's extension (.png for a BMP or GIF), e.g. photo-gaussian-2.png.")
    Path output;

    @Mixin
    EngineOptions engine;

    @Option(names = "--explain", description = "Print the planner's choice of algorithm and its reasons first.")
    boolean explain;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path input = InputOrArgument.one(spec, "the image to filter", "IMAGE", argument, "--input", this.input);
        PaddingMode mode = PaddingModes.parse("--border", border);
        Display shown = display == null ? null : Display.parse(display);
        var options = engine.toOptions();
        Kernel k = kernel();
        Path out = output != null ? output : defaultOutput(input, k);
        if (out.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            throw new CliException("the output " + out + " is the input image: give another --output");
        }
        ImageFiles.checkWritable("--output", out);
        Tensor image = ImageFiles.read(input);
        Display map = shown != null ? shown : k.display();
        PrintWriter stdout = spec.commandLine().getOut();
        if (explain) {
            stdout.println(ImageFilter.plan(Images.colour(image).shape(), k.weights(), mode, options).explain());
        }
        // alpha is coverage, not intensity: it is carried through unfiltered
        Tensor colour = Images.colour(image);
        Tensor y = map.apply(ImageFilter.apply(colour, k.weights(), mode, options));
        ImageFiles.write(out, Images.hasAlpha(image) ? Images.withAlpha(y, Images.alpha(image)) : y);
        stdout.println("filter " + input + " (" + image.size(0) + " x " + image.size(1) + " x " + image.size(2)
                + ") with " + k + ", border " + mode + ", display " + map + " -> " + out);
        return 0;
    }

    private Kernel kernel() {
        if (!NamedKernels.isFile(kernel)) {
            return NamedKernels.named(kernel);
        }
        Path file = Path.of(kernel.trim());
        return NamedKernels.fromArray(String.valueOf(file.getFileName()), NpyFiles.read(file));
    }

    /** Whether images can be written in the format of {@code extension} (".png": yes; ".bmp": no). */
    private static boolean writable(String extension) {
        try {
            Images.Format.of(Path.of("x" + extension));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code dir/photo.png} filtered with {@code gaussian:1.5} goes to {@code dir/photo-gaussian-1.5.png}. */
    static Path defaultOutput(Path input, Kernel k) {
        String name = String.valueOf(input.getFileName());
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        // a BMP or GIF is read, but written images are PNG or JPEG: such an input gets a .png result
        String ext = dot > 0 && writable(name.substring(dot)) ? name.substring(dot) : ".png";
        String kernelName = k.name().toLowerCase(Locale.ROOT);
        if (kernelName.endsWith(".npy")) {
            kernelName = kernelName.substring(0, kernelName.length() - 4);
        }
        String slug = kernelName.replaceAll("[^a-z0-9.+-]+", "-");
        return input.resolveSibling(stem + "-" + slug + ext);
    }
}
