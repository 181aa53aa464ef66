package org.convkit.algo.pool;

import java.util.Arrays;

import org.convkit.algo.reference.Lattice;
import org.convkit.runtime.SimdKernels;

/**
 * Pooling of small maps through a padded copy: each map is copied into a buffer whose border
 * already holds the padding's value (-infinity for max, 0 for average), so that every output's
 * window is its full kernel of taps at fixed offsets, and one run of the row kernel
 * ({@link SimdKernels#maxTaps}, {@link SimdKernels#sumTaps}) computes a whole dimension-0 slice of
 * outputs. The row passes take a 3-D window's rows (its taps in dimensions 0 and 1) one output row
 * at a time: on a 12x12x12 map pooled 2x2x2 by 2 that is 72 kernel calls per map on rows of 12,
 * under one vector, so scalar; here it is 6 runs of 144 positions.
 *
 * <p>Layout: the padded extent E_d = (out_d - 1) s_d + (k_d - 1) step_d + 1 of each dimension (the
 * cells some window reads; input cells past it are never copied). Dimensions 0 and 1 are stored by
 * stride phase (padded coordinate y at (y mod s) Q + y div s, Q = ceil(E / s)), so that tap t of
 * output o sits at a fixed offset plus o whatever the stride, and the outputs of consecutive rows are
 * consecutive positions of the run; dimension 2 is stored whole, E_2 wide, and the run computes
 * every position along it, the outputs taken every s_2-th. The padding's cells are written once per
 * buffer (the copies write only real cells, at the same places for every map).
 *
 * <p>For 3-D windows (a kernel above 1 in dimension 0) with a stride in dimension 0 or 1, and for
 * 2-D windows on maps of at most {@link #MAX_STACKED_FLOATS} stored floats
 * ({@link #MAX_STRIDED_STACKED_FLOATS} with a stride), which are stacked, up to {@link #MAX_FLOATS}
 * floats of them in one buffer, and run separably (a run of the window's rows into a second
 * buffer, then a run along its rows: k1 + k2 taps an output), each run over the whole stack. A
 * stack is stored phase by phase (every map's rows of one phase, then the next phase's), so that
 * the run of the window's rows covers each map's output rows and nothing between them, and when
 * the rows are s2 outputs wide the whole stack's outputs leave in one step-s2 copy: a 2x2 pool by
 * 2 of 14x14 maps took 0.65 of its time stored map by map, whose runs passed over the other
 * phase's rows. Map by map, the copies and picks of 2-D rows narrower than a vector had cost more
 * than the row passes' calls (measured 1.1-2x slower), and stacked but with every tap at every
 * position, 3x3 by 1 was no faster. Stacked and separable, one thread, one JVM, alternating with
 * the row passes: 3x3 by 1 on 8x8 maps 0.79-0.87 of the time, on 14x14 0.83-0.96, on 7x7 0.6; 2x2
 * by 2 on 14x14 0.6. 28x28 maps at stride 1 stay on the row passes (1.1x slower stacked).
 * Measured in one JVM, alternating with the row passes (3-D): 2x2x2 by 2 on 12^3 maps 1.4-1.7x faster, average 2x2x2
 * by 2 1.5-1.6x, 3x3x3 by 2 on 10^3 1.35-1.5x, 6^3 maps 1.0-1.3x.
 *
 * <p>The arithmetic: max as the row kernel's {@code Math.max}, the zeros and NaNs it may get wrong
 * settled by the caller as on the other paths; average as a sum of the window's taps in order
 * (padding's zeros add nothing; on stacked 2-D maps, the rows' sums summed), times the row factor,
 * times the column factor (on stacked 2-D maps, times their product, rounded once): (m - 1) + 4
 * roundings for m real cells, within the m + 3 of {@link DirectPool}'s budget.
 */
final class PaddedMaps {
    /** Stored floats per map at most: a map's buffer and its run's output stay in the first-level cache. */
    static final int MAX_FLOATS = 4096;
    /**
     * A 2-D map's stored floats at most: past that its rows are long enough for the row passes,
     * whose per-plane calls stacking saves.
     */
    static final int MAX_STACKED_FLOATS = 400;
    /**
     * The same with a stride: the row passes then make a call per output row, and 24x24 and 28x28
     * maps pooled 2x2 by 2 (or 3x3 by 2) took 0.65-0.85 of their time stacked.
     */
    static final int MAX_STRIDED_STACKED_FLOATS = 1024;
    /** Taps per window at most: every tap is read at every position, where the row passes read k0 k1 + k2. */
    static final int MAX_TAPS = 27;

