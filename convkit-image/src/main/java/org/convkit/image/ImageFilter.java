package org.convkit.image;

import java.util.Arrays;

import org.convkit.ConvOptions;
import org.convkit.plan.Plan;
import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/**
 * One 2-D kernel applied to every channel of an image, the output the same size as the input.
 *
 * <p>It is {@link Conv#forward} on the channels as a batch ({@code (C, 1, H, W)} with a
 * {@code (1, 1, kh, kw)} weight), so the planner chooses the algorithm: a rank-1 kernel (box,
 * Gaussian, Sobel, Scharr, identity) runs as two 1-D passes, large ones may go to the FFT, and the
 * result is the cross-correlation {@code y[i, j] = sum w[u, v] x[i + u - ah, j + v - aw]}.
 *
 * <p>Same size: the anchor is {@code (ah, aw) = ((kh - 1) / 2, (kw - 1) / 2)}, the centre of an odd
 * kernel; an even kernel has no centre and its extra row and column fall after the anchor, as in
 * PyTorch's {@code padding='same'} and TensorFlow's {@code 'SAME'} (OpenCV and SciPy put the anchor
 * at {@code k / 2} instead, one cell later).
 *
 * <p>Borders are the core's {@link PaddingMode}s: {@code zeros}; {@code reflect} mirrors about the
 * edge pixel without repeating it ({@code d c b | a b c d | c b a}: PyTorch's and NumPy's
 * {@code reflect}, OpenCV's {@code BORDER_REFLECT_101}, SciPy ndimage's {@code mirror}; SciPy's own
 * {@code reflect}, which repeats the edge, is not offered); {@code replicate} repeats the edge
 * pixel; {@code circular} wraps around. Reflect and circular keep working when the kernel is wider
 * than the image (the extension repeats).
 */
public final class ImageFilter {
    private ImageFilter() {
    }

    /**
     * {@link #apply(Tensor, Tensor, PaddingMode, ConvOptions)} with the planner's defaults.
     *
     * @param image {@code (C, H, W)} or {@code (H, W)}, values in [0, 1] for an image read by {@link Images}
     * @param kernel a named or loaded kernel
     * @param border what lies beyond the image's edges (reflect, replicate, circular or zeros)
     * @return the filtered image, of the image's shape
     * @throws IllegalArgumentException if the image is not 2-D or 3-D
     */
    public static Tensor apply(Tensor image, Kernel kernel, PaddingMode border) {
        return apply(image, kernel.weights(), border, ConvOptions.defaults());
    }

    /**
     * {@link #apply(Tensor, Tensor, PaddingMode, ConvOptions)} with the planner's defaults.
     *
     * @param image {@code (C, H, W)} or {@code (H, W)}, values in [0, 1] for an image read by {@link Images}
     * @param kernel {@code (kh, kw)}
     * @param border what lies beyond the image's edges (reflect, replicate, circular or zeros)
     * @return the filtered image, of the image's shape
     * @throws IllegalArgumentException if the image is not 2-D or 3-D, or the kernel not 2-D
     */
    public static Tensor apply(Tensor image, Tensor kernel, PaddingMode border) {
        return apply(image, kernel, border, ConvOptions.defaults());
    }

    /**
     * Filters {@code image} with {@code kernel}, every channel on its own; the result has the
     * image's shape. NaN propagates to every output that reads it.
     *
     * @param image {@code (C, H, W)} or {@code (H, W)}, values in [0, 1] for an image read by {@link Images}
     * @param kernel {@code (kh, kw)}, applied as written (a cross-correlation)
     * @param border what lies beyond the image's edges (reflect, replicate, circular or zeros)
     * @param options the algorithm, threads and tuning
     * @return the filtered image, of the image's shape
     * @throws IllegalArgumentException if the image is not 2-D or 3-D, or the kernel not 2-D
     */
    public static Tensor apply(Tensor image, Tensor kernel, PaddingMode border, ConvOptions options) {
        int[] batch = batchShape(image.shape());
        Tensor y = Conv.forward(image.reshape(batch), weight(kernel), null, spec(kernel, border), options);
        return y.reshape(image.shape());
    }

    /**
     * The plan {@link #apply} follows for an image of this shape.
     *
     * @param imageShape {@code (C, H, W)} or {@code (H, W)}
     * @param kernel {@code (kh, kw)}
     * @param border what lies beyond the image's edges (reflect, replicate, circular or zeros)
     * @param options the algorithm, threads and tuning
     * @return the plan: {@link Plan#explain()} says which algorithm and why
     */
    public static Plan plan(int[] imageShape, Tensor kernel, PaddingMode border, ConvOptions options) {
        return Conv.plan(batchShape(imageShape), weight(kernel), spec(kernel, border), options);
    }

    /**
     * The convolution this filter is: stride 1, padding {@code (k-1)/2} before and {@code k/2} after.
     *
     * @param kernel {@code (kh, kw)}
     * @param border what lies beyond the image's edges (reflect, replicate, circular or zeros)
     * @return the spec, with {@code border} as its padding mode
     */
    public static ConvSpec spec(Tensor kernel, PaddingMode border) {
        checkKernel(kernel);
        int kh = kernel.size(0);
        int kw = kernel.size(1);
        return ConvSpec.defaults()
                .withPadding(Padding.of(new int[] {(kh - 1) / 2, (kw - 1) / 2}, new int[] {kh / 2, kw / 2}))
                .withPaddingMode(border);
    }

    private static Tensor weight(Tensor kernel) {
        checkKernel(kernel);
        return kernel.reshape(1, 1, kernel.size(0), kernel.size(1));
    }

    private static void checkKernel(Tensor kernel) {
        if (kernel.rank() != 2 || kernel.size(0) < 1 || kernel.size(1) < 1) {
            throw new IllegalArgumentException("an image kernel is 2-D (kh, kw); got shape "
                    + Arrays.toString(kernel.shape()));
        }
    }

    private static int[] batchShape(int[] image) {
        if (image.length == 2) {
            return new int[] {1, 1, image[0], image[1]};
        }
        if (image.length == 3) {
            return new int[] {image[0], 1, image[1], image[2]};
        }
        throw new IllegalArgumentException("an image is (C, H, W) or (H, W); got shape " + Arrays.toString(image));
    }
}
