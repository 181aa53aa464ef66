package org.convkit.algo.direct;

import org.convkit.algo.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Kernels;
import org.convkit.algo.Parallel;
import org.convkit.algo.Pass;
import org.convkit.algo.SimdKernels;
import org.convkit.algo.reference.Lattice;
import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * The convolution's GATHER computed one output row at a time: for every (big channel, tap) the row
 * gets {@code w * input row} added, a contiguous loop (for stride 1) that the JIT turns into vector
 * multiply-adds. The interior of each row (where the tap reads real cells) runs without any border
 * test; the few cells at the ends go through the padding mode.
 *
 * <p>Every output element sums its products in the reference engine's order (big channel, then
 * taps in row-major order), as fused multiply-adds in float, whichever kernels run (the vector axpy
 * and its scalar twin give the same bits): deterministic for any thread count (tasks are output
 * rows).
 */
public final class DirectConv implements ConvAlgorithm {
    /** Multiply-add rates per thread for the cost model (FLOP/s): contiguous rows, and strided ones. */
    static final double CONTIGUOUS_FLOPS = 12e9;
    static final double STRIDED_FLOPS = 2.5e9;
    /** Cost per (output row, big channel, tap pair) of setting up a row pass (ns), and per call. */
    static final double ROW_NS = 8;
    static final double CALL_NS = 5_000;

    @Override
    public Algorithm id() {
        return Algorithm.DIRECT;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        return pass == Pass.GATHER ? null : "direct computes convolutions' forward (gather) pass only";
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        Lattice l = new Lattice(p);
        double rate = (l.stride[2] == 1 ? CONTIGUOUS_FLOPS : STRIDED_FLOPS) * Math.min(threads, Parallel.CORES);
        double rows = (double) p.batch() * p.smallChannels() * l.small[0] * l.small[1]
                * (p.bigChannels() / p.groups()) * l.kernel[0] * l.kernel[1];
        return CALL_NS + 2 * ReferenceAlgorithm.macs(p) / rate * 1e9 + rows * ROW_NS / Math.min(threads, Parallel.CORES);
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        return 0;
    }

    /** A float sum of cbg * kv products per element. */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        return (double) p.bigChannels() / p.groups() * new Lattice(p).kernelVolume() + 2;
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        if (pass != Pass.GATHER) {
            throw new IllegalArgumentException(unsupported(p, pass));
        }
        Lattice l = new Lattice(p);
        int cs = p.smallChannels();
        int cb = p.bigChannels();
        int csg = cs / p.groups();
        int cbg = cb / p.groups();
        int rows = l.small[0] * l.small[1];
        Parallel.forEach(p.batch() * cs * rows, threads, task -> {
            int b = task / (cs * rows);
            int c = (task / rows) % cs;
            int r = task % rows;
            int out = ((b * cs + c) * rows + r) * l.small[2];
            java.util.Arrays.fill(small, out, out + l.small[2], bias == null ? 0f : bias[c]);
            int firstBig = (b * cb + c / csg * cbg);
            for (int j = 0; j < cbg; j++) {
                row(l, p.spec().paddingMode(), p.spec().flip(), r / l.small[1], r % l.small[1], big,
                        (firstBig + j) * l.bigVolume(), weight, (c * cbg + j) * l.kernelVolume(), small, out);
            }
        });
    }

    /** Adds one big channel's contribution to output row (o0, o1) starting at {@code out}. */
    private static void row(Lattice l, PaddingMode mode, boolean flip, int o0, int o1, float[] big, int bigBase,
                            float[] w, int wBase, float[] y, int out) {
        SimdKernels axpy = Kernels.active();
        int kv = l.kernelVolume();
        int n2 = l.small[2];
        int b2 = l.big[2];
        int s2 = l.stride[2];
        int k = 0;
        for (int k0 = 0; k0 < l.kernel[0]; k0++) {
            int i0 = mode.source(l.position(0, o0, k0), l.big[0]);
            for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                int i1 = mode.source(l.position(1, o1, k1), l.big[1]);
                for (int k2 = 0; k2 < l.kernel[2]; k2++, k++) {
                    if (i0 < 0 || i1 < 0) {
                        continue; // a zero row of padding adds nothing (only ZEROS returns -1)
                    }
                    float wv = w[wBase + (flip ? kv - 1 - k : k)];
                    int rowBase = bigBase + (i0 * l.big[1] + i1) * b2;
                    int off = k2 * l.dilation[2] - l.padBefore[2]; // input index = o2 * s2 + off
                    // interior: 0 <= o2*s2 + off <= b2 - 1
                    int lo = off >= 0 ? 0 : (-off + s2 - 1) / s2;
                    int hi = Math.min(n2, b2 - 1 - off < 0 ? 0 : (b2 - 1 - off) / s2 + 1);
                    if (lo > hi) {
                        lo = hi;
                    }
                    for (int o2 = 0; o2 < lo; o2++) {
                        edge(mode, wv, big, rowBase, o2 * s2 + off, b2, y, out + o2);
                    }
                    if (s2 == 1) {
                        axpy.axpy(hi - lo, wv, big, rowBase + off + lo, y, out + lo);
                    } else {
                        for (int o2 = lo; o2 < hi; o2++) {
                            y[out + o2] = Math.fma(wv, big[rowBase + o2 * s2 + off], y[out + o2]);
                        }
                    }
                    for (int o2 = hi; o2 < n2; o2++) {
                        edge(mode, wv, big, rowBase, o2 * s2 + off, b2, y, out + o2);
                    }
                }
            }
        }
    }

    private static void edge(PaddingMode mode, float wv, float[] big, int rowBase, int i, int n, float[] y, int at) {
        int src = mode.source(i, n);
        if (src >= 0) {
            y[at] = Math.fma(wv, big[rowBase + src], y[at]);
        }
    }
}
