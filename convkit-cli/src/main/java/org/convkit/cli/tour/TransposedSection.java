package org.convkit.cli.tour;

import java.io.IOException;

import org.convkit.image.Display;
import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;

/** Transposed convolution: the shape goes back, the values do not. */
final class TransposedSection implements TourSection {
    @Override
    public String id() {
        return "transposed";
    }

    @Override
    public String title() {
        return "Transposed convolution";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        ConvSpec s2 = ConvSpec.defaults().withStride(2);
        // the guide's example: 5x5 input, 3x3 kernel, stride 2, no padding -> 2x2, and back
        Tensor x = Tensor.arange(1, 1, 5, 5);
        float[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
            xd[i] += 1;
        }
        Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 1, 0, 0, 1, 1}, 1, 1, 3, 3);
        Tensor y = Conv.forward(x, w, s2);
        Tensor back = ConvTranspose.forward(y, w, s2);
        double diff = x.maxAbsDiff(back);
        Geometry down = Geometry.conv(new int[] {5, 5}, new int[] {3, 3}, s2);
        Geometry up = Geometry.convTranspose(new int[] {2, 2}, new int[] {3, 3}, s2);
        // the adjoint identity <C x, v> = <x, C^T v> with a second, arbitrary 2x2 v
        Tensor v = Tensor.of(new float[] {2, -1, 3, 1}, 1, 1, 2, 2);
        double left = ImageMath.dot(Conv.forward(x, w, s2), v);
        double right = ImageMath.dot(x, ConvTranspose.forward(v, w, s2));

        String anim = a.animation(id(), AnimationSpec.of(new int[] {2, 2}, new int[] {3}).withStride(2)
                .withTransposed(true), "A transposed convolution, 3x3 kernel, stride 2: each of the 2x2 inputs "
                + "spreads its value, weighted by the kernel, over a 3x3 patch of the 5x5 output; overlaps add.");

        // downsample the test image by 2 (a 2x2 average at stride 2), then upsample with a bilinear transposed conv
        Tensor grey = a.grey();
        int n = a.size();
        Tensor small = ImageMath.perChannel(grey, ImageMath.scaled(2, 2, 4f, 1, 1, 1, 1), s2);
        Tensor bilinear = ImageMath.scaled(4, 4, 16f, 1, 3, 3, 1, 3, 9, 9, 3, 3, 9, 9, 3, 1, 3, 3, 1);
        ConvSpec upSpec = ConvSpec.defaults().withStride(2).withPadding(Padding.of(1));
        Tensor upsampled = ConvTranspose.forward(small, Tensor.of(bilinear.data(), 1, 1, 4, 4), upSpec);
        double psnr = ImageMath.psnr(grey, ImageMath.clamp01(upsampled));
        int m = small.shape()[1];
        return """
                <p>A transposed convolution (also called fractionally strided, and often, wrongly, a
                deconvolution) runs a convolution backwards: the kernel still defines the connections, but
                the forward and backward passes are swapped. Where a strided convolution makes a map smaller,
                its transpose makes it larger, from the shape of a convolution's output to the shape of its
                input, with the same pattern of connections. That is why decoders of convolutional
                autoencoders, GAN generators, semantic segmentation networks and super-resolution networks
                use it to upsample. It is also exactly the gradient of a convolution with respect to its
                input, which is how libraries compute it.</p>
                <p>The guide's example: a 5x5 input, a 3x3 kernel, stride 2 and no padding give a 2x2 output;
                the transposed convolution with the same settings takes a 2x2 map back to 5x5:</p>
                """ + Html.formula(down.explain() + "\n" + up.explain()) + """
                <div class="figures">%s</div>
                <h3>The shape comes back; the values do not</h3>
                <p>A transposed convolution is not an inverse. Convolve the 5x5 input x below with the kernel
                w at stride 2, then apply the transposed convolution with the same w: the result has x's shape
                but not its values (the largest difference is %s). Twenty-five numbers cannot be rebuilt from
                four; what does hold is the adjoint identity &lt;C x, v&gt; = &lt;x, C<sup>T</sup> v&gt;,
                here %s = %s for v = [[2, -1], [3, 1]].</p>
                <div class="matrices">%s%s%s%s</div>
                <h3>Upsampling the test image</h3>
                <p>The test image averaged over 2x2 blocks at stride 2 (%dx%d), then upsampled by a
                transposed convolution with a 4x4 bilinear kernel, stride 2, padding 1: (%d - 1) x 2 - 2 + 4 =
                %d. The size is restored; the detail lost by the averaging is not (PSNR against the original
                %s dB; the Siemens star's centre and the finest bars stay blurred).</p>
                <div class="figures">%s%s%s</div>
                """.formatted(anim, Html.num(diff, 3), Html.num(left, 3), Html.num(right, 3),
                Html.matrix(x, 0, "input x (5x5)"), Html.matrix(w, 0, "kernel w (3x3)"),
                Html.matrix(y, 0, "y = conv(x, w), stride 2 (2x2)"),
                Html.matrix(back, 0, "convT(y, w), stride 2 (5x5): not x"),
                m, m, m, upsampled.shape()[1], Html.num(psnr, 1),
                Html.figure(a.png("transposed-input", grey, Display.CLAMP), "test image", "input, %dx%d".formatted(n, n)),
                Html.figure(a.png("transposed-small", small, Display.CLAMP), "downsampled",
                        "2x2 average, stride 2: %dx%d".formatted(m, m)),
                Html.figure(a.png("transposed-up", upsampled, Display.CLAMP), "upsampled",
                        "transposed convolution, stride 2: %dx%d".formatted(upsampled.shape()[1], upsampled.shape()[2])));
    }
}
