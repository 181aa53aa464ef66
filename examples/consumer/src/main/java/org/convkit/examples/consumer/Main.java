package org.convkit.examples.consumer;

import java.util.Arrays;

import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.Convkit;
import org.convkit.Pool;
import org.convkit.deconv.Deconvolved;
import org.convkit.deconv.LeastSquares;
import org.convkit.deconv.Wiener;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;

/**
 * A library user's program: a 2-D convolution, a transposed convolution, a pooling and two
 * deconvolutions, printing each shape, then convkit's status (version, Java, vector kernels).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.uniform(1, -1, 1, 1, 3, 32, 32);       // (N, C, H, W)
        Tensor w = Tensor.uniform(2, -1, 1, 16, 3, 3, 3);        // 16 filters of 3x3x3
        ConvSpec s2 = ConvSpec.defaults().withStride(2).withPadding(1);

        Tensor y = Conv.forward(x, w, s2);
        print("conv2d", x, y);

        Tensor up = ConvTranspose.forward(y, w, s2.withOutputPadding(1));
        print("conv_transpose2d", y, up);

        Tensor pooled = Pool.forward(x, PoolSpec.max(2));
        print("max_pool2d", x, pooled);

        // true deconvolution: the layer's input back from its output, by least squares
        LeastSquares.Inversion back = LeastSquares.invert(y, w, null, s2, x.shape(), null,
                LeastSquares.Settings.defaults());
        print("least_squares", y, back.input());
        System.out.printf("least_squares max |x - back| = %.2e%n", maxAbsDiff(x, back.input()));

        // and a blur undone by a Wiener filter
        Tensor image = Tensor.uniform(3, 0, 1, 1, 32, 32);       // (C, H, W)
        Tensor psf = Tensor.full(1f / 9, 3, 3);
        Tensor blurred = Conv.forward(image.reshape(1, 1, 32, 32), psf.reshape(1, 1, 3, 3), ConvSpec.defaults()
                .withFlip(true).withPadding(Padding.same()).withPaddingMode(PaddingMode.REFLECT)).reshape(1, 32, 32);
        Deconvolved sharp = Wiener.deconvolve(blurred, psf);
        print("wiener", blurred, sharp.estimate());

        System.out.println(Convkit.status());
    }

    private static void print(String what, Tensor in, Tensor out) {
        System.out.println(what + ": " + Arrays.toString(in.shape()) + " -> " + Arrays.toString(out.shape()));
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.numel(); i++) {
            m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        }
        return m;
    }
}
