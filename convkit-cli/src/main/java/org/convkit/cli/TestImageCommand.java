package org.convkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.convkit.image.TestImage;
import org.convkit.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit testimage}: the built-in test image, to filter or to look at. */
@Command(name = "testimage", sortOptions = false,
        description = {
            "Write the built-in test image, drawn by code: a Siemens star, bar groups 4 to 1",
            "pixels wide, filled shapes, text and grey ramps. The same size gives the same",
            "pixels on every run of a JDK (the text follows the machine's fonts)."},
        footer = {"", "Example:", "  convkit testimage target.png --size 512 --color"})
final class TestImageCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "OUT.png",
            description = "Where to write (.png, .jpg or .jpeg; atomically), or give it as -o.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.png",
            description = "Where to write, as every command names its output (or give it first, as OUT.png).")
    Path output;

    @Option(names = "--size", paramLabel = "N|WxH", defaultValue = "256",
            description = "Width and height in pixels, or WIDTHxHEIGHT (default ${DEFAULT-VALUE}; at most 16384).")
    String size;

    @Option(names = "--color", description = "RGB (red, green, blue, yellow shapes) instead of grey.")
    boolean color;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path output = InputOrArgument.one(spec, "where to write", "OUT.png", file, "--output", this.output);
        int[] wh = size(size);
        ImageFiles.checkWritable(file != null ? "OUT.png" : "--output", output);
        Tensor image = TestImage.render(wh[0], wh[1], color);
        ImageFiles.write(output, image);
        spec.commandLine().getOut().println("test image " + wh[0] + " x " + wh[1] + (color ? " RGB" : " grey")
                + " -> " + output);
        return 0;
    }

    /** {@code N} or {@code WxH}. */
    static int[] size(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0].trim());
                return new int[] {n, n};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw new IllegalArgumentException("--size '" + text + "' should be N or WIDTHxHEIGHT in pixels, e.g. 256 or 640x480");
    }
}
