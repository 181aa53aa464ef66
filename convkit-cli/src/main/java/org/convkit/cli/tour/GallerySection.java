package org.convkit.cli.tour;

import java.io.IOException;
import java.util.List;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.viz.AnimationSpec;

/**
 * Every figure of the classic convolution arithmetic guide (Dumoulin and Visin, 2016) redrawn by
 * the engine: the convolutions with and without padding and strides, each one's transpose, and
 * dilation. Each caption gives the numbers and the output size the engine computes for them.
 */
final class GallerySection implements TourSection {
    /** One figure: a square input, kernel, stride, padding, dilation, and for a transpose its output padding. */
    record Figure(String id, String title, int input, int kernel, int stride, int padding, int dilation,
                  boolean transposed, int outputPadding) {
        ConvSpec spec() {
            return ConvSpec.defaults().withStride(stride, stride).withPadding(Padding.of(padding, padding))
                    .withDilation(dilation, dilation).withOutputPadding(outputPadding, outputPadding);
        }

        Geometry geometry() {
            int[] in = {input, input};
            int[] k = {kernel, kernel};
            return transposed ? Geometry.convTranspose(in, k, spec()) : Geometry.conv(in, k, spec());
        }

        /** The figure's numbers, then the output size the engine computes. */
        String caption() {
            int out = geometry().output()[0];
            return (transposed ? "Transposed, " + Character.toLowerCase(title.charAt(0)) + title.substring(1) : title)
                    + ": input " + input + "x" + input + ", kernel " + kernel + "x" + kernel + ", stride " + stride
                    + ", padding " + padding + (dilation > 1 ? ", dilation " + dilation : "")
                    + (outputPadding > 0 ? ", output padding " + outputPadding : "") + " \u2192 output " + out + "x" + out
                    + ".";
        }
    }

    /** The convolutions of the guide; each but the dilated one is followed by its transpose. */
    private static final List<Figure> CONVOLUTIONS = List.of(
            new Figure("no-padding-no-strides", "No padding, unit strides", 4, 3, 1, 0, 1, false, 0),
            new Figure("arbitrary-padding", "Arbitrary padding, unit strides", 5, 4, 1, 2, 1, false, 0),
            new Figure("half-padding", "Half ('same') padding, unit strides", 5, 3, 1, 1, 1, false, 0),
            new Figure("full-padding", "Full padding, unit strides", 5, 3, 1, 2, 1, false, 0),
            new Figure("no-padding-strides", "No padding, stride 2", 5, 3, 2, 0, 1, false, 0),
            new Figure("padding-strides", "Padding, stride 2", 5, 3, 2, 1, 1, false, 0),
            new Figure("padding-strides-odd", "Padding, stride 2, an odd-sized input", 6, 3, 2, 1, 1, false, 0));

    /**
     * The figures in order: each convolution, then its transpose (from the convolution's output back
     * to its input's size: the odd case needs an output padding of 1 to reach 6), then dilation.
     */
    static final List<Figure> FIGURES = figures();

    private static List<Figure> figures() {
        List<Figure> all = new java.util.ArrayList<>();
        for (Figure c : CONVOLUTIONS) {
            all.add(c);
            int out = c.geometry().output()[0];
            int extra = c.input() - (new Figure("", "", out, c.kernel(), c.stride(), c.padding(), 1, true, 0)
                    .geometry().output()[0]);
            all.add(new Figure(c.id() + "-transposed", c.title(), out, c.kernel(), c.stride(), c.padding(), 1, true, extra));
        }
        all.add(new Figure("dilation", "Dilation 2, no padding, unit strides", 7, 3, 1, 0, 2, false, 0));
        return List.copyOf(all);
    }

    @Override
    public String id() {
        return "gallery";
    }

    @Override
    public String title() {
        return "The arithmetic gallery";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        StringBuilder figures = new StringBuilder();
        for (Figure f : FIGURES) {
            AnimationSpec spec = AnimationSpec.of(new int[] {f.input(), f.input()}, new int[] {f.kernel()})
                    .withStride(f.stride()).withPadding(Padding.of(f.padding(), f.padding()))
                    .withDilation(f.dilation()).withTransposed(f.transposed());
            if (f.outputPadding() > 0) {
                spec = spec.withOutputPadding(f.outputPadding());
            }
            figures.append(a.animation(id() + "-" + f.id(), spec, Html.esc(f.caption())));
        }
        return """
                <p>The figures of Dumoulin and Visin's <em>A guide to convolution arithmetic for deep
                learning</em>, each drawn by convkit's own geometry from the numbers in its caption: the
                input, the padding around it, the kernel's window moving over them, and the output it
                fills. Every convolution is followed by its transpose, which goes from the convolution's
                output size back to its input's size with the same kernel, stride and padding: zero padding
                p becomes k - 1 - p on the transpose's side, and a stride s spreads the input's cells s apart.
                An odd-sized input (the pair before dilation) leaves one row and column that no stride-2 window
                reaches, so the transpose needs an output padding of 1 to give the size back.</p>
                <div class="figures gallery">%s</div>
                """.formatted(figures);
    }
}
