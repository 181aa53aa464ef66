package org.convkit.algo.reference;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * The reference engine as a planner candidate: every problem, every pass, single-threaded, in
 * double. Its cost model (about 1 ns per multiply-add, far slower than any fast path) makes the
 * planner pick it only when nothing else can run, or when it is forced.
 */
public final class ReferenceAlgorithm implements ConvAlgorithm {
    @Override
    public Algorithm id() {
        return Algorithm.REFERENCE;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        return null;
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        return 1.0 * macs(p) + 2.0 * (Tensor.numel(p.inputShape()) + Tensor.numel(p.outputShape()));
    }

    /** Multiply-adds of one pass: every (small cell, small channel, big channel of its group, tap). */
    public static double macs(ConvProblem p) {
        return (double) p.batch() * p.smallChannels() * Tensor.numel(p.smallSpatial())
                * (p.bigChannels() / p.groups()) * Tensor.numel(p.geometry().kernel());
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        // double copies of everything: the reference engine is not memory-bounded, by design
        return 2 * (Tensor.numel(p.inputShape()) + Tensor.numel(p.outputShape()) + Tensor.numel(p.weightShape()));
    }

    /** Double accumulation, then one rounding to float32: half an ulp, plus double's negligible error. */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        return 1.01;
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        int[] bigShape = p.bigShape();
        int[] smallShape = p.smallShape();
        DoubleTensor w = DoubleTensor.of(Tensor.of(weight, p.weightShape()));
        double[] b = bias == null ? null : DoubleTensor.of(Tensor.of(bias, bias.length)).data();
        switch (pass) {
            case GATHER:
                copy(ReferenceConv.gather(p, DoubleTensor.of(Tensor.of(big, bigShape)), w, b), small);
                break;
            case SCATTER:
                copy(ReferenceConv.scatter(p, DoubleTensor.of(Tensor.of(small, smallShape)), w, b), big);
                break;
            default:
                copy(ReferenceConv.weightGrad(p, DoubleTensor.of(Tensor.of(big, bigShape)),
                        DoubleTensor.of(Tensor.of(small, smallShape))), weight);
                break;
        }
    }

    private static void copy(DoubleTensor t, float[] out) {
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
    }
}
