package org.convkit.cli.tour;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.convkit.image.Display;
import org.convkit.image.ImageFilter;
import org.convkit.kernel.Factors;
import org.convkit.kernel.Separation;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;

/** Spatially separable convolution: Sobel as two 1-D passes, found by the kernel's SVD. */
final class SeparableSection implements TourSection {
    @Override
    public String id() {
        return "separable";
    }

    @Override
    public String title() {
        return "Spatially separable convolution";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        Tensor sobel = ImageMath.kernel(3, 3, 1, 0, -1, 2, 0, -2, 1, 0, -1);
        Separation s = Separation.of(sobel);
        Factors f = s.factors().get(0);
        Tensor laplacian = ImageMath.kernel(3, 3, 0, 1, 0, 1, -4, 1, 0, 1, 0);
        Separation l = Separation.of(laplacian);

        Tensor grey = a.grey();
        Tensor direct = ImageFilter.apply(grey, sobel, PaddingMode.REPLICATE);
        Tensor passes = s.apply(grey, ImageFilter.spec(sobel, PaddingMode.REPLICATE));
        double diff = direct.maxAbsDiff(passes);
        String column = a.animation(id() + "-column", AnimationSpec.of(new int[] {5, 5}, new int[] {3, 1})
                .withPadding("same"), "First pass: the 3x1 column [1, 2, 1].");
        String row = a.animation(id() + "-row", AnimationSpec.of(new int[] {5, 5}, new int[] {1, 3})
                .withPadding("same"), "Second pass: the 1x3 row [1, 0, -1].");
        return """
                <p>Some kernels are the outer product of a column and a row. Then convolving with the 2-D
                kernel equals convolving with the column, then with the row: two 1-D passes instead of one
                2-D one. Sobel's kernel is the classic case; convkit finds its factors with a singular value
                decomposition (rank %d: one singular value above the tolerance; singular values %s):</p>
                <div class="matrices">%s<span>=</span>%s<span>x</span>%s</div>
                <p>So it needs %d weights instead of %d, and %d multiplications per output pixel instead of
                %d. Not every kernel separates: the Laplacian has rank %d (singular values %s), so it needs %d
                pairs of passes, %d weights in all, more than the %d of the 3x3 kernel itself.</p>
                <div class="matrices">%s</div>
                <p>That limitation is why spatially separable convolutions are rare in deep learning;
                EffNet builds something close to them by stacking 1xN and Nx1 layers and letting training find the weights.</p>
                <div class="figures">%s%s</div>
                <h3>On the test image</h3>
                <p>Sobel applied directly, and as the two 1-D passes of its factors: the results agree to
                %s (float rounding).</p>
                <div class="figures">%s%s%s</div>
                """.formatted(s.rank(), values(s.singularValues()), Html.matrix(sobel, 0, "Sobel x"),
                Html.matrix(Tensor.of(toFloat(f.column()), 3, 1), 0, "column"),
                Html.matrix(Tensor.of(toFloat(f.row()), 1, 3), 0, "row"),
                s.parameters().separable(), s.parameters().full(), s.multipliesPerOutput().separable(),
                s.multipliesPerOutput().full(), l.rank(), values(l.singularValues()), l.rank(), l.parameters().separable(),
                l.parameters().full(), Html.matrix(laplacian, 0, "Laplacian"), column, row,
                Html.num(diff, 7),
                Html.figure(a.png("separable-input", grey, Display.CLAMP), "test image", "input"),
                Html.figure(a.png("separable-direct", direct, Display.SYMMETRIC), "Sobel, direct", "Sobel, 3x3 kernel"),
                Html.figure(a.png("separable-passes", passes, Display.SYMMETRIC), "Sobel, two passes",
                        "Sobel, 3x1 then 1x3"));
    }

    private static String values(double[] v) {
        return Arrays.stream(v).mapToObj(d -> Html.num(d, 3)).collect(Collectors.joining(", "));
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
