package org.convkit.algo.separable;

import java.util.Locale;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;

/**
 * Convolution with rank-1 kernels as 1-D passes: when every (output, input) kernel slice is an outer
 * product of 1-D factors ({@link SeparableFactors}; Gaussian, box, Sobel, Prewitt...), a 2-D gather
 * is a pass along the width with the row factors and a pass along the height with the column
 * factors, k_0 + k_1 multiply-adds per output instead of k_0 * k_1 (62 instead of 961 for 31x31);
 * 3-D adds a pass along the depth. Any stride (applied in each pass), dilation, padding, padding mode
 * (each pass reads through {@link org.convkit.spec.PaddingMode#source}, which is per dimension),
 * groups and flip (reversed factors), on 2-D and 3-D problems.
 *
 * <p>The weight decides, not the shape: {@link #unsupported} accepts every 2-D and 3-D gather with
 * more than one tap, {@link #unsupportedWeight} says when a weight is not rank 1 (so the planner
 * considers this algorithm only with the weight in hand, see {@link #needsWeight}), and {@link #run}
 * throws {@link IllegalStateException} if a plan made for a separable weight is run with another,
 * rather than compute something else.
 *
 * <p>Intermediates are bounded: the width pass feeds a ring of kernel-span rows (planes in 3-D), and
 * threads take runs of output rows of one (batch, output channel) image; every output is computed
 * from the same numbers in the same order whatever the split, so results are bitwise the same for
 * any thread count.
 */
public final class SeparableConv implements ConvAlgorithm {
    @Override
    public Algorithm id() {
        return Algorithm.SEPARABLE;
    }

    /** The factors of every kernel slice of {@code weight}, or null when one of them is not rank 1. */
    public static SeparableFactors factor(ConvProblem p, float[] weight) {
        return SeparableFactors.of(p, weight);
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        if (pass != Pass.GATHER) {
            return "it computes the gather (a convolution's forward pass, a transposed convolution's input gradient) "
                    + "only, not the " + pass.name().toLowerCase(Locale.ROOT);
        }
        if (p.geometry().dims() == 1) {
            return "a 1-D kernel has nothing to separate";
        }
        if (org.convkit.tensor.Tensor.numel(p.geometry().kernel()) == 1) {
            return "a one-tap kernel has nothing to separate";
        }
        return null;
    }

    @Override
    public boolean needsWeight() {
        return true;
    }

    @Override
    public String unsupportedWeight(ConvProblem p, Pass pass, float[] weight) {
        StringBuilder why = new StringBuilder();
        return SeparableFactors.factor(p, weight, why) == null ? why.toString() : null;
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        require(p, pass);
        Shape s = new Shape(p);
        double perChannel = SeparableCost.channel(s) + (double) s.sliceSize(0) * 2 * SeparableCost.COPY;
        long images = (long) p.batch() * p.smallChannels();
        return images * (p.bigChannels() / p.groups()) * perChannel / workers(p, threads);
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        require(p, pass);
        Shape s = new Shape(p);
        // the factors, and their copies oriented for the passes
        long factors = 2L * p.smallChannels() * (p.bigChannels() / p.groups()) * sum(s.kernel);
        return factors + workers(p, threads) * SeparableWorker.floats(s);
    }

    /**
     * c = sum of the kernel sizes + C_big/groups + 1 + {@link SeparableFactors#TOLERANCE}: each pass
     * accumulates k_d float products (about k_d roundings relative to sum |terms|), the input channels
     * and the bias are summed in float, and the factors rebuild each weight to within TOLERANCE of its
     * own magnitude.
     */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        return sum(p.geometry().kernel()) + p.bigChannels() / p.groups() + 1 + SeparableFactors.TOLERANCE;
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        require(p, pass);
        StringBuilder why = new StringBuilder();
        SeparableFactors f = SeparableFactors.factor(p, weight, why);
        if (f == null) {
            throw new IllegalStateException("separable cannot compute this convolution: " + why
                    + "; check SeparableConv.factor(problem, weight) before choosing it");
        }
        Shape s = new Shape(p);
        float[][][] factors = oriented(f, p.spec().flip());
        int images = p.batch() * p.smallChannels();
        int chunks = chunks(p, threads);
        int tasks = images * chunks;
        if (tasks == 0) {
            return;
        }
        int workers = workers(p, threads);
        int out0 = s.small[0];
        Parallel.forEach(workers, threads, w -> {
            SeparableWorker worker = new SeparableWorker(p, s, p.spec().paddingMode());
            for (int t = (int) ((long) tasks * w / workers); t < (long) tasks * (w + 1) / workers; t++) {
                int image = t / chunks;
                int c = t % chunks;
                worker.run(image / p.smallChannels(), image % p.smallChannels(), out0 * c / chunks, out0 * (c + 1) / chunks,
                        big, small, factors, bias);
            }
        });
    }

    /** The factors as the passes use them: reversed in every dimension for a true convolution. */
    private static float[][][] oriented(SeparableFactors f, boolean flip) {
        float[][][] out = new float[f.slices()][f.dims()][];
        for (int sl = 0; sl < f.slices(); sl++) {
            for (int d = 0; d < f.dims(); d++) {
                float[] v = f.factor(sl, d);
                if (flip) {
                    for (int i = 0, j = v.length - 1; i < j; i++, j--) {
                        float t = v[i];
                        v[i] = v[j];
                        v[j] = t;
                    }
                }
                out[sl][d] = v;
            }
        }
        return out;
    }

    /** Runs of output rows per image: enough for every thread to have work when images are few. */
    private static int chunks(ConvProblem p, int threads) {
        long images = (long) p.batch() * p.smallChannels();
        int out0 = p.smallSpatial()[0];
        return (int) Math.max(1, Math.min(out0, (threads + images - 1) / Math.max(1, images)));
    }

    private static int workers(ConvProblem p, int threads) {
        long tasks = (long) p.batch() * p.smallChannels() * chunks(p, threads);
        return (int) Math.max(1, Math.min(threads, tasks));
    }

    private void require(ConvProblem p, Pass pass) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException("separable cannot compute this " + pass.name().toLowerCase(Locale.ROOT)
                    + ": " + no);
        }
    }

    private static int sum(int[] v) {
        int s = 0;
        for (int x : v) {
            s += x;
        }
        return s;
    }
}