    private final Windows w;
    private final Lattice l;
    /** Padded cells some window reads, per dimension, and the stored rows per phase (ceil(extent / stride)). */
    private final int[] extent = new int[Lattice.D];
    private final int[] phases = new int[Lattice.D];
    /** Stored rows of dimension 1 per stored plane, stored planes of dimension 0, the row width. */
    private final int rows1;
    private final int planes0;
    private final int width;
    /** Where each tap reads, relative to output (0, 0, 0). */
    private final int[] offsets;
    /** Positions of one slice's run: every output row but the last whole, the last up to its last output. */
    private final int runLength;
    private final int storedFloats;
    /** Maps stacked in one buffer and run at once (2-D maps; one for 3-D). */
    final int stack;
    /**
     * Stacked maps are stored phase by phase: a phase's rows of every map, then the next phase's.
     * Floats from one map's rows of a phase to the next map's, and from one phase to the next.
     */
    private final int mapPitch;
    private final int phasePitch;
    /** For average over stacked 2-D maps, each output's divisor factors multiplied (else null). */
    private final float[] scales;
    /**
     * Whether the copies may zero the cells past a row: for average (the padding is zeros), and for
     * max where every stored cell is a real one (no padding's -infinity to overwrite).
     */
    private final boolean overZeros;

