package org.convkit.algo.direct;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Kernels;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.runtime.SimdKernels;
import org.convkit.algo.reference.Lattice;
import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * The convolution's GATHER computed one output row at a time. At stride 1 along the row, the row's
 * interior (where every tap reads a real cell) is one pass of the taps kernel over every (big
 * channel of the group, tap) pair: each output's sum stays in a register, so an input row is read
 * once per tap and the output written once, which makes grouped layers with a few channels per
 * group and single-channel filters compute-bound instead of bound by re-reading the output. The few
 * cells at the ends go through the padding mode. With a stride along the row, each (big channel,
 * tap) adds {@code w * input row} to the output row instead.
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
        int maps = p.batch() * cs;
        // rows in blocks, so that a single-channel image still spreads over the threads while each task
        // builds its tap tables once
        int blocks = Math.max(1, Math.min(rows, (ROW_BLOCKS_PER_THREAD * Parallel.CORES + maps - 1) / maps));
        int perBlock = (rows + blocks - 1) / blocks;
        int taps = cbg * l.kernelVolume();
        Parallel.forEach(maps * blocks, threads, task -> {
            int map = task / blocks;
            int b = map / cs;
            int c = map % cs;
            int firstBig = b * cb + c / csg * cbg;
            float init = bias == null ? 0f : bias[c];
            Taps tables = new Taps(taps);
            int r1 = Math.min(rows, (task % blocks + 1) * perBlock);
            for (int r = task % blocks * perBlock; r < r1; r++) {
                int out = (map * rows + r) * l.small[2];
                if (l.stride[2] == 1) {
                    rowTaps(l, p.spec().paddingMode(), p.spec().flip(), r / l.small[1], r % l.small[1], big, firstBig,
                            cbg, weight, c * cbg * l.kernelVolume(), init, small, out, tables);
                    continue;
                }
                java.util.Arrays.fill(small, out, out + l.small[2], init);
                for (int j = 0; j < cbg; j++) {
                    row(l, p.spec().paddingMode(), p.spec().flip(), r / l.small[1], r % l.small[1], big,
                            (firstBig + j) * l.bigVolume(), weight, (c * cbg + j) * l.kernelVolume(), small, out);
                }
            }
        });
    }

    /** Row blocks per core to aim for when there are few (image, channel) maps. */
    static final int ROW_BLOCKS_PER_THREAD = 4;

    /**
     * One output row (o0, o1) at stride 1 along it: the interior, where every tap reads a real cell,
     * in one pass of the taps kernel that keeps each output's sum in a register across all
     * (big channel, tap) pairs, reading each input row once per tap and writing the row once; the
     * few cells at the ends through the padding rule, tap by tap in the same order. Every element is
     * the same fma chain as {@link #row} makes, in the reference's order: the same bits.
     */
    private static void rowTaps(Lattice l, PaddingMode mode, boolean flip, int o0, int o1, float[] big, int firstBig,
                                int cbg, float[] w, int wBase, float init, float[] y, int out, Taps taps) {
        int kv = l.kernelVolume();
        int n2 = l.small[2];
        int b2 = l.big[2];
        int count = 0;
        int lo = 0;
        int hi = n2;
        for (int j = 0; j < cbg; j++) {
            int bigBase = (firstBig + j) * l.bigVolume();
            int k = 0;
            for (int k0 = 0; k0 < l.kernel[0]; k0++) {
                int i0 = mode.source(l.position(0, o0, k0), l.big[0]);
                for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                    int i1 = mode.source(l.position(1, o1, k1), l.big[1]);
                    for (int k2 = 0; k2 < l.kernel[2]; k2++, k++) {
                        if (i0 < 0 || i1 < 0) {
                            continue; // a zero row of padding adds nothing (only ZEROS returns -1)
                        }
                        int off = k2 * l.dilation[2] - l.padBefore[2]; // input index = o2 + off
                        lo = Math.max(lo, -off);
                        hi = Math.min(hi, b2 - off);
                        taps.coef[count] = w[wBase + j * kv + (flip ? kv - 1 - k : k)];
                        taps.row[count] = bigBase + (i0 * l.big[1] + i1) * b2;
                        taps.shift[count++] = off;
                    }
                }
            }
        }
        hi = Math.max(hi, 0);
        lo = Math.min(lo, hi);
        if (hi > lo) {
            for (int t = 0; t < count; t++) {
                taps.offsets[t] = taps.row[t] + taps.shift[t] + lo;
            }
            Kernels.active().taps(hi - lo, count, taps.coef, big, taps.offsets, init, y, out + lo);
        }
        for (int o2 = 0; o2 < n2; o2++) {
            if (o2 == lo && hi > lo) {
                o2 = hi - 1;
                continue;
            }
            float acc = init;
            for (int t = 0; t < count; t++) {
                int src = mode.source(o2 + taps.shift[t], b2);
                if (src >= 0) {
                    acc = Math.fma(taps.coef[t], big[taps.row[t] + src], acc);
                }
            }
            y[out + o2] = acc;
        }
    }

    /** One task's tap tables: per (big channel, tap) of a row, its weight, row start, shift and offset. */
    private static final class Taps {
        final float[] coef;
        final int[] row;
        final int[] shift;
        final int[] offsets;

        Taps(int n) {
            coef = new float[n];
            row = new int[n];
            shift = new int[n];
            offsets = new int[n];
        }
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
