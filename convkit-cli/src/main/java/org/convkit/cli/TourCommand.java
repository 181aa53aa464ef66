package org.convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.convkit.cli.tour.Tour;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit tour}: the guide's topics as a self-contained HTML page with pictures. */
@Command(name = "tour", sortOptions = false,
        description = {
            "Write a tour of the guide into a directory: index.html (open it in any",
            "browser, offline) and its pictures. One section per topic: the convolution's",
            "arithmetic, discrete, transposed, true deconvolution, dilated, spatially",
            "separable, depthwise separable, pooling; each with the formula worked with",
            "numbers, an animation, and the operation applied to the built-in test image;",
            "then a gallery that redraws every figure of the convolution arithmetic guide",
            "(Dumoulin and Visin), each with its numbers."},
        footer = {"",
            "DIR may be new, empty, or a tour written before (it holds a .convkit-tour",
            "file), which is replaced whole; any other non-empty directory is refused.",
            "The tour is written beside DIR first and renamed into place, so a failure",
            "leaves DIR as it was.",
            "",
            "Example:", "  convkit tour --output tour && xdg-open tour/index.html"})
final class TourCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Directory to write the tour into.")
    Path output;

    @Option(names = "--image-size", paramLabel = "N", defaultValue = "256",
            description = "Width and height of the test image, in pixels (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Tour tour = new Tour(imageSize);
        NpyFiles.checkName("--output", output, "tour");
        Tour.checkOutput(output);
        PrintWriter out = spec.commandLine().getOut();
        ProgressBar bar = ProgressBar.onTerminal(out, "writing the tour");
        Path index;
        try {
            index = tour.write(output, (what, done, total) -> bar.update(done, total, what));
        } finally {
            bar.clear();
        }
        out.println("tour written: " + index + " (" + Tour.SECTION_IDS.size() + " sections); open it in a browser");
        return 0;
    }
}
