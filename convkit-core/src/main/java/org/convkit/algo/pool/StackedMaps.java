package org.convkit.algo.pool;

import java.util.Arrays;

import org.convkit.algo.reference.Lattice;
import org.convkit.runtime.SimdKernels;

/**
 * Stride-1 pooling of small 2-D maps whose output is as large as the input ("same" padding), many
 * maps at once: the maps are copied, one copy each, into a buffer at their own row pitch, padding
 * rows between them (the padding's value, written once per buffer), and the window runs
 * separably over the whole stack, one run of its rows into a second buffer and one along them.
 * The run along the rows takes only each output's own row's cells
 * ({@link SimdKernels#maxTapsInRows}: a table of each position's column, compared in registers),
 * so the columns whose window the border cuts need no pass of their own: worked out one by one
 * after the run, those took half the time of an 8x8 map's pooling. Row by row, an 8x8 map cost a
 * handful of kernel calls on rows narrower than a vector; in {@link PaddedMaps}' padded copy, its
 * 8-wide rows were copied in and picked out a cell at a time.
 *
 * <p>The arithmetic: max as the row kernel's {@code Math.max}, the zeros and NaNs it may get wrong
 * settled by the caller; average as the sum over the window's rows, summed along the row (padding's
 * zeros add nothing), times the product of the row and column factors: (m - 1) + 3 roundings for m
 * real cells, within the m + 3 of {@link DirectPool}'s budget.
 */
final class StackedMaps {
    /** A map's stored floats at most: larger maps' rows are long enough for the row passes. */
    static final int MAX_MAP_FLOATS = 512;
    /** Stored floats of a stack at most, so that it and its runs stay in the first-level cache. */
    static final int MAX_FLOATS = 4096;
    /** Slack around the rows' buffer, so that the run along them may read past both ends. */
    private static final int SLACK = 64;

    private final Windows w;
    private final Lattice l;
    /** Maps per stack, stored rows per map (its rows and the padding rows before and after), row width. */
    final int stack;
    private final int rows;
    private final int width;
    private final int mapFloats;
    /** Where the rows' buffer starts in a worker's buffer (the stored maps start at 0). */
    private final int rowsAt;
    /** For average, each output's divisor factors multiplied, at its place in a stack's run (else null). */
    private final float[] scales;
    /** Each position's column in a stack's run, and the columns at which each tap along the rows counts: [lo, hi). */
    private final float[] columns;
    private final int[] lo;
    private final int[] hi;

    private StackedMaps(Windows w) {
        this.w = w;
        this.l = w.l;
        width = l.big[2];
        rows = l.small[1] + (l.kernel[1] - 1) * w.step(1);
        mapFloats = rows * width;
        stack = Math.max(1, MAX_FLOATS / mapFloats);
        rowsAt = stack * mapFloats + SLACK;
        columns = new float[stack * mapFloats];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = i % width;
        }
        int k2 = l.kernel[2];
        lo = new int[k2];
        hi = new int[k2];
        for (int t = 0; t < k2; t++) {
            // a side the tap never crosses is unbounded, so that the kernels compare only at the edges
            int delta = t * w.step(2) - l.padBefore[2];
            lo[t] = delta >= 0 ? Integer.MIN_VALUE : -delta;
            hi[t] = delta <= 0 ? Integer.MAX_VALUE : Math.max(0, width - delta);
        }
        if (w.max) {
            scales = null;
        } else {
            // at every position of a stack's run, so that scaling it is a[i] *= b[i], a loop the JIT
            // vectorizes (with two offsets, JDK 17's does not: a fifth of the time)
            scales = new float[stack * mapFloats];
            for (int m = 0; m < stack; m++) {
                for (int o1 = 0; o1 < l.small[1]; o1++) {
                    for (int o2 = 0; o2 < l.small[2]; o2++) {
                        scales[m * mapFloats + o1 * width + o2] = w.rowScale(0, o1) * w.columnScale(o2);
                    }
                }
            }
        }
    }

    /** The path for a problem, or null when it is not a stride-1 "same" pooling of small 2-D maps, or indices are wanted. */
    static StackedMaps of(Windows w, boolean indices) {
        Lattice l = w.l;
        boolean flat = l.kernel[0] == 1 && l.small[0] == 1 && l.big[0] == 1;
        if (indices || !flat) {
            return null;
        }
        for (int d = 1; d < Lattice.D; d++) {
            boolean same = l.stride[d] == 1 && l.small[d] == l.big[d]
                    && l.padBefore[d] + l.padAfter[d] == (l.kernel[d] - 1) * w.step(d)
                    && l.padBefore[d] + l.padAfter[d] < SLACK;
            if (!same) {
                return null;
            }
        }
        long stored = (long) (l.small[1] + (l.kernel[1] - 1) * w.step(1)) * l.big[2];
        return stored <= MAX_MAP_FLOATS ? new StackedMaps(w) : null;
    }

    /** Floats of a worker's buffer. */
    int bufferFloats() {
        return rowsAt + stack * mapFloats + SLACK;
    }

    /** Floats of a worker's run buffer (an array of its own: see {@link #scales}). */
    int runFloats() {
        return stack * mapFloats;
    }

    /** Taps a run needs offsets for. */
    int taps() {
        return Math.max(l.kernel[1], l.kernel[2]);
    }

    /** Writes the padding's value over the stored maps and the rows' buffer's slack: once per buffer. */
    void prepare(float[] buf) {
        Arrays.fill(buf, 0, bufferFloats(), w.max ? Float.NEGATIVE_INFINITY : 0f);
    }

    /** Copies map's rows into the buffer's stored map number {@code at}, past its padding rows. */
    void copyIn(float[] x, int map, float[] buf, int at) {
        System.arraycopy(x, map * w.inMap, buf, at * mapFloats + l.padBefore[1] * width, l.big[1] * width);
    }

    /**
     * The first {@code maps} stacked maps' outputs into y from {@code yOff}, a map apart, through
     * {@code z} ({@link #runFloats}). For max, whether some value written is a zero or a NaN.
     */
    boolean run(SimdKernels k, float[] buf, float[] z, int maps, int[] offsets, float[] y, int yOff) {
        int n1 = l.small[1];
        int n2 = l.small[2];
        int slice = n1 * n2;
        int k1 = l.kernel[1];
        int k2 = l.kernel[2];
        int d1 = w.step(1);
        int d2 = w.step(2);
        int p2 = l.padBefore[2];
        // position q of either run is output row q / width of the stack's rows, column q % width
        int n = (maps - 1) * mapFloats + slice;
        for (int t = 0; t < k1; t++) {
            offsets[t] = t * d1 * width;
        }
        if (w.max) {
            k.maxTaps(n, k1, buf, offsets, buf, rowsAt, false);
        } else {
            k.sumTaps(n, k1, buf, offsets, 1f, buf, rowsAt);
        }
        for (int t = 0; t < k2; t++) {
            offsets[t] = rowsAt + t * d2 - p2;
        }
        boolean suspect = false;
        if (w.max) {
            suspect = k.maxTapsInRows(n, k2, buf, offsets, columns, 0, lo, hi, z, 0, true);
        } else {
            k.sumTapsInRows(n, k2, buf, offsets, columns, 0, lo, hi, z, 0);
            float[] f = scales;
            for (int i = 0; i < n; i++) {
                z[i] *= f[i];
            }
        }
        for (int m = 0; m < maps; m++) {
            System.arraycopy(z, m * mapFloats, y, yOff + m * slice, slice);
        }
        return suspect;
    }
}
