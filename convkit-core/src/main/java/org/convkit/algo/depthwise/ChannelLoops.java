package org.convkit.algo.depthwise;

import java.util.Arrays;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.SimdKernels;

/**
 * The three passes for one big channel and the {@code mult} small channels of its group, as direct
 * loops over a padded copy of the big planes, whose rows are stored split by the stride's phases so
 * that what a row of outputs reads through one tap is consecutive.
 *
 * <p>GATHER runs on {@link SimdKernels#taps}; a 'same' layer with zero padding and stride 1 reads the
 * input plane in place and writes the output plane directly ({@link InPlaceGather}), others go
 * through the padded copy: each output is a chain of fused multiply-adds over the
 * taps held in a register, read in place through one offset per tap. With stride 1 between rows a
 * block spans several rows laid out {@link Grid#rowWidth} apart, so that one call covers the whole
 * block (long vector loops even for narrow images); a larger row stride takes a call per row.
 *
 * <p>SCATTER and WEIGHT_GRAD are plain loops left to the JIT's vectorizer, with one tap's weight
 * hoisted out. JDK 17's C2 vectorizes a loop only when all of its arrays are indexed by the same
 * expression (it cannot rule out that differently offset arrays alias), so each tap's inputs are
 * first copied into a buffer aligned with what they are combined with: the window of the padded
 * plane that the block's outputs read (WEIGHT_GRAD), or the small block placed where it lands in
 * the padded plane (SCATTER).
 *
 * <p>WEIGHT_GRAD's sums over the whole batch and image are kept short: each block cell's products go
 * into a float lane, at most {@link #FLUSH_BLOCKS} of them, the lanes into second-level lanes, at
 * most as many, and those into double; so no float sum has more than 16 terms, and every level but
 * the last is a vector loop.
 *
 * <p>Every output element is accumulated by one call, in a fixed order (blocks, then taps in
 * row-major order, then the multiplier's channels), so results do not depend on how channels are
 * spread over threads.
 */
final class ChannelLoops {
    /**
     * WEIGHT_GRAD sums at most this many products per float lane before adding the lane into a
     * second float lane, which takes at most this many lanes before it is summed into double.
     */
    static final int FLUSH_BLOCKS = 16;

    private final Grid g;
    private final int kv;
    private final int mult;
    private final boolean flip;
    private final SimdKernels kernels = Kernels.active();

    /** The copy-free GATHER, when the geometry allows it (else null). */
    private final InPlaceGather inPlace;

    ChannelLoops(Grid g, int mult, boolean flip) {
        this(g, mult, flip, true);
    }

    /** With {@code inPlace} false, GATHER always goes through the padded copy (tests compare the two). */
    ChannelLoops(Grid g, int mult, boolean flip, boolean inPlace) {
        this.g = g;
        this.kv = g.kernelVolume();
        this.mult = mult;
        this.flip = flip;
        this.inPlace = inPlace ? InPlaceGather.of(g) : null;
    }

    /** The weight's index of flat tap k within its kernel, reversed for a true convolution. */
    private int tap(int k) {
        return flip ? kv - 1 - k : k;
    }

    /** One worker's buffers, sized for one pass of one problem. */
    static final class Scratch {
        /** Padded big planes: the input read (GATHER, WEIGHT_GRAD) or the sums (SCATTER). */
        final float[] volume;
        /** SCATTER: a small block placed where it lands in {@link #volume}. */
        final float[] shifted;
        /** WEIGHT_GRAD: what a block's outputs read through one tap. */
        final float[] window;
        /** GATHER: the live taps of a small plane, the padded plane each reads, where each reads for a run. */
        final int[] taps;
        final int[] planes;
        final int[] offsets;
        /** GATHER: per small channel, the live taps' weights. */
        final float[][] coef;
        /** GATHER without copies ({@link InPlaceGather}): the border rectangles' inputs and outputs. */
        final float[] strip;
        /** Per small channel, a block of rows laid out blockStride apart: GATHER's sums, or the small signal. */
        final float[][] blocks;
        /** WEIGHT_GRAD: per (small channel, tap), float sums per block cell, two levels, and their double totals. */
        final float[][] lanes;
        final float[][] outer;
        final double[] sums;

