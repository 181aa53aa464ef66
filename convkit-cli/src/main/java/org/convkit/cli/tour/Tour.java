package org.convkit.cli.tour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convkit.image.TestImage;

/**
 * The tour of the guide: one section per topic, written as {@code index.html} plus its pictures
 * into a directory (see {@link TourDirectory} for when an existing one is replaced).
 */
public final class Tour {
    /** The sections' ids, in the page's order. */
    public static final List<String> SECTION_IDS = List.of("operation", "discrete", "transposed", "deconvolution",
            "dilated", "separable", "depthwise", "pooling", "gallery");

    /** Told after each step, so that a terminal can show progress. */
    @FunctionalInterface
    public interface Progress {
        void step(String what, int done, int total);
    }

    private final int imageSize;

    /** A tour whose test-image pictures are {@code imageSize} pixels square. */
    public Tour(int imageSize) {
        if (imageSize < 32 || imageSize > TestImage.MAX_SIZE) {
            throw new IllegalArgumentException("image size " + imageSize + " is outside 32 to " + TestImage.MAX_SIZE);
        }
        this.imageSize = imageSize;
    }

    public Tour() {
        this(TestImage.DEFAULT_SIZE);
    }

    static List<TourSection> sections() {
        return List.of(new OperationSection(), new DiscreteSection(), new TransposedSection(),
                new DeconvolutionSection(), new DilatedSection(), new SeparableSection(), new DepthwiseSection(),
                new PoolingSection(), new GallerySection());
    }

    /** Checks that {@code dir} may receive a tour (see {@link TourDirectory}); throws the reason if not. */
    public static void checkOutput(Path dir) {
        new TourDirectory(dir).check();
    }

    /** Writes the tour into {@code dir}, which ends up holding it whole or, on failure, as it was. */
    public Path write(Path dir, Progress progress) throws IOException {
        TourDirectory target = new TourDirectory(dir);
        target.write(staging -> writeInto(staging, progress));
        return target.target().resolve("index.html");
    }

    private void writeInto(Path root, Progress progress) throws IOException {
        List<TourSection> sections = sections();
        TourAssets assets = new TourAssets(root, imageSize);
        int total = sections.size() + 1;
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            TourSection s = sections.get(i);
            progress.step(s.title(), i, total);
            bodies.add(s.body(assets));
        }
        progress.step("index.html", sections.size(), total);
        Files.writeString(root.resolve("index.html"), TourPage.html(sections, bodies), StandardCharsets.UTF_8);
        progress.step("done", total, total);
    }
}
