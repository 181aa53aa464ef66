package org.convkit.cli.tour;

import java.io.IOException;

import org.convkit.image.Display;
import org.convkit.Pool;
import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;

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
        // one example throughout: the formula, the tables and the animation are the same 4x4 map
        Tensor x = GuideExamples.poolingInput();
        PoolSpec maxSpec = GuideExamples.pooling(PoolSpec.Kind.MAX);
        Tensor max = Pool.forward(x, maxSpec);
        Tensor avg = Pool.forward(x, GuideExamples.pooling(PoolSpec.Kind.AVG));
        int n0 = GuideExamples.POOLING_SIZE;
        int k = GuideExamples.POOLING_WINDOW;
        Geometry g = Geometry.pool(new int[] {n0, n0}, maxSpec);
        String window = k + "x" + k;
        String anim = a.animation(id(), GuideExamples.poolingAnimation(), window + " max pooling, stride " + k
                + ", on the " + n0 + "x" + n0 + " map of the tables: each output keeps the largest of the "
                + k * k + " inputs under the window.");
        int n1 = GuideExamples.CEIL_SIZE;
        Geometry floor = Geometry.pool(new int[] {n1, n1}, maxSpec);
        Geometry ceil = Geometry.pool(new int[] {n1, n1}, GuideExamples.ceilPooling(PoolSpec.Kind.MAX));
        String ceilAnim = a.animation(id() + "-ceil", GuideExamples.ceilAnimation(), window + " max pooling, stride "
                + k + ", ceil_mode, on a " + n1 + "x" + n1 + " map: the last window in each row and column covers"
                + " one input cell; the cells past the input are drawn but never read.");
        Tensor grey = a.grey();
        Tensor max2 = Pool.forward(grey, PoolSpec.max(2, 2));
        Tensor avg4 = Pool.forward(grey, PoolSpec.avg(4, 4));
        Tensor max4 = Pool.forward(grey, PoolSpec.max(4, 4));
        int n = a.size();
        String intro = """
                <p>Convolutional networks add one more stage: pooling. A window slides over each channel, as a
                kernel would, but instead of a weighted sum it reduces what it covers to one number: the
                largest value (max pooling) or the mean (average pooling). It has no weights. The stride
                defaults to the window's size, so windows do not overlap and each side shrinks by that
                factor. Pooling follows the same size arithmetic as convolution (AlexNet's overlapping 3x3
                windows at stride 2 included); for the %s window with stride %d on the %dx%d map below:</p>
                """.formatted(window, k, n0, n0);
        String example = """
                <div class="matrices">%s%s%s</div>
                <div class="figures">%s</div>
                """.formatted(Html.matrix(x, 0, "input (" + size(x) + ")"),
                Html.matrix(max, 0, window + " max pooling, stride " + k + ": " + size(max)),
                Html.matrix(avg, 2, window + " average pooling, stride " + k + ": " + size(avg)), anim);
        String ceilText = """
                <p>When the windows do not tile the map, the size rounds down: on a %dx%d map the last row and
                column are dropped, %s. PyTorch's <code>ceil_mode</code> rounds up instead, %s, adding windows
                that hang past the input and pool only what is under them:</p>
                """.formatted(n1, n1, Ints.times(floor.output()), Ints.times(ceil.output()));
        String rest = """
                <div class="figures">%s</div>
                <p>Padding, strides, dilation, pooling and upsampling are the levers that set every layer's
                output size; the arithmetic above is the same for all of them.</p>
                <h3>On the test image</h3>
                <p>Max pooling keeps the brightest pixel of each window, so thin light lines survive and thin
                dark ones disappear; average pooling blurs both alike.</p>
                <div class="figures">%s%s%s%s</div>
                """.formatted(ceilAnim,
                Html.figure(a.png("pooling-input", grey, Display.CLAMP), "test image", "input, %dx%d".formatted(n, n)),
                Html.figure(a.png("pooling-max2", max2, Display.CLAMP), "2x2 max", "2x2 max pooling: " + size(max2)),
                Html.figure(a.png("pooling-max4", max4, Display.CLAMP), "4x4 max", "4x4 max pooling: " + size(max4)),
                Html.figure(a.png("pooling-avg4", avg4, Display.CLAMP), "4x4 average", "4x4 average pooling: " + size(avg4)));
        return intro + Html.formula(g.explain()) + example + ceilText + Html.formula(ceil.explain()) + rest;
    }

    /** "4x4": a map's height and width, whatever dimensions come before them. */
    private static String size(Tensor t) {
        int[] s = t.shape();
        return s[s.length - 2] + "x" + s[s.length - 1];
    }
}
