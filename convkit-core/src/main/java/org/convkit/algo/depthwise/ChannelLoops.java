package org.convkit.algo.depthwise;

import java.util.Arrays;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.SimdKernels;
import org.convkit.algo.Pass;
import org.convkit.runtime.ScalarKernels;
import org.convkit.runtime.Scratch;

/**
 * The three passes for one big channel and the {@code mult} small channels of its group, as runs of
 * the SPI's kernels over the two layouts of {@link Grid}; the tap tables are built once, here, for
 * every plane of every call that shares these loops.
 *
 * <p>GATHER: the big planes are padded (rows split by the row stride's phase, see {@link Grid}), then
 * each block of output rows is one run of {@link SimdKernels#taps}: each output a chain of fused
 * multiply-adds over the live taps in row-major order, held in a register. The run goes at stride 1
 * along the row, and {@link SimdKernels#copyRows} keeps every s2-th result as it copies the block
 * out. A 'same' layer with zero padding and stride 1 skips the copies ({@link InPlaceGather}).
 *
 * <p>SCATTER: the adjoint, as a gather of its own: the small planes are upsampled (columns spread s2
 * apart, margins of zeros), and each row phase of each big plane is one run of the taps kernel
 * over every (small channel, small plane, tap) that reaches it: one chain per big cell, written
 * once. With zero padding only the big plane's own cells are computed; other modes compute the
 * whole padded plane and fold its border back onto the cells the mode read them from.
 *
 * <p>WEIGHT_GRAD: the small block is placed where its outputs sit in a run over the padded volume
 * (zeros between), and {@link SimdKernels#dots} correlates it with every tap's window at once: in
 * float chains of at most {@code DOT_CHUNK / DOT_LANES} = 16 products, added into float partial
 * sums that move into double every {@link #FLUSH_CHUNKS} chunks, so no float sum has more than 16
 * terms at either level, whatever the batch and image.
 *
 * <p>Every output element is computed by one call, in a fixed order, so results do not depend on
 * how channels are spread over threads.
 */
final class ChannelLoops {
    /** WEIGHT_GRAD: chunks a float partial sum takes (one term each) before it moves into double. */
    static final int FLUSH_CHUNKS = 16;

    private final Grid g;
    private final int kv;
    private final int mult;
    private final boolean flip;
    private final SimdKernels kernels = Kernels.active();

    /** The copy-free GATHER, when the geometry allows it and it is chosen (else null). */
    private final InPlaceGather inPlace;

    /** GATHER: per small plane o0, taps [gatherStart[o0], gatherStart[o0 + 1]): where each reads (block row 0) and its weight tap. */
    private final int[] gatherStart;
    private final int[] gatherOffset;
    private final int[] gatherTap;
    /** WEIGHT_GRAD: per small plane o0, the big planes its live kernel slices read ([sliceStart[o0], sliceStart[o0 + 1])) and their k0. */
    private final int[] sliceStart;
    private final int[] slicePlane;
    private final int[] sliceK0;
    /** Where tap (k1, k2) of a kernel slice reads in a padded plane, row-major. */
    private final int[] sliceTap;
    /** SCATTER: per (big plane, row phase), taps [scatterStart[i], scatterStart[i + 1]): where each reads in the upsampled volume and its weight (j * kv + tap). */
    private final int[] scatterStart;
    private final int[] scatterOffset;
    private final int[] scatterWeight;
    /** Which big planes some tap reads (a stride in the first dimension can skip some). */
    private final boolean[] planeUsed;
    /** The most taps of any run. */
    private final int mostTaps;
    /**
     * Cells pad() copies per input row (but the plane's last): the row, or for a row narrower
     * than the widest vectors as many of them as fit in the padded row (see pad).
     */

    /**
     * The loops for this geometry: GATHER without copies where the geometry allows it and the cost
     * model expects it to be faster (on small maps the border's separate runs cost more than the
     * copies they save).
     */
    static ChannelLoops of(Grid g, int mult, boolean flip) {
        ChannelLoops padded = new ChannelLoops(g, mult, flip, false);
        if (InPlaceGather.of(g) == null) {
            return padded;
        }
        ChannelLoops copyFree = new ChannelLoops(g, mult, flip, true);
        return DepthwiseCost.work(copyFree.counts(Pass.GATHER), 1, 0) < DepthwiseCost.work(padded.counts(Pass.GATHER), 1, 0)
                ? copyFree : padded;
    }

