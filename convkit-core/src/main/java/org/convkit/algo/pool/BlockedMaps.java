package org.convkit.algo.pool;

import java.util.Arrays;

import org.convkit.algo.reference.LaneBlock;
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
    /** The padded block's layout: where each input cell goes, each tap, each output; its lanes, maps a block. */
    final LaneBlock block;
    private final int outCells;

    private BlockedMaps(Windows w, int lanes) {
        this.w = w;
        this.l = w.l;
        this.block = new LaneBlock(l, lanes);
        outCells = l.smallVolume();
    }

    /**
     * The path for a problem, or null: when indices are wanted, when there are too few maps to fill
     * half the lanes, when the window is not 3-D (more than one tap in dimension 0 and in another),
     * or when the maps are not small.
     *
     * <p>Measured in one run against the paths it replaces (2 threads, best median of 2 alternating
     * runs, 512-bit vectors): 2x2x2 by 2 max pooling on 12^3 maps 1.8-1.9x faster, on 6^3 3.5-4.3x, on 16^3
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
        return b.block.floats <= MAX_BLOCK_FLOATS ? b : null;
    }

    /** Floats of a worker's buffer: the padded block, then its outputs. */
    int bufferFloats() {
        return block.floats + outCells * block.lanes;
    }

    /**
     * Maps [map, map + width) of x pooled into y, width at most the lanes; buf is a worker's buffer
     * of {@link #bufferFloats()}. For max, whether some value written is a zero or a NaN.
     */
    boolean run(SimdKernels k, float[] x, int map, int width, float[] buf, float[] y) {
        // the padding's value everywhere, the real cells then written over it (lanes past width keep
        // it: they are never copied out)
        Arrays.fill(buf, 0, block.floats, w.max ? Float.NEGATIVE_INFINITY : 0f);
        int planes = map * w.inMap;
        block.copyIn(k, width, x, planes, w.inMap, buf);
        boolean suspect = k.blockPool(w.max, outCells, block.taps.length, buf, 0, block.starts, block.taps, buf,
                block.floats);
        int out = map * w.outMap;
        k.fromLanes(outCells, width, buf, block.floats, y, out, w.outMap);
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
