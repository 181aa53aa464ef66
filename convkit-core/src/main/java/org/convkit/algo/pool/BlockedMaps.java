package org.convkit.algo.pool;

import java.util.Arrays;

import org.convkit.algo.reference.Lattice;
import org.convkit.runtime.SimdKernels;

/**
 * Pooling of small maps with the maps in the vector lanes (XNNPACK's channel-wise pooling
 * micro-kernels, oneDNN's and MLAS's blocked layouts): L consecutive maps (any channels of any
 * images: pooling treats every map alike) are copied, with the padding's value around them
 * (-infinity for max, 0 for average), into a buffer that holds each cell's L maps side by side
 * ({@link SimdKernels#toLanes}); every output is then one chain of full vectors over its window's
 * taps ({@link SimdKernels#blockPool}), one kernel call per block of maps; and the outputs go back to
 * NCHW ({@link SimdKernels#fromLanes}). The row passes and {@link PaddedMaps} vectorize along a
 * map's rows, which on a 12x12x12 map are narrower than a vector and cost a kernel call per few
 * cells, and compute a strided window's outputs densely: here a vector is always full, only real
 * outputs are computed, and the per-plane costs are paid once per L maps.
 *
 * <p>Any kernel, stride, dilation, padding and ceil mode of a 3-D window, without argmax indices
 * (training's max pooling keeps the row passes, which give them); 2-D windows stay on the row
 * passes, which are faster there (see {@link #of}).
 *
 * <p>The arithmetic is {@link PaddedMaps}': max as {@code Math.max}, the zeros and NaNs it may get
 * wrong settled by the caller; average as the sum of the window's taps in row-major order (the
 * padding's zeros add nothing), times the row factor, times the column factor: (m - 1) + 4
 * roundings for m real cells, within the m + 3 of {@link DirectPool}'s budget. Each output's
 * arithmetic depends only on the problem, so results are the same bits for any thread count.
 */
final class BlockedMaps {
    /**
     * Floats of the padded block at most (its outputs besides): a block stays in the second-level
     * cache. Past it a map is not small, and the row passes stream it well.
     */
    static final long MAX_BLOCK_FLOATS = 1 << 16;

    private final Windows w;
    private final Lattice l;
    final int lanes;
    /** The padded extent the outputs read, per dimension. */
    private final int[] span = new int[Lattice.D];
    /** Each tap's cell relative to its window's first, times the lanes. */
    private final int[] offsets;
    private final int blockFloats;
    /** Each output's first tap in the block, in output order. */
    private final int[] cells;
    private final int outCells;
    /** The input cells some window reads, as offsets in an input map, and where each goes in the block. */
    private final int[] readFrom;
    private final int[] readTo;
    /** Whether the windows read every input cell, in order: then the copy in is one transposing copy. */
    private final boolean readAll;

