package org.convkit.algo.separable;

import java.util.Locale;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.Ints;

/**
 * The 1-D factors of a weight whose every (output, input) kernel slice is rank 1: slice
 * {@code w[oc, ci]} equals {@code f_0 (x) f_1 (x) ... (x) f_{D-1}}, one factor per spatial
 * dimension (column and row for 2-D). Immutable.
 *
 * <p>Found exactly, not fitted: the pivot is the slice's largest-magnitude element; the factor along
 * dimension 0 is the slice's line through the pivot along that dimension, and each other factor is
 * the line along its dimension divided by the pivot (at most 1 in magnitude, so no pass grows past
 * the direct convolution's magnitudes). The slice counts as rank 1 when the product of the factors, rounded
 * to float as they will be used, rebuilds every element within {@link #TOLERANCE} ulps of that
 * element: a tolerance relative to each element, not to the largest one, so that the error the
 * factoring adds to a convolution stays proportional to sum |x * w| like every other rounding. An
 * all-zero slice is rank 0 and factors into zeros. Gaussian, box, Sobel, Prewitt and any outer
 * product computed in float pass; a random kernel fails by orders of magnitude.
 */
public final class SeparableFactors {
    /**
     * Per-element tolerance, in units of 2^-24 |w|: the kernel's own rounding (an outer product
     * computed in float is one rounding away from exact, a normalized one two, a 3-D one three), the
     * pivot-line ratios (about three), and the factors' rounding to float (one per dimension).
     */
    public static final double TOLERANCE = 16;

    private static final double U = 0x1p-24;

    private final int dims;
    /** [slice][dimension][tap] */
    private final float[][][] factors;

    private SeparableFactors(int dims, float[][][] factors) {
        this.dims = dims;
        this.factors = factors;
    }

    /** Number of kernel slices: C_small * C_big / groups, indexed {@code oc * C_big/groups + ci}. */
    public int slices() {
        return factors.length;
    }

    public int dims() {
        return dims;
    }

    /** The factor of slice {@code s} along spatial dimension {@code dim} (a copy). */
    public float[] factor(int s, int dim) {
        return factors[s][dim].clone();
    }

    float[] factorView(int s, int dim) {
        return factors[s][dim];
    }

    /** The factors of every slice of {@code weight}, or null when one slice is not rank 1. */
    static SeparableFactors of(ConvProblem p, float[] weight) {
        return factor(p, weight, null);
    }

    /** As {@link #of}, and on failure appends the first slice that is not rank 1, and by how much, to {@code why}. */
    static SeparableFactors factor(ConvProblem p, float[] weight, StringBuilder why) {
        int[] kernel = p.geometry().kernel();
        int taps = 1;
        for (int k : kernel) {
            taps *= k;
        }
        int slices = p.smallChannels() * (p.bigChannels() / p.groups());
        if (weight.length != (long) slices * taps) {
            throw new IllegalArgumentException("the weight has " + weight.length + " elements but the problem's weight "
                    + java.util.Arrays.toString(p.weightShape()) + " has " + (long) slices * taps);
        }
        float[][][] f = new float[slices][][];
        for (int s = 0; s < slices; s++) {
            f[s] = slice(kernel, weight, s * taps, taps);
            double worst = worstMismatch(kernel, weight, s * taps, taps, f[s]);
            if (worst > TOLERANCE) {
                if (why != null) {
                    int csg = p.bigChannels() / p.groups();
                    // the sentence first, for people; the numerical terms after it, for those who know them
                    // (the mismatch is relative to each element: a 0 the product misses is infinitely off)
                    String miss = Double.isInfinite(worst) ? "has a 0 where the nearest such product has not"
                            : String.format(Locale.ROOT, "differs from the nearest such product by up to %.3g float32 "
                            + "rounding steps, where %.0f are allowed", worst, TOLERANCE);
                    why.append(String.format(Locale.ROOT, "the kernel does not split into a %s: its slice [%d, %d] "
                            + "(weight[%d][%d]) %s (not rank 1: the outer product of its lines through the largest "
                            + "element misses by %.3g ulps, tolerance %.0f)", kernel.length == 3
                            ? "product of 1-D kernels" : "column times a row", s / csg, s % csg, s / csg, s % csg, miss,
                            worst, TOLERANCE));
                }
                return null;
            }
        }
        return new SeparableFactors(kernel.length, f);
    }

    /** The factors of one slice through its largest-magnitude element (zeros for an all-zero slice). */
    private static float[][] slice(int[] kernel, float[] w, int base, int taps) {
        int dims = kernel.length;
        int pivot = 0;
        for (int t = 1; t < taps; t++) {
            if (Math.abs(w[base + t]) > Math.abs(w[base + pivot])) {
                pivot = t;
            }
        }
        double p = w[base + pivot];
        float[][] f = new float[dims][];
        if (p == 0) {
            for (int d = 0; d < dims; d++) {
                f[d] = new float[kernel[d]];
            }
            return f;
        }
        int[] stride = Ints.strides(kernel);
        int[] at = coords(pivot, kernel);
        // the first factor is the pivot's line along dimension 0, the others their lines over the pivot:
        // the product is the slice, exactly so for integer kernels such as Sobel whose lines the pivot divides
        for (int d = 0; d < dims; d++) {
            f[d] = new float[kernel[d]];
            int lineStart = base + pivot - at[d] * stride[d];
            for (int i = 0; i < kernel[d]; i++) {
                double v = w[lineStart + i * stride[d]];
                f[d][i] = (float) (d == 0 ? v : v / p);
            }
        }
        return f;
    }

    /** The largest |prod f - w| / (2^-24 |w|) over the slice; infinite where w = 0 but the product is not. */
    private static double worstMismatch(int[] kernel, float[] w, int base, int taps, float[][] f) {
        double worst = 0;
        for (int t = 0; t < taps; t++) {
            int rest = t;
            double prod = 1;
            for (int d = kernel.length - 1; d >= 0; d--) {
                prod *= f[d][rest % kernel[d]];
                rest /= kernel[d];
            }
            double err = Math.abs(prod - w[base + t]);
            if (err > 0) {
                worst = Math.max(worst, err / (U * Math.abs(w[base + t])));
            }
        }
        return worst;
    }

    private static int[] coords(int flat, int[] size) {
        int[] c = new int[size.length];
        for (int d = size.length - 1; d >= 0; d--) {
            c[d] = flat % size[d];
            flat /= size[d];
        }
        return c;
    }
}