        /** For loops whose GATHER runs without copies ({@code inPlace} not null), no padded planes or blocks. */
        Scratch(Grid g, int mult, boolean scatter, boolean weightGrad, InPlaceGather inPlace) {
            int block = inPlace != null ? 0 : g.blockRows * g.blockStride;
            volume = new float[inPlace != null ? 0 : g.big[0] * g.paddedPlane];
            shifted = new float[scatter ? volume.length : 0];
            window = new float[weightGrad ? block : 0];
            boolean gather = !scatter && !weightGrad;
            taps = new int[gather ? g.kernelVolume() : 0];
            planes = new int[taps.length];
            offsets = new int[taps.length];
            coef = new float[gather ? mult : 0][taps.length];
            strip = new float[inPlace == null ? 0 : Math.toIntExact(inPlace.scratchFloats())];
            blocks = new float[mult][block];
            lanes = new float[weightGrad ? mult * g.kernelVolume() : 0][block];
            outer = new float[weightGrad ? mult * g.kernelVolume() : 0][block];
            sums = new double[weightGrad ? mult * g.kernelVolume() : 0];
        }

        /** Floats of the scratch {@link ChannelLoops#scratch} makes for the algorithm's loops. */
        static long floats(Grid g, int mult, boolean scatter, boolean weightGrad) {
            InPlaceGather inPlace = scatter || weightGrad ? null : InPlaceGather.of(g);
            if (inPlace != null) {
                return (3L + mult) * g.kernelVolume() + inPlace.scratchFloats();
            }
            long block = (long) g.blockRows * g.blockStride;
            long volume = (long) g.big[0] * g.paddedPlane;
            long lanes = weightGrad ? (long) mult * g.kernelVolume() * (2 * block + 2) : 0;
            // GATHER's tap tables: three ints and mult floats per tap
            long tables = scatter || weightGrad ? 0 : (3L + mult) * g.kernelVolume();
            return volume * (scatter ? 2 : 1) + (weightGrad ? block : 0) + tables + mult * block + lanes;
        }
    }

    /** One worker's buffers for a pass of these loops. */
    Scratch scratch(boolean scatter, boolean weightGrad) {
        return new Scratch(g, mult, scatter, weightGrad, scatter || weightGrad ? null : inPlace);
    }

    /** Copies the big planes at {@code off} into padded planes, their borders read through the mode. */
    private void pad(float[] big, int off, float[] volume) {
        int w = g.rowWidth;
        int pb = g.padBefore[2];
        int b2 = g.big[2];
        for (int i0 = 0; i0 < g.big[0]; i0++) {
            for (int y = 0; y < g.paddedHeight; y++) {
                int dst = i0 * g.paddedPlane + y * w;
                int r = g.rowSource[y];
                if (r < 0) {
                    Arrays.fill(volume, dst, dst + w, 0f);
                    continue;
                }
                int src = off + (i0 * g.big[1] + r) * b2;
                if (g.stride[2] == 1) {
                    System.arraycopy(big, src, volume, dst + pb, b2);
                    for (int q = 0; q < pb; q++) {
                        volume[dst + q] = cell(big, src, q);
                    }
                    for (int q = pb + b2; q < g.paddedWidth; q++) {
                        volume[dst + q] = cell(big, src, q);
                    }
                } else {
                    padPhases(big, src, volume, dst);
                }
            }
        }
    }

    /**
     * One padded row stored split by the stride's phases: phase p holds padded columns p, p + s,
     * p + 2s... The middle columns are a strided copy; only the border goes through the mode.
     */
    private void padPhases(float[] big, int src, float[] volume, int dst) {
        int s2 = g.stride[2];
        int pb = g.padBefore[2];
        int b2 = g.big[2];
        for (int p = 0; p < s2; p++) {
            int out = dst + p * g.phaseWidth;
            int n = (g.paddedWidth - p + s2 - 1) / s2;
            // u with pb <= p + u s2 < pb + b2
            int lo = Math.min(n, Math.max(0, (pb - p + s2 - 1) / s2));
            int hi = Math.max(lo, Math.min(n, (pb + b2 - p + s2 - 1) / s2));
            for (int u = 0; u < lo; u++) {
                volume[out + u] = cell(big, src, p + u * s2);
            }
            int from = src + p - pb;
            for (int u = lo; u < hi; u++) {
                volume[out + u] = big[from + u * s2];
            }
            for (int u = hi; u < n; u++) {
                volume[out + u] = cell(big, src, p + u * s2);
            }
        }
    }

