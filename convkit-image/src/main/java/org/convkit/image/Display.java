package org.convkit.image;

import java.util.Locale;

import org.convkit.tensor.Tensor;

/**
 * How values outside [0, 1] become displayable intensities before an 8-bit image is written. A
 * filter's result is exact and may be negative (Sobel, Laplacian) or larger than 1 (an unnormalized
 * kernel); the file can only hold [0, 1]. Every mapping clamps its result to [0, 1] at the end and
 * keeps NaN as NaN (which {@link Images#write} then writes as 0).
 *
 * <p>The first three are pointwise, so the same value always gives the same grey whatever the rest
 * of the image holds; the last two depend on the whole tensor (its range over all channels, so that
 * colours keep their balance), which suits feature maps whose scale is unknown.
 */
public enum Display {
    /** {@code x}, clamped: for results that are already intensities (blur, sharpen, emboss). */
    CLAMP,
    /** {@code |x|}, clamped: edge strength without its sign (the default for zero-sum kernels). */
    ABS,
    /** {@code 0.5 + x/2}, clamped: zero is mid-grey, the sign shows as darker or lighter. */
    SHIFT,
    /** {@code (x - min) / (max - min)} over the finite values; a constant tensor gives 0. */
    MINMAX,
    /** {@code 0.5 + x / (2 max|x|)} over the finite values: zero stays mid-grey; all zeros give 0.5. */
    SYMMETRIC;

    /**
     * A new tensor of the same shape with this mapping applied; {@code t} is not changed.
     *
     * @param t any tensor
     * @return values in [0, 1]
     */
    public Tensor apply(Tensor t) {
        float[] x = t.data();
        float[] y = new float[x.length];
        double scale = 1;
        double offset = 0;
        if (this == MINMAX || this == SYMMETRIC) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double absMax = 0;
            for (float v : x) {
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    absMax = Math.max(absMax, Math.abs(v));
                }
            }
            if (this == MINMAX) {
                scale = hi > lo ? 1 / (hi - lo) : 0;
                offset = hi > lo ? -lo * scale : 0;
            } else {
                scale = absMax > 0 ? 0.5 / absMax : 0;
                offset = 0.5;
            }
        }
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            switch (this) {
                case ABS:
                    v = Math.abs(v);
                    break;
                case SHIFT:
                    v = 0.5 + 0.5 * v;
                    break;
                case MINMAX:
                case SYMMETRIC:
                    v = offset + scale * v;
                    break;
                default:
                    break;
            }
            // NaN fails both comparisons and stays NaN; infinities clamp like any other value
            y[i] = (float) (v < 0 ? 0 : v > 1 ? 1 : v);
        }
        return Tensor.of(y, t.shape());
    }

    /**
     * Parses {@code clamp|abs|shift|minmax|symmetric} (case-insensitive).
     *
     * @param s the name
     * @return the mapping
     * @throws IllegalArgumentException if it is none of them (the message lists them)
     */
    public static Display parse(String s) {
        for (Display d : values()) {
            if (d.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("display '" + s + "' is not one of clamp, abs, shift, minmax, symmetric");
    }

    /**
     * The name in lower case, as the command line takes it.
     *
     * @return for example {@code "minmax"}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