    private BlockedMaps(Windows w, int lanes) {
        this.w = w;
        this.l = w.l;
        this.lanes = lanes;
        for (int d = 0; d < Lattice.D; d++) {
            span[d] = (l.small[d] - 1) * l.stride[d] + (l.kernel[d] - 1) * w.step(d) + 1;
        }
        offsets = new int[l.kernel[0] * l.kernel[1] * l.kernel[2]];
        int t = 0;
        for (int k0 = 0; k0 < l.kernel[0]; k0++) {
            for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                for (int k2 = 0; k2 < l.kernel[2]; k2++) {
                    offsets[t++] = cell(k0 * w.step(0), k1 * w.step(1), k2 * w.step(2)) * lanes;
                }
            }
        }
        blockFloats = span[0] * span[1] * span[2] * lanes;
        cells = l.windowStarts(span, lanes);
        outCells = l.small[0] * l.small[1] * l.small[2];
        // input cells past the padded span are never read
        int zs = Math.max(0, Math.min(l.big[0], span[0] - l.padBefore[0]));
        int ys = Math.max(0, Math.min(l.big[1], span[1] - l.padBefore[1]));
        int xs = Math.max(0, Math.min(l.big[2], span[2] - l.padBefore[2]));
        readFrom = new int[zs * ys * xs];
        readTo = new int[readFrom.length];
        int r = 0;
        for (int z = 0; z < zs; z++) {
            for (int y = 0; y < ys; y++) {
                for (int x = 0; x < xs; x++) {
                    readFrom[r] = (z * l.big[1] + y) * l.big[2] + x;
                    readTo[r++] = cell(z + l.padBefore[0], y + l.padBefore[1], x + l.padBefore[2]) * lanes;
                }
            }
        }
        readAll = readFrom.length == w.inMap;
    }

    /**
     * The path for a problem, or null: when indices are wanted, when there are too few maps to fill
     * half the lanes, when the window is not 3-D (more than one tap in dimension 0 and in another),
     * or when the maps are not small.
     *
     * <p>Measured in one run against the paths it replaces (2 threads, best median of 2 alternating
     * runs, AVX-512): 2x2x2 by 2 max pooling on 12^3 maps 1.8-1.9x faster, on 6^3 3.5-4.3x, on 16^3
     * (a 64K-float block) 0.97x; 3x3x3 by 2 on 12^3 2.2x, by 1 1.14x; average 2x2x2 by 2 1.1-1.2x,
     * 3x3x3 by 1 on 8^3 1.24x. 2-D windows lose, whose rows the row passes vectorize well and
     * separably (3 + 3 taps an output for 3x3, not 9): 3x3 by 1 on 8x8 to 35x35 maps 0.3-0.8x, 2x2
     * by 2 on 14x14 to 56x56 0.4-1.0x, 7x7 maps about even; so does a 3x1x1 window (0.76x).
     */
    static BlockedMaps of(Windows w, boolean indices, int lanes) {
        Lattice l = w.l;
        boolean window3d = l.kernel[0] > 1 && l.kernel[1] * l.kernel[2] > 1;
        if (indices || !window3d || w.maps < Math.max(2, lanes / 2)) {
            return null;
        }
        BlockedMaps b = new BlockedMaps(w, lanes);
        return b.blockFloats <= MAX_BLOCK_FLOATS ? b : null;
    }

    private int cell(int z, int y, int x) {
        return (z * span[1] + y) * span[2] + x;
    }

    /** Floats of a worker's buffer: the padded block, then its outputs. */
    int bufferFloats() {
        return blockFloats + outCells * lanes;
    }

    /** Taps per window: the size of the offsets array a block needs. */
    int taps() {
        return offsets.length;
    }

    /**
     * Maps [map, map + width) of x pooled into y, width at most the lanes; buf is a worker's buffer
     * of {@link #bufferFloats()}. For max, whether some value written is a zero or a NaN.
     */
    boolean run(SimdKernels k, float[] x, int map, int width, float[] buf, float[] y) {
        // the padding's value everywhere, the real cells then written over it (lanes past width keep
        // it: they are never copied out)
        Arrays.fill(buf, 0, blockFloats, w.max ? Float.NEGATIVE_INFINITY : 0f);
        int planes = map * w.inMap;
        if (readAll) {
            k.toLanes(readTo.length, width, x, planes, w.inMap, buf, 0, readTo);
        } else {
            for (int c = 0; c < width; c++) {
                int plane = planes + c * w.inMap;
                for (int r = 0; r < readFrom.length; r++) {
                    buf[readTo[r] + c] = x[plane + readFrom[r]];
                }
            }
        }
        boolean suspect = k.blockPool(w.max, outCells, offsets.length, buf, 0, cells, offsets, buf, blockFloats);
        int out = map * w.outMap;
        k.fromLanes(outCells, width, buf, blockFloats, y, out, w.outMap);
        if (!w.max) {
            for (int c = 0; c < width; c++) {
                int at = out + c * w.outMap;
                for (int o0 = 0; o0 < l.small[0]; o0++) {
                    for (int o1 = 0; o1 < l.small[1]; o1++) {
                        float rowScale = w.rowScale(o0, o1);
                        for (int o2 = 0; o2 < l.small[2]; o2++, at++) {
                            y[at] = y[at] * rowScale * w.columnScale(o2);
                        }
                    }
                }
            }
        }
        return suspect;
    }
}