    private PaddedMaps(Windows w) {
        this.w = w;
        this.l = w.l;
        for (int d = 0; d < Lattice.D; d++) {
            extent[d] = (l.small[d] - 1) * l.stride[d] + (l.kernel[d] - 1) * w.step(d) + 1;
            phases[d] = (extent[d] + l.stride[d] - 1) / l.stride[d];
        }
        rows1 = l.stride[1] * phases[1];
        planes0 = l.stride[0] * phases[0];
        width = extent[2];
        storedFloats = planes0 * rows1 * width;
        stack = l.kernel[0] == 1 && l.small[0] == 1 ? Math.max(1, MAX_FLOATS / storedFloats) : 1;
        mapPitch = phases[1] * width;
        phasePitch = stack * mapPitch;
        offsets = new int[l.kernel[0] * l.kernel[1] * l.kernel[2]];
        int t = 0;
        for (int k0 = 0; k0 < l.kernel[0]; k0++) {
            for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                for (int k2 = 0; k2 < l.kernel[2]; k2++) {
                    offsets[t++] = stored(0, k0 * w.step(0)) * rows1 * width + rowAt(k1 * w.step(1))
                            + k2 * w.step(2);
                }
            }
        }
        runLength = (l.small[1] - 1) * width + (l.small[2] - 1) * l.stride[2] + 1;
        boolean allReal = true;
        for (int d = 0; d < Lattice.D; d++) {
            int cells = d == 2 ? width : l.stride[d] * phases[d];
            allReal &= l.padBefore[d] == 0 && extent[d] == l.big[d] && cells == extent[d];
        }
        overZeros = !w.max || allReal;
        if (stack > 1 && !w.max) {
            scales = new float[l.small[1] * l.small[2]];
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    scales[o1 * l.small[2] + o2] = w.rowScale(0, o1) * w.columnScale(o2);
                }
            }
        } else {
            scales = null;
        }
    }

    /**
     * The path for a problem, or null when it is neither a small 3-D pooling nor a 2-D one of maps
     * small enough to stack, or indices are wanted.
     */
    static PaddedMaps of(Windows w, boolean indices) {
        Lattice l = w.l;
        long taps = (long) l.kernel[0] * l.kernel[1] * l.kernel[2];
        if (indices || taps > MAX_TAPS) {
            return null;
        }
        boolean flat = l.kernel[0] == 1 && l.small[0] == 1 && l.big[0] == 1;
        // at stride 1 in dimensions 0 and 1 the row passes run consecutive output rows as one call and
        // read k0 k1 + k2 taps per output where this reads k0 k1 k2 (3x3x3 by 1: 1.1x slower here)
        boolean merges = l.stride[0] == 1 && l.stride[1] == 1;
        if (!flat && (l.kernel[0] < 2 || merges)) {
            return null;
        }
        PaddedMaps p = new PaddedMaps(w);
        long floats = (long) p.planes0 * p.rows1 * p.width;
        int stackedLimit = merges && l.stride[2] == 1 ? MAX_STACKED_FLOATS : MAX_STRIDED_STACKED_FLOATS;
        return floats <= (flat ? stackedLimit : MAX_FLOATS) ? p : null;
    }

    /** Stored index, in dimension d, of padded coordinate y. */
    private int stored(int d, int y) {
        return y % l.stride[d] * phases[d] + y / l.stride[d];
    }

    /** Where padded row y of the first stacked map starts in a stored plane. */
    private int rowAt(int y) {
        return y % l.stride[1] * phasePitch + y / l.stride[1] * width;
    }

    /** Floats of a worker's buffer: the stored maps, then one slice's run over them (with a vector of slack). */
    int bufferFloats() {
        return 3 * stack * storedFloats + runLength + 2 * width + 128;
    }

    /** Taps per window: the size of the offsets array a slice needs. */
    int taps() {
        return offsets.length;
    }

    /** Writes the padding's value over the stored map: once per buffer, before its first map. */
    void prepare(float[] buf) {
        Arrays.fill(buf, 0, stack * storedFloats, w.max ? Float.NEGATIVE_INFINITY : 0f);
    }

    /**
     * Copies the real cells (those some window reads) of maps [map, map + maps) into the buffer's
     * stored maps 0 to maps - 1. Where {@link #overZeros}, rows go in whole vectors, the lanes past
     * each row zeroed in a register, planes, phases and maps in the order they are stored, so that
     * those lanes fall on cells written after them (or on padding, for average, whose value is
     * zero); else each row exactly.
     */
    void copyIn(SimdKernels k, float[] x, int map, int maps, float[] buf) {
        int b2 = l.big[2];
        int s0 = l.stride[0];
        int s1 = l.stride[1];
        int p0 = l.padBefore[0];
        int p1 = l.padBefore[1];
        int p2 = l.padBefore[2];
        int cells = Math.min(b2, extent[2] - p2);
        // input rows (and planes) from here on lie past every window
        int rowsRead = Math.min(l.big[1], extent[1] - p1);
        int planesRead = Math.min(l.big[0], extent[0] - p0);
        if (cells <= 0) {
            return;
        }
        for (int sp = 0; sp < planes0; sp++) {
            // stored plane sp holds padded plane y = (sp mod phases0) s0 + sp div phases0
            int i0 = sp % phases[0] * s0 + sp / phases[0] - p0;
            if (i0 < 0 || i0 >= planesRead) {
                continue;
            }
            for (int phase = 0; phase < s1; phase++) {
                // input rows a, a + s1, ... share a phase of dimension 1: consecutive stored rows
                int a = Math.floorMod(phase - p1, s1);
                if (a >= rowsRead) {
                    continue;
                }
                int n = (rowsRead - a + s1 - 1) / s1;
                for (int m = 0; m < maps; m++) {
                    int src = (map + m) * w.inMap + i0 * l.big[1] * b2 + a * b2;
                    int to = m * mapPitch + sp * rows1 * width + rowAt(a + p1) + p2;
                    if (overZeros) {
                        k.copyRowsOverZeros(n, cells, x, src, s1 * b2, 1, buf, to, width);
                    } else {
                        k.copyRows(n, cells, x, src, s1 * b2, 1, buf, to, width, 1);
                    }
                }
            }
        }
    }

    /**
     * Slice o0 of the first {@code maps} stacked maps in the buffer (2-D maps: their only slice): one
     * run over them into the buffer's run area, then each map's outputs into y from {@code yOff},
     * a slice apart (times the divisor's factors, for average). For max, whether some value the run
     * wrote is a zero or a NaN.
     */
    boolean slice(SimdKernels k, float[] buf, int o0, int maps, int[] tapOffsets, float[] y, int yOff) {
        // output (o0, o1, o2)'s taps sit at stored plane o0 and row o1 past output (0, 0, 0)'s
        int base = o0 * rows1 * width;
        for (int t = 0; t < offsets.length; t++) {
            tapOffsets[t] = base + offsets[t];
        }
        int z = stack * storedFloats;
        int n1 = l.small[1];
        int n2 = l.small[2];
        int s2 = l.stride[2];
        int run = (maps - 1) * mapPitch + runLength;
        int slice = n1 * n2;
        if (stack > 1) {
            // stacked 2-D maps, separably: the window's rows into v, then along v's rows into z
            // (k1 + k2 taps an output, not k1 k2), each one run over the whole stack
            int v = z;
            z = v + (maps - 1) * mapPitch + n1 * width + width;
            int rowsLen = (maps - 1) * mapPitch + (n1 - 1) * width + width;
            int k1 = l.kernel[1];
            int k2 = l.kernel[2];
            for (int t = 0; t < k1; t++) {
                tapOffsets[t] = offsets[t * k2];
            }
            boolean suspect = w.max ? k.maxTaps(rowsLen, k1, buf, tapOffsets, buf, v, false)
                    : sum(k, rowsLen, k1, buf, tapOffsets, v);
            for (int t = 0; t < k2; t++) {
                tapOffsets[t] = v + t * w.step(2);
            }
            suspect = w.max ? k.maxTaps(run, k2, buf, tapOffsets, buf, z, true) : sum(k, run, k2, buf, tapOffsets, z);
            pick(k, buf, z, maps, o0, y, yOff);
            return suspect;
        }
        if (w.max) {
            boolean suspect = k.maxTaps(run, offsets.length, buf, tapOffsets, buf, z, true);
            pick(k, buf, z, maps, o0, y, yOff);
            return suspect;
        }
        k.sumTaps(run, offsets.length, buf, tapOffsets, 1f, buf, z);
        pick(k, buf, z, maps, o0, y, yOff);
        return false;
    }

    /** sumTaps, for the expression above; an average's run never reports a suspect. */
    private static boolean sum(SimdKernels k, int n, int taps, float[] buf, int[] tapOffsets, int out) {
        k.sumTaps(n, taps, buf, tapOffsets, 1f, buf, out);
        return false;
    }

    /**
     * The outputs of the run at {@code buf[z]} (map m's from {@code z + m * mapPitch}) into y from
     * {@code yOff}, a slice apart, for average times the divisor's factors.
     */
    private void pick(SimdKernels k, float[] buf, int z, int maps, int o0, float[] y, int yOff) {
        int n1 = l.small[1];
        int n2 = l.small[2];
        int s2 = l.stride[2];
        int slice = n1 * n2;
        if (w.max || scales != null) {
            // the outputs picked in vectors; an average's then scaled by their divisors' product, in
            // a loop the JIT vectorizes (output by output, the scalar picks took as long as the run).
            // Rows exactly s2 outputs wide: a map's outputs are every s2-th position of its run, and
            // with no stored row between two maps' outputs, the whole stack's are (a 7-wide row is
            // under a vector, and a copy per row, or per 49-output map, ran mostly scalar)
            boolean flat = width == s2 * n2;
            boolean whole = flat && mapPitch == n1 * width;
            int copies = whole ? 1 : maps;
            for (int m = 0; m < copies; m++) {
                int to = yOff + m * slice;
                int outputs = whole ? maps * slice : slice;
                k.copyRows(flat ? 1 : n1, flat ? outputs : n2, buf, z + m * mapPitch, width, s2, y, to, n2, 1);
            }
            if (scales != null) {
                for (int m = 0; m < maps; m++) {
                    int to = yOff + m * slice;
                    for (int i = 0; i < slice; i++) {
                        y[to + i] *= scales[i];
                    }
                }
            }
            return;
        }
        for (int m = 0; m < maps; m++) {
            for (int o1 = 0; o1 < n1; o1++) {
                float rowScale = w.rowScale(o0, o1);
                int from = z + m * mapPitch + o1 * width;
                int to = yOff + m * slice + o1 * n2;
                for (int o2 = 0; o2 < n2; o2++) {
                    y[to + o2] = buf[from + o2 * s2] * rowScale * w.columnScale(o2);
                }
            }
        }
    }
}
