package org.convkit.algo.fft;

import java.util.SplittableRandom;

import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.algo.reference.ReferenceConv;
import org.convkit.spec.ConvProblem;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * Runs a gather with a fast algorithm and with the reference engine in double, and measures the
 * difference against the algorithm's stated budget. Shared by the FFT and separable tests.
 */
public final class AgainstReference {
    public static final double U = 0x1p-24;

    /**
     * What one comparison found. {@code worstOfBudget}: the largest |fast - exact| / (c u sum|x*w| +
     * 2u|exact|), which must stay at most 1. {@code worstC}: the largest (|fast - exact| - u|exact|) /
     * (u sum|x*w|), the c the data actually needed once the final rounding to float is set aside.
     */
    public record Result(float[] got, double worstOfBudget, double worstC, String where) {
    }

    private AgainstReference() {
    }

    /** Uniform [-1, 1) input, weight and bias drawn from {@code r}. */
    public static Result random(ConvAlgorithm a, ConvProblem p, SplittableRandom r, int threads) {
        float[] big = Tensor.uniform(r.nextLong(), -1, 1, p.inputShape()).data();
        float[] weight = Tensor.uniform(r.nextLong(), -1, 1, p.weightShape()).data();
        float[] bias = Tensor.uniform(r.nextLong(), -1, 1, p.outChannels()).data();
        return compare(a, p, big, weight, bias, threads);
    }

    public static Result compare(ConvAlgorithm a, ConvProblem p, float[] big, float[] weight, float[] bias, int threads) {
        float[] got = new float[Math.toIntExact(Tensor.numel(p.outputShape()))];
        a.run(p, Pass.GATHER, big, got, weight, bias == null ? null : bias.clone(), threads);
        double[] exact = gather(p, big, weight, bias, false);
        double[] scale = gather(p, big, weight, bias, true);
        double c = a.errorBound(p, Pass.GATHER);
        double worstOfBudget = 0;
        double worstC = 0;
        String where = "";
        for (int e = 0; e < got.length; e++) {
            double err = Math.abs(got[e] - exact[e]);
            double budget = c * U * scale[e] + 2 * U * Math.abs(exact[e]);
            double ofBudget = budget == 0 ? (err == 0 ? 0 : Double.POSITIVE_INFINITY) : err / budget;
            if (!(ofBudget <= worstOfBudget)) {
                worstOfBudget = ofBudget;
                where = "element " + e + ": got " + got[e] + ", exact " + exact[e] + ", sum|x*w| " + scale[e];
            }
            if (scale[e] > 0) {
                worstC = Math.max(worstC, (err - U * Math.abs(exact[e])) / (U * scale[e]));
            }
        }
        return new Result(got, worstOfBudget, worstC, where);
    }

    /** The exact gather in double; with {@code magnitudes}, of the absolute values (sum |terms|). */
    private static double[] gather(ConvProblem p, float[] big, float[] weight, float[] bias, boolean magnitudes) {
        DoubleTensor x = DoubleTensor.of(Tensor.of(abs(big, magnitudes), p.inputShape()));
        DoubleTensor w = DoubleTensor.of(Tensor.of(abs(weight, magnitudes), p.weightShape()));
        double[] b = null;
        if (bias != null) {
            b = new double[bias.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = magnitudes ? Math.abs(bias[i]) : bias[i];
            }
        }
        return ReferenceConv.gather(p, x, w, b).data();
    }

    private static float[] abs(float[] a, boolean on) {
        if (!on) {
            return a;
        }
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }
}
