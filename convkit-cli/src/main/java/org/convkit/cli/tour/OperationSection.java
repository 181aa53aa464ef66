package org.convkit.cli.tour;

import java.io.IOException;
import java.util.Arrays;

import org.convkit.image.Display;
import org.convkit.Conv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

/** The convolution operation and its arithmetic: the guide's 7x7x3 input, two 3x3x3 filters, stride 2. */
final class OperationSection implements TourSection {
    @Override
    public String id() {
        return "operation";
    }

    @Override
    public String title() {
        return "The convolution operation and its arithmetic";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        ConvSpec s2 = ConvSpec.defaults().withStride(2);
        ConvProblem guide = ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 3, 3}, s2);
        int[] out = guide.userOutputShape();
        String anim = a.animation(id(), GuideExamples.operationAnimation(), "Two 3x3x3 filters slide over a 7x7x3 input two cells at a time; "
                + "each position gives one value per filter.");

        // the same layer on a real picture: filter 0 averages all 27 inputs, filter 1 finds vertical edges in the luma
        Tensor rgb = a.rgb();
        float[] w = new float[2 * 3 * 9];
        float[] luma = {0.299f, 0.587f, 0.114f};
        float[] sobel = {1, 0, -1, 2, 0, -2, 1, 0, -1};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 9; i++) {
                w[c * 9 + i] = 1f / 27;
                w[27 + c * 9 + i] = luma[c] * sobel[i] / 4;
            }
        }
        Tensor y = Conv.forward(rgb, Tensor.of(w, 2, 3, 3, 3), s2);
        int[] ys = y.shape();
        int n = a.size();
        String in = a.png("operation-input", rgb, Display.CLAMP);
        String map0 = a.png("operation-map0", slice(y, 0), Display.CLAMP);
        String map1 = a.png("operation-map1", slice(y, 1), Display.SYMMETRIC);
        int half = ys[1];
        return """
                <p>A convolutional layer takes two inputs: an image of height x width x channels, and a set of
                <em>k</em> filters (kernels, feature detectors), each f x f x channels, with f usually 3 or 5.
                Each filter slides over the image; at each position it multiplies the cells it covers by its
                weights and adds the products up. Its output is again a 3-D image, n<sub>out</sub> x
                n<sub>out</sub> x k: one map per filter.</p>
                <p>How big n<sub>out</sub> is depends on the input size n<sub>in</sub>, the kernel size k, the
                padding p added on each side and the stride s (how far the filter jumps):</p>
                <pre class="formula">n_out = floor((n_in + 2p - k) / s) + 1</pre>
                <p>The guide's example is a 7x7x3 input, two 3x3x3 filters, no padding and stride 2.
                convkit works it out (with dilation d, which the next sections use; here d = 1):</p>
                """ + Html.formula(guide.geometry().explain()) + """
                <p>so the output is %s (channels first: %s), that is %dx%dx%d as the guide writes it.</p>
                <div class="figures">%s</div>
                <h3>The same layer on a picture</h3>
                <p>The same arithmetic on convkit's %dx%dx3 test image, with two 3x3x3 filters and stride 2:
                floor((%d - 3) / 2) + 1 = %d, so two %dx%d maps. The first filter averages its 27 inputs
                (a blur, in grey); the second weights the colours by their brightness and takes a horizontal
                difference (Sobel's kernel), so it answers to vertical edges: grey is zero, dark and light
                are the two signs.</p>
                <div class="figures">%s%s%s</div>
                """.formatted(Arrays.toString(out), "(C, H, W)", out[1], out[2], out[0], anim, n, n, n, half, half,
                half, Html.figure(in, "test image", "input, %dx%dx3".formatted(n, n)),
                Html.figure(map0, "filter 0 output", "filter 0: the average of 27 inputs, %dx%d".formatted(half, half)),
                Html.figure(map1, "filter 1 output", "filter 1: brightness-weighted Sobel, %dx%d".formatted(half,
                        half)));
    }

    /** Channel {@code c} of a (C, H, W) tensor, as (1, H, W). */
    static Tensor slice(Tensor t, int c) {
        int[] s = t.shape();
        int plane = s[1] * s[2];
        float[] d = Arrays.copyOfRange(t.data(), c * plane, (c + 1) * plane);
        return Tensor.of(d, 1, s[1], s[2]);
    }
}
