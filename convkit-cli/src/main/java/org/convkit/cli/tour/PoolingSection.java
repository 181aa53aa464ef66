package org.convkit.cli.tour;

import java.io.IOException;

import org.convkit.image.Display;
import org.convkit.Pool;
import org.convkit.spec.Geometry;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;

/** Pooling: a window that reduces instead of weighting. */
final class PoolingSection implements TourSection {
    @Override
    public String id() {
        return "pooling";
    }

    @Override
    public String title() {
        return "Pooling";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        Tensor x = Tensor.of(new float[] {1, 3, 2, 0, 5, 6, 1, 2, 7, 2, 9, 4, 0, 1, 3, 8}, 1, 4, 4);
        Tensor max = Pool.forward(x, PoolSpec.max(2, 2));
        Tensor avg = Pool.forward(x, PoolSpec.avg(2, 2));
        Geometry g = Geometry.pool(new int[] {7, 7}, PoolSpec.max(3, 3).withStride(2));
        String anim = a.animation(id(), AnimationSpec.of(new int[] {6, 6}, new int[] {2})
                .withPooling(AnimationSpec.Pooling.MAX), "2x2 max pooling, stride 2: each output keeps the "
                + "largest of the four inputs under the window.");
        Tensor grey = a.grey();
        Tensor max2 = Pool.forward(grey, PoolSpec.max(2, 2));
        Tensor avg4 = Pool.forward(grey, PoolSpec.avg(4, 4));
        Tensor max4 = Pool.forward(grey, PoolSpec.max(4, 4));
        int n = a.size();
        return """
                <p>Convolutional networks add one more stage: pooling. A window slides over each channel, as a
                kernel would, but instead of a weighted sum it reduces what it covers to one number: the
                largest value (max pooling) or the mean (average pooling). It has no weights. The stride
                defaults to the window's size, so windows do not overlap and each side shrinks by that
                factor. Pooling follows the same size arithmetic as convolution; for a 3x3 window with stride
                2 on a 7x7 map (the overlapping pooling of AlexNet):</p>
                """ + Html.formula(g.explain()) + """
                <div class="matrices">%s%s%s</div>
                <div class="figures">%s</div>
                <p>Padding, strides, dilation, pooling and upsampling are the levers that set every layer's
                output size; the arithmetic above is the same for all of them.</p>
                <h3>On the test image</h3>
                <p>Max pooling keeps the brightest pixel of each window, so thin light lines survive and thin
                dark ones disappear; average pooling blurs both alike.</p>
                <div class="figures">%s%s%s%s</div>
                """.formatted(Html.matrix(x, 0, "input (4x4)"), Html.matrix(max, 0, "2x2 max pooling: " + size(max2)),
                Html.matrix(avg, 2, "2x2 average pooling"), anim,
                Html.figure(a.png("pooling-input", grey, Display.CLAMP), "test image", "input, %dx%d".formatted(n, n)),
                Html.figure(a.png("pooling-max2", max2, Display.CLAMP), "2x2 max", "2x2 max pooling: " + size(max2)),
                Html.figure(a.png("pooling-max4", max4, Display.CLAMP), "4x4 max", "4x4 max pooling: " + size(max4)),
                Html.figure(a.png("pooling-avg4", avg4, Display.CLAMP), "4x4 average", "4x4 average pooling: " + size(avg4)));
    }

    private static String size(Tensor t) {
        return t.shape()[1] + "x" + t.shape()[2];
    }
}
