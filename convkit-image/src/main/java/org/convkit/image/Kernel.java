package org.convkit.image;

import java.util.Arrays;

import org.convkit.tensor.Tensor;

/**
 * A 2-D image kernel {@code (kh, kw)} with the name it was asked for and the {@link Display} its
 * results default to. The weights are applied as written, as a cross-correlation (OpenCV's
 * {@code filter2D}, SciPy's {@code correlate}): {@code sobel-x} is positive where the image gets
 * brighter to the right.
 *
 * @param name    what the user wrote ({@code gaussian:1.5}, {@code k.npy})
 * @param weights {@code (kh, kw)}
 * @param display {@link Display#ABS} when the weights sum to zero (edge and curvature detectors,
 *                whose results are signed and centred on 0), {@link Display#CLAMP} otherwise
 */
public record Kernel(String name, Tensor weights, Display display) {
    /**
     * Checks that the weights are 2-D.
     *
     * @param name what the user wrote
     * @param weights {@code (kh, kw)}
     * @param display the default mapping of its results
     * @throws IllegalArgumentException if the weights are not 2-D
     */
    public Kernel {
        if (weights.rank() != 2) {
            throw new IllegalArgumentException("kernel " + name + " has shape " + Arrays.toString(weights.shape())
                    + " but an image kernel is 2-D (kh, kw)");
        }
    }

    /**
     * A kernel with the default display for its weights (see {@link #display}).
     *
     * @param name what the user wrote
     * @param weights {@code (kh, kw)}
     * @return the kernel
     * @throws IllegalArgumentException if the weights are not 2-D
     */
    public static Kernel of(String name, Tensor weights) {
        return new Kernel(name, weights, sumsToZero(weights) ? Display.ABS : Display.CLAMP);
    }

    /**
     * The kernel's height.
     *
     * @return kh
     */
    public int height() {
        return weights.size(0);
    }

    /**
     * The kernel's width.
     *
     * @return kw
     */
    public int width() {
        return weights.size(1);
    }

    /**
     * The sum of the weights (1 for a blur, 0 for a derivative), in double.
     *
     * @return the sum
     */
    public double sum() {
        double s = 0;
        for (float w : weights.data()) {
            s += w;
        }
        return s;
    }

    /** Zero within the rounding of the weights themselves (a few float ulps of sum |w|). */
    static boolean sumsToZero(Tensor weights) {
        double s = 0;
        double abs = 0;
        for (float w : weights.data()) {
            s += w;
            abs += Math.abs(w);
        }
        return abs > 0 && Math.abs(s) <= 1e-6 * abs;
    }

    @Override
    public String toString() {
        return name + " " + height() + "x" + width();
    }
}
