package org.convkit.algo;

import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.spec.ConvProblem;
import org.convkit.tensor.Tensor;

/**
 * Runs one pass of a fast algorithm and of the reference engine on the same data and measures the
 * difference against the algorithm's own budget, as AlgorithmConformanceTest does:
 * {@code |fast - exact| <= c * u * sum|terms| + 2 u |exact|} per element, u = 2^-24, with
 * sum|terms| the same pass on absolute values. The one such helper of the algorithm tests (gemm,
 * pointwise, winograd, depthwise, fft, separable).
 */
public final class ReferenceCheck {
    public static final double U = 0x1p-24;

    private final ConvProblem p;
    private final Pass pass;
    private final float[] big;
    private final float[] small;
    private final float[] weight;
    private final float[] bias;

    /** Data uniform in [lo, 1): lo = -1 for signed, 0 for all-positive data; a bias for GATHER and SCATTER. */
    public ReferenceCheck(ConvProblem p, Pass pass, long seed, float lo) {
        this(p, pass, Tensor.uniform(seed, lo, 1, p.bigShape()).data(),
                Tensor.uniform(seed + 1, lo, 1, p.smallShape()).data(),
                Tensor.uniform(seed + 2, lo, 1, p.weightShape()).data(),
                pass == Pass.WEIGHT_GRAD ? null : Tensor.uniform(seed + 3, lo, 1,
                        pass == Pass.GATHER ? p.smallChannels() : p.bigChannels()).data());
    }

    /**
     * Given data; {@code big} is read by GATHER and WEIGHT_GRAD, {@code small} by SCATTER and
     * WEIGHT_GRAD, {@code weight} by GATHER and SCATTER (the others may be null); bias may be null.
     */
    public ReferenceCheck(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias) {
        this.p = p;
        this.pass = pass;
        this.big = big != null ? big : new float[Math.toIntExact(Tensor.numel(p.bigShape()))];
        this.small = small != null ? small : new float[Math.toIntExact(Tensor.numel(p.smallShape()))];
        this.weight = weight != null ? weight : new float[Math.toIntExact(Tensor.numel(p.weightShape()))];
        this.bias = bias;
    }

    /** The pass's output, computed by {@code a} on {@code threads} threads (the output array starts as NaN). */
    public float[] run(ConvAlgorithm a, int threads) {
        float[] b = pass == Pass.SCATTER ? nan(big.length) : big.clone();
        float[] s = pass == Pass.GATHER ? nan(small.length) : small.clone();
        float[] w = pass == Pass.WEIGHT_GRAD ? nan(weight.length) : weight.clone();
        a.run(p, pass, b, s, w, bias == null ? null : bias.clone(), threads);
        return pass == Pass.GATHER ? s : pass == Pass.SCATTER ? b : w;
    }

    /** Compares {@code a} on one thread with the reference. */
    public Outcome compare(ConvAlgorithm a) {
        return compare(a, 1);
    }

    /** Compares {@code a} on {@code threads} threads with the reference. */
    public Outcome compare(ConvAlgorithm a, int threads) {
        ReferenceAlgorithm ref = new ReferenceAlgorithm();
        float[] got = run(a, threads);
        float[] exact = run(ref, 1);
        float[] scale = new ReferenceCheck(p, pass, abs(big), abs(small), abs(weight), abs(bias)).run(ref, 1);
        double c = a.errorBound(p, pass);
        double ofBudget = 0;
        double inU = 0;
        String where = "";
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs((double) got[i] - exact[i]);
            double budget = c * U * scale[i] + 2 * U * Math.abs(exact[i]);
            double of = err == 0 ? 0 : err <= Double.MAX_VALUE ? err / budget : Double.POSITIVE_INFINITY;
            if (!(of <= ofBudget)) {
                ofBudget = of;
                where = a.id().label() + " " + pass + " of " + p.geometry() + ": element " + i + " is " + got[i]
                        + ", the reference " + exact[i] + ", budget " + budget;
            }
            inU = Math.max(inU, err == 0 ? 0 : err / (U * scale[i]));
        }
        return new Outcome(got, ofBudget, inU, where);
    }

    /**
     * @param ofBudget the largest error as a fraction of its budget (at most 1 to pass)
     * @param inU the largest error in units of u * sum|terms| of its element: the measured c
     * @param where the element with the largest fraction, described, or "" when all are exact
     */
    public record Outcome(float[] got, double ofBudget, double inU, String where) {
    }

    private static float[] nan(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    private static float[] abs(float[] a) {
        if (a == null) {
            return null;
        }
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }
}