    /** Padded column q of the big row at src: the cell the mode reads, or zero. */
    private float cell(float[] big, int src, int q) {
        int c = g.colSource[q];
        return c < 0 ? 0f : big[src + c];
    }

    /** window[r * blockStride + o2] = what output (r0 + r, o2) reads through tap (k1, k2) in the padded plane at planeOff. */
    private void window(float[] volume, int planeOff, int r0, int rows, int k1, int k2, float[] window) {
        int w = g.blockStride;
        if (g.contiguous()) {
            System.arraycopy(volume, planeOff + g.tapOffset(r0, k1, k2), window, 0, rows * w);
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(volume, planeOff + g.tapOffset(r0 + r, k1, k2), window, r * w, g.small[2]);
        }
    }

    /** Copies rows [r0, r0 + rows) of small plane o0 of each multiplier channel into the blocks. */
    private void loadSmall(float[] small, int smallOff, int o0, int r0, int rows, float[][] blocks) {
        int n2 = g.small[2];
        for (int j = 0; j < mult; j++) {
            int src = smallOff + j * g.smallVolume() + (o0 * g.small[1] + r0) * n2;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(small, src + r * n2, blocks[j], r * g.blockStride, n2);
            }
        }
    }

    /**
     * small[n, c * mult + j] = bias + sum over taps of w[c * mult + j, tap] * what it reads of
     * big[n, c]; {@code smallOff}, {@code wOff} and {@code biasOff} locate channel c * mult.
     *
     * <p>Each output is one chain of fused multiply-adds over the live taps in row-major order
     * ({@link SimdKernels#taps}), kept in a register: the padded plane is read in place through one
     * offset per tap, with no copies.
     */
    void gather(float[] big, int bigOff, float[] small, int smallOff, float[] w, int wOff, float[] bias, int biasOff,
                Scratch s) {
        if (inPlace != null) {
            for (int j = 0; j < mult; j++) {
                for (int t = 0; t < kv; t++) {
                    s.coef[j][t] = w[wOff + j * kv + tap(t)];
                }
                inPlace.plane(kernels, big, bigOff, small, smallOff + j * g.smallVolume(), s.coef[j],
                        bias == null ? 0f : bias[biasOff + j], s.offsets, s.strip);
            }
            return;
        }
        pad(big, bigOff, s.volume);
        int pw = g.blockStride;
        int n2 = g.small[2];
        int[] taps = s.taps;
        int[] planes = s.planes;
        int[] offsets = s.offsets;
        for (int o0 = 0; o0 < g.small[0]; o0++) {
            // the taps that read a real plane, in row-major order, and their weights per channel
            int live = 0;
            for (int k = 0; k < kv; k++) {
                int i0 = g.planeSource[o0 * g.kernel[0] + k / (g.kernel[1] * g.kernel[2])];
                if (i0 >= 0) {
                    taps[live] = k;
                    planes[live++] = i0 * g.paddedPlane;
                }
            }
            for (int j = 0; j < mult; j++) {
                for (int t = 0; t < live; t++) {
                    s.coef[j][t] = w[wOff + j * kv + tap(taps[t])];
                }
            }
            for (int r0 = 0; r0 < g.small[1]; r0 += g.blockRows) {
                int rows = Math.min(g.blockRows, g.small[1] - r0);
                // contiguous: the block's rows are one run, rowWidth apart; else one run per row
                int runs = g.contiguous() ? 1 : rows;
                int len = g.contiguous() ? (rows - 1) * pw + n2 : n2;
                for (int run = 0; run < runs; run++) {
                    for (int t = 0; t < live; t++) {
                        int k12 = taps[t] % (g.kernel[1] * g.kernel[2]);
                        offsets[t] = planes[t] + g.tapOffset(r0 + run, k12 / g.kernel[2], k12 % g.kernel[2]);
                    }
                    for (int j = 0; j < mult; j++) {
                        kernels.taps(len, live, s.coef[j], s.volume, offsets, bias == null ? 0f : bias[biasOff + j],
                                s.blocks[j], run * pw);
                    }
                }
                for (int j = 0; j < mult; j++) {
                    int dst = smallOff + j * g.smallVolume() + (o0 * g.small[1] + r0) * n2;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(s.blocks[j], r * pw, small, dst + r * n2, n2);
                    }
                }
            }
        }
    }

    /**
     * big[n, c] = bias + the adjoint of {@link #gather}: each small cell of the mult channels adds
     * w * itself to the padded cells its taps read; the padded planes' borders are then folded back
     * onto the cells the padding mode read them from.
     */
    void scatter(float[] big, int bigOff, float[] small, int smallOff, float[] w, int wOff, float bias, Scratch s) {
        float[] acc = s.volume;
        float[] shifted = s.shifted;
        Arrays.fill(acc, 0f);
        int pw = g.blockStride;
        int n2 = g.small[2];
        for (int o0 = 0; o0 < g.small[0]; o0++) {
            for (int r0 = 0; r0 < g.small[1]; r0 += g.blockRows) {
                int rows = Math.min(g.blockRows, g.small[1] - r0);
                loadSmall(small, smallOff, o0, r0, rows, s.blocks);
                for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                    int i0 = g.planeSource[o0 * g.kernel[0] + k0];
                    if (i0 < 0) {
                        continue;
                    }
                    for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                        for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                            int k = (k0 * g.kernel[1] + k1) * g.kernel[2] + k2;
                            for (int j = 0; j < mult; j++) {
                                float wv = w[wOff + j * kv + tap(k)];
                                float[] sm = s.blocks[j];
                                // the block placed where it lands, so both arrays share the index
                                if (g.contiguous()) {
                                    addAt(acc, shifted, i0 * g.paddedPlane + g.tapOffset(r0, k1, k2), sm, 0,
                                            rows * pw, wv);
                                } else {
                                    for (int r = 0; r < rows; r++) {
                                        addAt(acc, shifted, i0 * g.paddedPlane + g.tapOffset(r0 + r, k1, k2), sm,
                                                r * pw, n2, wv);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        fold(acc, big, bigOff, bias);
    }

    /** acc[start + x] += wv * src[from + x] for x < len, through a copy of src placed at start. */
    private static void addAt(float[] acc, float[] shifted, int start, float[] src, int from, int len, float wv) {
        System.arraycopy(src, from, shifted, start, len);
        for (int x = start; x < start + len; x++) {
            acc[x] += wv * shifted[x];
        }
    }

    /** Padded planes into the big planes at off: the middle copied, border cells added where the mode read them, then the bias. */
    private void fold(float[] acc, float[] big, int off, float bias) {
        int pw = g.rowWidth;
        int p1 = g.padBefore[1];
        int p2 = g.padBefore[2];
        int b1 = g.big[1];
        int b2 = g.big[2];
        for (int i0 = 0; i0 < g.big[0]; i0++) {
            int src = i0 * g.paddedPlane;
            int dst = off + i0 * b1 * b2;
            for (int r = 0; r < b1; r++) {
                int row = src + (r + p1) * pw;
                if (g.stride[2] == 1) {
                    System.arraycopy(acc, row + p2, big, dst + r * b2, b2);
                } else {
                    // phase by phase: a strided copy back
                    int s2 = g.stride[2];
                    for (int p = 0; p < s2; p++) {
                        int lo = Math.max(0, (p2 - p + s2 - 1) / s2);
                        int hi = (p2 + b2 - p + s2 - 1) / s2;
                        int to = dst + r * b2 + p - p2;
                        int from = row + p * g.phaseWidth;
                        for (int u = lo; u < hi; u++) {
                            big[to + u * s2] = acc[from + u];
                        }
                    }
                }
            }
            for (int y = 0; y < g.paddedHeight; y++) {
                int r = g.rowSource[y];
                if (r < 0) {
                    continue;
                }
                // a middle row's middle cells were copied above: only its border columns remain
                boolean middleRow = y >= p1 && y < p1 + b1;
                for (int q = 0; q < g.paddedWidth; q = middleRow && q == p2 - 1 ? p2 + b2 : q + 1) {
                    int c = g.colSource[q];
                    if (c >= 0 && !(middleRow && q >= p2 && q < p2 + b2)) {
                        big[dst + r * b2 + c] += acc[src + y * pw + g.stored(q)];
                    }
                }
            }
            if (bias != 0f) {
                for (int x = dst; x < dst + b1 * b2; x++) {
                    big[x] += bias;
                }
            }
        }
    }

    /**
     * w[c * mult + j, tap] = sum over the batch and small cells of small[n, c * mult + j] * what it
     * reads of big[n, c] through the tap. Each block cell's products go into a float lane, one per
     * block, and the lanes move into double sums every {@link #FLUSH_BLOCKS} blocks.
     */
    void weightGrad(float[] big, int bigStride, int bigOff, float[] small, int smallStride, int smallOff, int batch,
                    float[] w, int wOff, Scratch s) {
        Arrays.fill(s.sums, 0);
        for (int i = 0; i < s.lanes.length; i++) {
            Arrays.fill(s.lanes[i], 0f);
            Arrays.fill(s.outer[i], 0f);
        }
        int pw = g.blockStride;
        int inner = 0;
        int outer = 0;
        for (int n = 0; n < batch; n++) {
            pad(big, bigOff + n * bigStride, s.volume);
            for (int o0 = 0; o0 < g.small[0]; o0++) {
                for (int r0 = 0; r0 < g.small[1]; r0 += g.blockRows) {
                    int rows = Math.min(g.blockRows, g.small[1] - r0);
                    int len = rows * pw;
                    loadSmall(small, smallOff + n * smallStride, o0, r0, rows, s.blocks);
                    for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                        int i0 = g.planeSource[o0 * g.kernel[0] + k0];
                        if (i0 < 0) {
                            continue;
                        }
                        for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                            for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                                int k = (k0 * g.kernel[1] + k1) * g.kernel[2] + k2;
                                window(s.volume, i0 * g.paddedPlane, r0, rows, k1, k2, s.window);
                                float[] win = s.window;
                                for (int j = 0; j < mult; j++) {
                                    float[] sm = s.blocks[j];
                                    float[] lane = s.lanes[j * kv + k];
                                    for (int x = 0; x < len; x++) {
                                        lane[x] += sm[x] * win[x];
                                    }
                                }
                            }
                        }
                    }
                    if (++inner == FLUSH_BLOCKS) {
                        inner = 0;
                        addLanes(s);
                        if (++outer == FLUSH_BLOCKS) {
                            outer = 0;
                            total(s);
                        }
                    }
                }
            }
        }
        addLanes(s);
        total(s);
        for (int j = 0; j < mult; j++) {
            for (int k = 0; k < kv; k++) {
                w[wOff + j * kv + tap(k)] = (float) s.sums[j * kv + k];
            }
        }
    }

    /** The first-level lanes into the second, a vector loop; junk cells go along and are never totalled. */
    private static void addLanes(Scratch s) {
        for (int i = 0; i < s.lanes.length; i++) {
            float[] lane = s.lanes[i];
            float[] out = s.outer[i];
            for (int x = 0; x < lane.length; x++) {
                out[x] += lane[x];
            }
            Arrays.fill(lane, 0f);
        }
    }

    /** The second-level lanes' real cells (not the junk past each row's end) into the double sums. */
    private void total(Scratch s) {
        int pw = g.blockStride;
        for (int i = 0; i < s.outer.length; i++) {
            float[] out = s.outer[i];
            double sum = 0;
            for (int r = 0; r < g.blockRows; r++) {
                for (int o = 0; o < g.small[2]; o++) {
                    sum += out[r * pw + o];
                }
            }
            Arrays.fill(out, 0f);
            s.sums[i] += sum;
        }
    }
}