    /**
     * With {@code inPlace} true, GATHER goes without copies where the geometry allows it, with false
     * always through the padded volume (the two give the same bits: tests compare them).
     */
    ChannelLoops(Grid g, int mult, boolean flip, boolean inPlace) {
        this(g, mult, flip, inPlace ? InPlaceGather.of(g) : null);
    }

    private ChannelLoops(Grid g, int mult, boolean flip, InPlaceGather inPlace) {
        this.g = g;
        this.kv = g.kernelVolume();
        this.mult = mult;
        this.flip = flip;
        this.inPlace = inPlace;
        int k0n = g.kernel[0];
        int k12 = g.kernel[1] * g.kernel[2];
        int s0 = g.small[0];
        sliceTap = new int[k12];
        for (int k = 0; k < k12; k++) {
            sliceTap[k] = g.tapOffset(k / g.kernel[2], k % g.kernel[2]);
        }
        planeUsed = new boolean[g.big[0]];
        int live = 0;
        for (int x : g.planeSource) {
            if (x >= 0) {
                live++;
                planeUsed[x] = true;
            }
        }
        gatherStart = new int[s0 + 1];
        gatherOffset = new int[live * k12];
        gatherTap = new int[live * k12];
        sliceStart = new int[s0 + 1];
        slicePlane = new int[live];
        sliceK0 = new int[live];
        int n = 0;
        int slices = 0;
        int most = 0;
        for (int o0 = 0; o0 < s0; o0++) {
            gatherStart[o0] = n;
            sliceStart[o0] = slices;
            for (int k0 = 0; k0 < k0n; k0++) {
                int i0 = g.planeSource[o0 * k0n + k0];
                if (i0 < 0) {
                    continue;
                }
                slicePlane[slices] = i0 * g.paddedPlane;
                sliceK0[slices++] = k0;
                for (int k = 0; k < k12; k++) {
                    gatherOffset[n] = i0 * g.paddedPlane + sliceTap[k];
                    gatherTap[n++] = tap(k0 * k12 + k);
                }
            }
            most = Math.max(most, n - gatherStart[o0]);
        }
        gatherStart[s0] = n;
        sliceStart[s0] = slices;
        // SCATTER: every (j, o0, k0, k1, k2) by the big plane and the row phase it reaches
        int s1 = g.stride[1];
        int phases = g.big[0] * s1;
        scatterStart = new int[phases + 1];
        int[] count = new int[phases];
        for (int o0 = 0; o0 < s0; o0++) {
            for (int k0 = 0; k0 < k0n; k0++) {
                int i0 = g.planeSource[o0 * k0n + k0];
                if (i0 >= 0) {
                    for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                        count[i0 * s1 + k1 * g.dilation[1] % s1] += mult * g.kernel[2];
                    }
                }
            }
        }
        for (int i = 0; i < phases; i++) {
            scatterStart[i + 1] = scatterStart[i] + count[i];
            most = Math.max(most, count[i]);
        }
        scatterOffset = new int[scatterStart[phases]];
        scatterWeight = new int[scatterStart[phases]];
        int[] at = Arrays.copyOf(scatterStart, phases);
        for (int i0 = 0; i0 < g.big[0]; i0++) {
            for (int j = 0; j < mult; j++) {
                for (int o0 = 0; o0 < s0; o0++) {
                    for (int k0 = 0; k0 < k0n; k0++) {
                        if (g.planeSource[o0 * k0n + k0] != i0) {
                            continue;
                        }
                        for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                            int shift = k1 * g.dilation[1];
                            int row = g.upTop - shift / s1;
                            int phase = i0 * s1 + shift % s1;
                            for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                                int t = at[phase]++;
                                scatterOffset[t] = (j * s0 + o0) * g.upPlane + row * g.upWidth + g.upLeft
                                        - k2 * g.dilation[2];
                                scatterWeight[t] = j * kv + tap((k0 * g.kernel[1] + k1) * g.kernel[2] + k2);
                            }
                        }
                    }
                }
            }
        }
        mostTaps = most;
    }

    /** The weight's index of flat tap k within its kernel, reversed for a true convolution. */
    private int tap(int k) {
        return flip ? kv - 1 - k : k;
    }

    /** Runs are rounded up to whole vectors of the widest kind: a short run's scalar tail costs as much as its vectors. */
    private static int roundUp(int n) {
        return (n + Grid.SLACK - 1) / Grid.SLACK * Grid.SLACK;
    }

    /** One worker's buffers for one pass, from the scratch pool; {@link #release} gives them back. */
    final class Buffers {
        /** GATHER and WEIGHT_GRAD: the padded volume. SCATTER: the upsampled small planes. */
        final float[] volume;
        /** A run's output (GATHER, SCATTER) or the small block placed for a run (WEIGHT_GRAD). */
        final float[] block;
        /** SCATTER with a mode other than zeros: one padded big plane of sums, before it is folded. */
        final float[] acc;
        /** GATHER without copies ({@link InPlaceGather}): the border rectangles' inputs and outputs. */
        final float[] strip;
        /** A run's tap weights and where each tap reads. */
        final float[] coef;
        final int[] offsets;
        /** WEIGHT_GRAD: DOT_LANES float partial sums per (small channel, tap), and the double lanes they move into. */
        final float[] partial;
        final double[] lanes;
        final double[] sums;

        private Buffers(Pass pass) {
            boolean copyFree = pass == Pass.GATHER && inPlace != null;
            // zeros: what no plane writes (the margins of zero padding, the gaps of upsampled rows,
            // the junk between placed rows) must read as zero
            volume = copyFree ? new float[0]
                    : Scratch.zeros(pass == Pass.SCATTER ? g.upFloats(mult) : g.volumeFloats());
            block = copyFree ? new float[0]
                    : pass == Pass.SCATTER ? Scratch.take(g.upBlockFloats())
                    : pass == Pass.WEIGHT_GRAD ? Scratch.zeros(g.blockFloats()) : Scratch.take(g.blockFloats());
            acc = pass == Pass.SCATTER && !g.zeros() ? Scratch.take(g.paddedHeight * g.paddedWidth) : new float[0];
            strip = copyFree ? Scratch.take(Math.toIntExact(inPlace.scratchFloats())) : new float[0];
            coef = new float[Math.max(mostTaps, kv)];
            offsets = new int[coef.length];
            partial = new float[pass == Pass.WEIGHT_GRAD ? mult * kv * ScalarKernels.DOT_LANES : 0];
            lanes = new double[pass == Pass.WEIGHT_GRAD ? mult * kv * ScalarKernels.DOT_LANES : 0];
            sums = new double[pass == Pass.WEIGHT_GRAD ? mult * kv : 0];
        }

        void release() {
            Scratch.give(volume);
            Scratch.give(block);
            Scratch.give(acc);
            Scratch.give(strip);
        }
    }

    Buffers buffers(Pass pass) {
        return new Buffers(pass);
    }

    /** Floats the buffers of a pass take from the pool (what {@link Buffers} allocates when it is empty). */
    long floats(Pass pass) {
        if (pass == Pass.GATHER && inPlace != null) {
            return inPlace.scratchFloats() + 2L * Math.max(mostTaps, kv);
        }
        long tables = 2L * Math.max(mostTaps, kv)
                + (pass == Pass.WEIGHT_GRAD ? 3L * mult * kv * ScalarKernels.DOT_LANES : 0);
        switch (pass) {
            case SCATTER:
                return (long) g.upFloats(mult) + g.upBlockFloats() + (g.zeros() ? 0 : (long) g.paddedHeight * g.paddedWidth)
                        + tables;
            default:
                return (long) g.volumeFloats() + g.blockFloats() + tables;
        }
    }

    Grid grid() {
        return g;
    }

    /**
     * What one unit of a pass does (a plane of GATHER or SCATTER, an image of one channel's
     * WEIGHT_GRAD), counted for {@link DepthwiseCost}: cells through a tap in the taps kernel
     * ({@code macs}) and in dots ({@code dots}), cells moved by unit-step vector copies, by step-2
     * vector copies and by scalar code, and kernel calls; and WEIGHT_GRAD's double lanes, per task.
     */
    record Counts(double macs, double dots, double copied, double halved, double scalar, double calls,
                  double taskLanes) {
    }

    /** The counts of each pass, worked out once. */
    private final Counts[] counts = new Counts[Pass.values().length];

    Counts counts(Pass pass) {
        Counts c = counts[pass.ordinal()];
        if (c == null) {
            c = count(pass);
            counts[pass.ordinal()] = c;
        }
        return c;
    }

    private Counts count(Pass pass) {
        double macs = 0;
        double dots = 0;
        double copied = 0;
        double halved = 0;
        double scalar = 0;
        double calls = 1;
        int sv = g.smallVolume();
        boolean unitOut = g.stride[2] == 1;
        if (pass == Pass.GATHER && inPlace != null) {
            macs = (double) mult * kv * inPlace.runCells();
            scalar = (double) mult * inPlace.copiedCells();
            calls += mult * 10;
            return new Counts(macs, 0, 0, 0, scalar, calls, 0);
        }
        if (pass != Pass.SCATTER) {
            int used = 0;
            for (boolean u : planeUsed) {
                used += u ? 1 : 0;
            }
            copied += (double) used * g.big[1] * g.big[2];
            calls += (double) used * Math.min(g.stride[1], g.big[1]);
            if (!g.zeros()) {
                scalar += (double) used * g.big[1] * (g.paddedWidth - g.big[2]);
                copied += (double) used * (g.paddedHeight - g.big[1]) * g.rowWidth;
            }
            double perPlane = 0;
            int blocks = 0;
            for (int r0 = 0; r0 < g.small[1]; r0 += g.blockRows) {
                perPlane += roundUp(g.runLength(Math.min(g.blockRows, g.small[1] - r0)));
                blocks++;
            }
            for (int o0 = 0; o0 < g.small[0]; o0++) {
                double live = gatherStart[o0 + 1] - gatherStart[o0];
                if (pass == Pass.GATHER) {
                    macs += mult * live * perPlane;
                    calls += 2.0 * mult * blocks;
                } else {
                    dots += mult * live * perPlane;
                    calls += (double) mult * blocks * (1 + (sliceStart[o0 + 1] - sliceStart[o0]));
                }
            }
            // GATHER's outputs out of the blocks, WEIGHT_GRAD's into them
            if (unitOut) {
                copied += (double) mult * sv;
            } else if (g.stride[2] == 2 && pass == Pass.GATHER) {
                halved += (double) mult * sv;
            } else {
                scalar += (double) mult * sv;
            }
            return new Counts(macs, dots, copied, halved, scalar, calls,
                    pass == Pass.WEIGHT_GRAD ? (double) mult * kv * ScalarKernels.DOT_LANES : 0);
        }
        if (unitOut) {
            copied += (double) mult * sv;
        } else {
            scalar += (double) mult * sv;
        }
        calls += mult * g.small[0];
        int s1 = g.stride[1];
        boolean zeros = g.zeros();
        int yLo = zeros ? g.padBefore[1] : 0;
        int yHi = zeros ? g.padBefore[1] + g.big[1] : g.paddedHeight;
        int width = zeros ? g.big[2] : g.paddedWidth;
        for (int i0 = 0; i0 < g.big[0]; i0++) {
            for (int r1 = 0; r1 < s1; r1++) {
                int taps = scatterStart[i0 * s1 + r1 + 1] - scatterStart[i0 * s1 + r1];
                int uLo = Math.max(0, (yLo - r1 + s1 - 1) / s1);
                int uHi = Math.max(uLo, (yHi - r1 + s1 - 1) / s1);
                for (int u0 = uLo; u0 < uHi; u0 += g.upBlockRows) {
                    int rows = Math.min(g.upBlockRows, uHi - u0);
                    macs += (double) taps * roundUp((rows - 1) * g.upWidth + width);
                    copied += (double) rows * width;
                    calls += 2;
                }
            }
        }
        if (!zeros) {
            scalar += (double) g.big[0] * (g.paddedHeight * g.paddedWidth - g.bigVolume() / g.big[0]);
        }
        return new Counts(macs, 0, copied, 0, scalar, calls, 0);
    }

    /**
     * Copies the big planes at {@code off} into the padded volume: each row phase's input rows as one
     * block, then, for modes other than zeros, the border through the mode (zero padding's border
     * is the volume's zeros, never written).
     */
    private void pad(float[] big, int off, float[] volume) {
        int s1 = g.stride[1];
        int w = g.rowWidth;
        int p1 = g.padBefore[1];
        int p2 = g.padBefore[2];
        int b1 = g.big[1];
        int b2 = g.big[2];
        for (int i0 = 0; i0 < g.big[0]; i0++) {
            if (!planeUsed[i0]) {
                continue;
            }
            int plane = i0 * g.paddedPlane;
            int src = off + i0 * b1 * b2;
            // the phases in the order they are stored, each one's rows in increasing order: a row is
            // copied in whole vectors, the lanes past it zeroed in a register, and those fall on its
            // border and the next stored rows', which are zeros (padding) or written after it (a row
            // copied exactly and its border zeroed by a fill cost more than the taps on 14x14 maps)
            for (int phase = 0; phase < s1; phase++) {
                // input rows r = a, a + s1, ... sit in consecutive stored rows of this phase
                int a = Math.floorMod(phase - p1, s1);
                if (a >= b1) {
                    continue;
                }
                int rows = (b1 - a + s1 - 1) / s1;
                int dst = plane + g.storedRow(p1 + a) * w + p2;
                kernels.copyRowsOverZeros(rows, b2, big, src + a * b2, s1 * b2, 1, volume, dst, w);
            }
            if (g.zeros()) {
                continue;
            }
            for (int r = 0; r < b1; r++) {
                int row = plane + g.storedRow(p1 + r) * w;
                int from = src + r * b2;
                for (int q = 0; q < p2; q++) {
                    volume[row + q] = big[from + g.colSource[q]];
                }
                for (int q = p2 + b2; q < g.paddedWidth; q++) {
                    volume[row + q] = big[from + g.colSource[q]];
                }
            }
            for (int y = 0; y < g.paddedHeight; y++) {
                int r = g.rowSource[y];
                if (r != y - p1) {
                    System.arraycopy(volume, plane + g.storedRow(p1 + r) * w, volume, plane + g.storedRow(y) * w, w);
                }
            }
        }
    }

    /**
     * small[n, c * mult + j] = bias + sum over taps of w[c * mult + j, tap] * what it reads of
     * big[n, c]; {@code smallOff}, {@code wOff} and {@code biasOff} locate channel c * mult.
     */
    void gather(float[] big, int bigOff, float[] small, int smallOff, float[] w, int wOff, float[] bias, int biasOff,
                Buffers b) {
        if (inPlace != null) {
            for (int j = 0; j < mult; j++) {
                for (int t = 0; t < kv; t++) {
                    b.coef[t] = w[wOff + j * kv + tap(t)];
                }
                inPlace.plane(kernels, big, bigOff, small, smallOff + j * g.smallVolume(), b.coef,
                        bias == null ? 0f : bias[biasOff + j], b.offsets, b.strip);
            }
            return;
        }
        pad(big, bigOff, b.volume);
        int n1 = g.small[1];
        int n2 = g.small[2];
        for (int j = 0; j < mult; j++) {
            float init = bias == null ? 0f : bias[biasOff + j];
            for (int o0 = 0; o0 < g.small[0]; o0++) {
                int first = gatherStart[o0];
                int live = gatherStart[o0 + 1] - first;
                for (int t = 0; t < live; t++) {
                    b.coef[t] = w[wOff + j * kv + gatherTap[first + t]];
                }
                for (int r0 = 0; r0 < n1; r0 += g.blockRows) {
                    int rows = Math.min(g.blockRows, n1 - r0);
                    for (int t = 0; t < live; t++) {
                        b.offsets[t] = gatherOffset[first + t] + r0 * g.rowWidth;
                    }
                    kernels.taps(roundUp(g.runLength(rows)), live, b.coef, b.volume, b.offsets, init, b.block, 0);
                    kernels.copyRows(rows, n2, b.block, 0, g.rowWidth, g.stride[2], small,
                            smallOff + j * g.smallVolume() + (o0 * n1 + r0) * n2, n2, 1);
                }
            }
        }
    }

    /**
     * big[n, c] = bias + the adjoint of {@link #gather}: each small cell of the mult channels adds
     * w * itself to the big cells its taps read, the border's sums folded back through the mode.
     */
    void scatter(float[] big, int bigOff, float[] small, int smallOff, float[] w, int wOff, float bias, Buffers b) {
        int n1 = g.small[1];
        int n2 = g.small[2];
        int s1 = g.stride[1];
        for (int j = 0; j < mult; j++) {
            for (int o0 = 0; o0 < g.small[0]; o0++) {
                kernels.copyRows(n1, n2, small, smallOff + (j * g.small[0] + o0) * n1 * n2, n2, 1, b.volume,
                        (j * g.small[0] + o0) * g.upPlane + g.upTop * g.upWidth + g.upLeft, g.upWidth, g.stride[2]);
            }
        }
        boolean zeros = g.zeros();
        int b1 = g.big[1];
        int b2 = g.big[2];
        // zero padding: only the big plane's own cells, straight into it; else the whole padded plane
        int yLo = zeros ? g.padBefore[1] : 0;
        int yHi = zeros ? g.padBefore[1] + b1 : g.paddedHeight;
        int qLo = zeros ? g.padBefore[2] : 0;
        int width = zeros ? b2 : g.paddedWidth;
        float init = zeros ? bias : 0f;
        for (int i0 = 0; i0 < g.big[0]; i0++) {
            for (int r1 = 0; r1 < s1; r1++) {
                int first = scatterStart[i0 * s1 + r1];
                int taps = scatterStart[i0 * s1 + r1 + 1] - first;
                for (int t = 0; t < taps; t++) {
                    b.coef[t] = w[wOff + scatterWeight[first + t]];
                }
                // the rows y = u s1 + r1 in [yLo, yHi)
                int uLo = Math.max(0, (yLo - r1 + s1 - 1) / s1);
                int uHi = Math.max(uLo, (yHi - r1 + s1 - 1) / s1);
                for (int u0 = uLo; u0 < uHi; u0 += g.upBlockRows) {
                    int rows = Math.min(g.upBlockRows, uHi - u0);
                    for (int t = 0; t < taps; t++) {
                        b.offsets[t] = scatterOffset[first + t] + u0 * g.upWidth + qLo;
                    }
                    kernels.taps(roundUp((rows - 1) * g.upWidth + width), taps, b.coef, b.volume, b.offsets, init,
                            b.block, 0);
                    int y = u0 * s1 + r1;
                    if (zeros) {
                        kernels.copyRows(rows, width, b.block, 0, g.upWidth, 1, big,
                                bigOff + (i0 * b1 + y - yLo) * b2, s1 * b2, 1);
                    } else {
                        kernels.copyRows(rows, width, b.block, 0, g.upWidth, 1, b.acc, y * width, s1 * width, 1);
                    }
                }
            }
            if (!zeros) {
                fold(b.acc, big, bigOff + i0 * b1 * b2, bias);
            }
        }
    }

    /** A padded plane of sums into its big plane at off: the middle copied, border cells added where the mode read them, then the bias. */
    private void fold(float[] acc, float[] big, int off, float bias) {
        int pw = g.paddedWidth;
        int p1 = g.padBefore[1];
        int p2 = g.padBefore[2];
        int b1 = g.big[1];
        int b2 = g.big[2];
        kernels.copyRows(b1, b2, acc, p1 * pw + p2, pw, 1, big, off, b2, 1);
        for (int y = 0; y < g.paddedHeight; y++) {
            int row = off + g.rowSource[y] * b2;
            int sums = y * pw;
            if (y >= p1 && y < p1 + b1) {
                // a middle row's middle cells were copied above: only its border columns remain
                for (int q = 0; q < p2; q++) {
                    big[row + g.colSource[q]] += acc[sums + q];
                }
                for (int q = p2 + b2; q < pw; q++) {
                    big[row + g.colSource[q]] += acc[sums + q];
                }
            } else {
                for (int q = 0; q < pw; q++) {
                    big[row + g.colSource[q]] += acc[sums + q];
                }
            }
        }
        if (bias != 0f) {
            for (int x = off; x < off + b1 * b2; x++) {
                big[x] += bias;
            }
        }
    }

    /**
     * w[c * mult + j, tap] = sum over the batch and small cells of small[n, c * mult + j] * what it
     * reads of big[n, c] through the tap. The float partial sums gain a term per chunk of a run
     * and move into double every {@link #FLUSH_CHUNKS} chunks.
     */
    void weightGrad(float[] big, int bigStride, int bigOff, float[] small, int smallStride, int smallOff, int batch,
                    float[] w, int wOff, Buffers b) {
        Arrays.fill(b.partial, 0f);
        Arrays.fill(b.lanes, 0);
        int n1 = g.small[1];
        int n2 = g.small[2];
        int k12 = g.kernel[1] * g.kernel[2];
        int lanes = ScalarKernels.DOT_LANES;
        int piece = FLUSH_CHUNKS * ScalarKernels.DOT_CHUNK;
        int pending = 0;
        for (int n = 0; n < batch; n++) {
            pad(big, bigOff + n * bigStride, b.volume);
            for (int j = 0; j < mult; j++) {
                for (int o0 = 0; o0 < g.small[0]; o0++) {
                    for (int r0 = 0; r0 < n1; r0 += g.blockRows) {
                        int rows = Math.min(g.blockRows, n1 - r0);
                        int len = g.runLength(rows);
                        int rounded = roundUp(len);
                        // the block where its outputs sit in the run, zeros between (and past its end:
                        // a shorter block leaves samples of a longer one there)
                        kernels.copyRows(rows, n2, small, smallOff + n * smallStride + j * g.smallVolume()
                                + (o0 * n1 + r0) * n2, n2, 1, b.block, 0, g.rowWidth, g.stride[2]);
                        Arrays.fill(b.block, len, rounded, 0f);
                        // pieces of at most FLUSH_CHUNKS chunks (only a very long row has more than one)
                        for (int from = 0; from < rounded; from += piece) {
                            int cells = Math.min(piece, rounded - from);
                            int chunks = (cells + ScalarKernels.DOT_CHUNK - 1) / ScalarKernels.DOT_CHUNK;
                            if (pending + chunks > FLUSH_CHUNKS) {
                                flush(b);
                                pending = 0;
                            }
                            pending += chunks;
                            for (int sl = sliceStart[o0]; sl < sliceStart[o0 + 1]; sl++) {
                                for (int t = 0; t < k12; t++) {
                                    b.offsets[t] = slicePlane[sl] + sliceTap[t] + r0 * g.rowWidth + from;
                                }
                                kernels.dots(cells, k12, b.block, from, b.volume, b.offsets, b.partial,
                                        (j * kv + sliceK0[sl] * k12) * lanes);
                            }
                        }
                    }
                }
            }
        }
        flush(b);
        // each weight's lanes in lane order; lane-major, so that the weights' sums are independent
        // chains the CPU overlaps, not one long chain after another
        double[] sums = b.sums;
        Arrays.fill(sums, 0);
        for (int l = 0; l < lanes; l++) {
            for (int jk = 0; jk < sums.length; jk++) {
                sums[jk] += b.lanes[jk * lanes + l];
            }
        }
        for (int j = 0; j < mult; j++) {
            for (int k = 0; k < kv; k++) {
                w[wOff + j * kv + tap(k)] = (float) sums[j * kv + k];
            }
        }
    }

    /** The float partial sums into the double lanes, and back to zero. */
    private static void flush(Buffers b) {
        for (int i = 0; i < b.partial.length; i++) {
            b.lanes[i] += b.partial[i];
        }
        Arrays.fill(b.partial, 0f);
    }
}
