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
    /**
     * Multiply-add rates per thread for the cost model (FLOP/s) of rows read with a stride. Set so
     * that the one tuning scale fits the three uses alike: at 2.5e9 a calibration measured the
     * strided rows 1.75x slower than the model and the filters and grouped layers 0.4x, so a scale
     * fitted to either mispriced the other by 4x.
     */
    static final double STRIDED_FLOPS = 0.6e9;
    /** Cost per (output row, big channel, tap pair) of setting up a strided row pass (ns), and per call. */
    static final double ROW_NS = 8;
    static final double CALL_NS = 5_000;
    /**
     * At stride 1 along rows, per row of a block of up to four channels: each tap table entry and
     * coefficient, and each multiply-add of a border cell (scalar, through the padding rule), costs
     * about {@code TAP_NS}; each multiply-add of the interior (the taps kernel) {@code INTERIOR_NS}.
     * Fitted on a 256-bit core to grouped 3x3 layers on 14x14 to 56x56 maps (4 to 16 channels per
     * group) and a 1-channel 5x5 filter of a 1024x1024 image, within about 30%.
     */
    static final double TAP_NS = 2.4;
    static final double INTERIOR_NS = 0.1;
    /**
     * Taps at which an interior multiply-add costs twice INTERIOR_NS: a 1-D layer of 128 channels with
     * 3 taps (384 rows read per vector step) ran at 0.44 ns per multiply-add.
     */
    static final double TAPS_IN_CACHE = 100;
    /** Per row and block of channels, whatever the taps: the kernel calls and loops (a 3x3 filter of a 256x256 image). */
    static final double ROW_FIXED_NS = 700;

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
        double used = Math.min(threads, Parallel.CORES);
        int cbg = p.bigChannels() / p.groups();
        if (l.stride[2] != 1) {
            double rows = (double) p.batch() * p.smallChannels() * l.small[0] * l.small[1] * cbg * l.kernel[0]
                    * l.kernel[1];
            return CALL_NS + 2 * ReferenceAlgorithm.macs(p) / (STRIDED_FLOPS * used) * 1e9 + rows * ROW_NS / used;
        }
        int csg = p.smallChannels() / p.groups();
        // the interior of a row: the columns every tap reads inside the row (as rowTaps finds them)
        int lo = l.padBefore[2];
        int hi = Math.min(l.small[2], l.big[2] - ((l.kernel[2] - 1) * l.dilation[2] - l.padBefore[2]));
        int interior = Math.max(0, hi - Math.min(lo, Math.max(0, hi)));
        int border = l.small[2] - interior;
        double taps = (double) cbg * l.kernelVolume();
        // each interior multiply-add costs more as the taps grow: every vector step reads one row per tap
        double perChannelRow = taps * (TAP_NS * (1 + border) + INTERIOR_NS * (1 + taps / TAPS_IN_CACHE) * interior);
        double rows = (double) p.batch() * p.groups() * l.small[0] * l.small[1];
        double quads = (csg + QUAD - 1) / QUAD;
        return CALL_NS + rows * (quads * (ROW_FIXED_NS + taps * TAP_NS) + csg * perChannelRow) / used;
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
        int quads = (csg + QUAD - 1) / QUAD; // blocks of up to four output channels of one group
        int maps = p.batch() * p.groups() * quads;
        // rows in blocks, so that a single-channel image still spreads over the threads while each task
        // builds its tap tables once
        int blocks = Math.max(1, Math.min(rows, (ROW_BLOCKS_PER_THREAD * Parallel.CORES + maps - 1) / maps));
        int perBlock = (rows + blocks - 1) / blocks;
        int taps = cbg * l.kernelVolume();
        int plane = rows * l.small[2];
        Parallel.forEach(maps * blocks, threads, task -> {
            int map = task / blocks;
            int b = map / (p.groups() * quads);
            int g = map / quads % p.groups();
            int c = g * csg + map % quads * QUAD; // the block's first output channel
            int count = Math.min(QUAD, (g + 1) * csg - c);
            int firstBig = b * cb + g * cbg;
            Taps tables = new Taps(taps);
            for (int q = 0; q < count; q++) {
                tables.init[q] = bias == null ? 0f : bias[c + q];
            }
            int r1 = Math.min(rows, (task % blocks + 1) * perBlock);
            for (int r = task % blocks * perBlock; r < r1; r++) {
                int out = (b * cs + c) * plane + r * l.small[2];
                if (l.stride[2] == 1) {
                    rowTaps(l, p.spec().paddingMode(), p.spec().flip(), r / l.small[1], r % l.small[1], big, firstBig,
                            cbg, weight, c * cbg * l.kernelVolume(), count, small, out, plane, tables);
                    continue;
                }
                for (int q = 0; q < count; q++) {
                    java.util.Arrays.fill(small, out + q * plane, out + q * plane + l.small[2], tables.init[q]);
                    for (int j = 0; j < cbg; j++) {
                        row(l, p.spec().paddingMode(), p.spec().flip(), r / l.small[1], r % l.small[1], big,
                                (firstBig + j) * l.bigVolume(), weight, ((c + q) * cbg + j) * l.kernelVolume(), small,
                                out + q * plane);
                    }
                }
            }
        });
    }

    /** Output channels computed together: each input vector loaded feeds this many multiply-adds. */
    static final int QUAD = 4;

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
                                int cbg, float[] w, int wBase, int channels, float[] y, int out, int plane, Taps taps) {
        int kv = l.kernelVolume();
        int kernelTaps = cbg * kv; // a channel's weights
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
                        taps.row[count] = bigBase + (i0 * l.big[1] + i1) * b2;
                        taps.shift[count] = off;
                        taps.weight[count++] = j * kv + (flip ? kv - 1 - k : k);
                    }
                }
            }
        }
        // the coefficients of the block's channels, channel-major as taps4 reads them
        for (int q = 0; q < channels; q++) {
            for (int t = 0; t < count; t++) {
                taps.coef[q * count + t] = w[wBase + q * kernelTaps + taps.weight[t]];
            }
        }
        hi = Math.max(hi, 0);
        lo = Math.min(lo, hi);
        if (hi > lo) {
            for (int t = 0; t < count; t++) {
                taps.offsets[t] = taps.row[t] + taps.shift[t] + lo;
            }
            SimdKernels k = Kernels.active();
            if (channels == QUAD) {
                k.taps4(hi - lo, count, taps.coef, 0, big, taps.offsets, taps.init, y, out + lo, plane);
            } else {
                for (int q = 0; q < channels; q++) {
                    System.arraycopy(taps.coef, q * count, taps.one, 0, count);
                    k.taps(hi - lo, count, taps.one, big, taps.offsets, taps.init[q], y, out + q * plane + lo);
                }
            }
        }
        for (int o2 = 0; o2 < n2; o2++) {
            if (o2 == lo && hi > lo) {
                o2 = hi - 1;
                continue;
            }
            for (int q = 0; q < channels; q++) {
                float acc = taps.init[q];
                for (int t = 0; t < count; t++) {
                    int src = mode.source(o2 + taps.shift[t], b2);
                    if (src >= 0) {
                        acc = Math.fma(taps.coef[q * count + t], big[taps.row[t] + src], acc);
                    }
                }
                y[out + q * plane + o2] = acc;
            }
        }
    }

    /**
     * One task's tap tables: per (big channel, tap) of a row, its row start, shift, weight index and
     * offset, and the coefficients of the block's channels.
     */
    private static final class Taps {
        final int[] row;
        final int[] shift;
        final int[] weight;
        final int[] offsets;
        final float[] coef;
        final float[] one;
        final float[] init = new float[QUAD];

        Taps(int n) {
            row = new int[n];
            shift = new int[n];
            weight = new int[n];
            offsets = new int[n];
            coef = new float[QUAD * n];
            one = new float[n];
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
