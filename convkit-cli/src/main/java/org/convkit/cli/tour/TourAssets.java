package org.convkit.cli.tour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convkit.image.Display;
import org.convkit.image.Images;
import org.convkit.image.TestImage;
import org.convkit.tensor.Tensor;
import org.convkit.viz.Animation;
import org.convkit.viz.AnimationSpec;
import org.convkit.viz.Animations;
import org.convkit.viz.SvgAnimation;

/**
 * Where the sections put their pictures: {@code img/} (PNG) and {@code anim/} (SVG) inside the
 * directory being written, each named {@code <section>-<what>}; the page refers to them relatively.
 * Also holds the test image, drawn once.
 */
final class TourAssets {
    private final Path root;
    private final int size;
    private Tensor rgb;
    private Tensor grey;

    TourAssets(Path root, int size) {
        this.root = root;
        this.size = size;
    }

    /** The built-in test image in colour, (3, size, size). */
    Tensor rgb() {
        if (rgb == null) {
            rgb = TestImage.rgb(size);
        }
        return rgb;
    }

    /** The built-in test image in grey, (1, size, size). */
    Tensor grey() {
        if (grey == null) {
            grey = TestImage.grey(size);
        }
        return grey;
    }

    int size() {
        return size;
    }

    /** Writes {@code t} as {@code img/<name>.png}, mapped for display by {@code display}; returns its relative path. */
    String png(String name, Tensor t, Display display) throws IOException {
        String rel = "img/" + name + ".png";
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Images.writeMap(p, t, display);
        return rel;
    }

    /**
     * The animation of {@code spec}, drawn by convkit-viz from the engine's geometry, as
     * {@code anim/<name>.svg}; returns the figure that shows it.
     */
    String animation(String name, AnimationSpec spec, String caption) throws IOException {
        Animation a = Animations.build(spec);
        String rel = svg("anim", name, SvgAnimation.render(a));
        return "<figure class=\"anim\"><img src=\"" + rel + "\" alt=\"" + Html.esc(a.spec().operation().title())
                + " animation\"><figcaption>" + caption + "</figcaption></figure>";
    }

    /** Writes an SVG document as {@code anim/<name>.svg} (animations) or wherever {@code dir} says. */
    String svg(String dir, String name, String svg) throws IOException {
        String rel = dir + "/" + name + ".svg";
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, svg, StandardCharsets.UTF_8);
        return rel;
    }
}
