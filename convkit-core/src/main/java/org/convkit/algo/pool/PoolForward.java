package org.convkit.algo.pool;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.Parallel;
import org.convkit.runtime.Scratch;
import org.convkit.runtime.SimdKernels;
import org.convkit.algo.reference.Lattice;

/**
 * Max and average pooling forward, as separable reductions (MLAS's scheme): for a block of output
 * rows of one map (a row runs along the innermost dimension), a vertical pass reduces each output
 * row's input rows (its window's real taps in dimensions 0 and 1) into a row buffer v, then a
 * horizontal pass reduces v along dimension 2. Both passes are unit-stride kernel calls
 * ({@link SimdKernels#maxTaps}, {@link SimdKernels#sumTaps}) over whole rows: a strided window is
 * reduced densely, at every buffer position, and its outputs picked afterwards (the one scalar
 * loop, one load and store per output; without shuffles there is no faster way to take every s-th
 * lane), so an output costs about (taps in dims 0-1) + s * (taps in dim 2) vector lanes instead of
 * the window's volume of scalar steps. Consecutive output rows whose windows are consecutive input
 * rows (stride 1, all taps real) are one vertical pass over all their rows, and with stride 1 and
 * "same" padding the horizontal pass writes y itself. A kernel of 1 in dimensions 0 and 1 (1-D
 * pooling) has no vertical pass: the horizontal pass reads the input. Outputs whose window the
 * border cuts in dimension 2 are reduced one by one from the buffer (the padding is never
 * materialised: only real taps are read). Windows that are whole maps (global pooling) are reduced
 * a task's maps at a time, one run each ({@link SimdKernels#sumRuns}); other windows as wide as the
 * rows one by one straight from the input, as runs of whole rows. Small 3-D maps with a stride in
 * dimension 0 or 1, whose rows the vertical pass would take one output row at a time, and small
 * 2-D maps, whose every plane would cost a handful of calls on rows narrower than a vector, go
 * through a padded copy instead ({@link PaddedMaps}: one run per output plane, or per stack of
 * 2-D maps). Many small maps under a 3-D window go a vector's lanes of maps at a time
 * ({@link BlockedMaps}), without argmax indices.
 *
 * <p>Max pooling uses {@code Math.max}, which parts from the reference's first-largest rule only at
 * zeros and NaNs; the horizontal kernel reports whether it wrote one, and only then are those
 * windows walked again ({@link #settle}). Wide rows are cut into segments so that a block's buffers
 * stay in the first-level cache. Every output's arithmetic depends only on the problem, never on
 * the blocks a thread takes, so results are the same bits for any thread count.
 */
final class PoolForward {
    /** Floats of row buffer per block: a block's buffer stays in the first-level cache. */
    static final int BLOCK_FLOATS = 2048;
    /** Below this many floats read and written, the call runs on the calling thread. */
    static final long INLINE_FLOATS = 1 << 15;

    private final Windows w;
    /** Whether the runs give argmax indices: small maps' copies have none. */
    private final boolean indices;
    private final Lattice l;
    /** Each window reduced directly (windows as wide as the rows), instead of by rows. */
    private final boolean perWindow;
    /** Each window the whole map (global pooling): the maps' runs reduced by one kernel call per task. */
    private final boolean global;
    /** The horizontal pass reduces densely then picks the outputs, instead of output by output. */
    private final boolean dense;
    /** Each output row's window is one input row (a kernel of 1 in dimensions 0 and 1): no vertical pass. */
    private final boolean fromInput;
    private final int rowsPerBlock;
    private final int blocksPerPlane;
    /** Column segments: output columns [segStart[s], segStart[s+1]) read input columns [segA[s], segA[s] + segW[s]). */
    private final int[] segStart;
    private final int[] segA;
    private final int[] segW;
    private final int maxTaps01;
    private final int bufferFloats;
    /** Small maps: through a padded copy, a run per dimension-0 slice, small 2-D maps stacked (else null). */
    private final PaddedMaps padded;
    /** Small 2-D maps at stride 1 with "same" padding: stacked at their own row pitch (else null). */
    private final StackedMaps stacked;
    /** Small maps, many of them, without indices: a vector's lanes of maps at a time (else null). */
    private final BlockedMaps blocked;

    PoolForward(Windows w, boolean indices) {
        this.w = w;
        this.l = w.l;
        int big2 = l.big[2];
        int small2 = l.small[2];
        int span2 = (l.kernel[2] - 1) * w.step(2) + 1;
        int cols = Math.max(1, (BLOCK_FLOATS - span2) / l.stride[2] + 1);
        int segs = (small2 + cols - 1) / cols;
        segStart = new int[segs + 1];
        segA = new int[segs];
        segW = new int[segs];
        int widest = 0;
        for (int s = 0; s < segs; s++) {
            int c0 = s * cols;
            int c1 = Math.min(small2, c0 + cols);
            segStart[s] = c0;
            segStart[s + 1] = c1;
            int a = big2;
            int b = 0;
            for (int o2 = c0; o2 < c1; o2++) {
                int c = w.count[2][o2];
                if (c > 0) {
                    a = Math.min(a, w.first[2][o2]);
                    b = Math.max(b, w.first[2][o2] + (c - 1) * w.step(2) + 1);
                }
            }
            segA[s] = Math.min(a, b);
            segW[s] = Math.max(0, b - a);
            widest = Math.max(widest, segW[s]);
        }
        rowsPerBlock = Math.max(1, Math.min(l.small[1], BLOCK_FLOATS / Math.max(1, widest)));
        blocksPerPlane = (l.small[1] + rowsPerBlock - 1) / rowsPerBlock;
        maxTaps01 = l.kernel[0] * l.kernel[1];
        bufferFloats = rowsPerBlock * widest + (l.kernel[2] - 1) * w.step(2) + 1;
        this.indices = indices;
        dense = l.stride[2] <= 4;
        fromInput = l.kernel[0] == 1 && l.kernel[1] == 1;
        // windows as wide as the rows: each window is a run of whole rows, which the per-window loop
        // sums in one stride-1 pass, where the row passes would make calls for single outputs
        perWindow = small2 == 1 && w.step(2) == 1 && w.first[2][0] == 0 && w.count[2][0] == big2;
        global = perWindow && l.small[0] == 1 && l.small[1] == 1 && w.step(0) == 1 && w.step(1) == 1
                && w.first[0][0] == 0 && w.count[0][0] == l.big[0] && w.first[1][0] == 0 && w.count[1][0] == l.big[1];
        blocked = perWindow ? null : BlockedMaps.of(w, indices, Kernels.active().blockLanes());
        stacked = perWindow || blocked != null ? null : StackedMaps.of(w, indices);
        padded = perWindow || blocked != null || stacked != null ? null : PaddedMaps.of(w, indices);
    }

    /**
     * Pools x into y (and, when prepared for them, each max's index into indices); any number of
     * calls may run at once.
     */
    void run(float[] x, float[] y, int[] indices, int threads) {
        if ((indices != null) != this.indices) {
            throw new IllegalStateException("prepared " + (this.indices ? "with" : "without") + " indices");
        }
        Call c = new Call(x, y, indices);
        int planes = w.maps * l.small[0];
        // the per-window path has no buffers to keep in cache: its unit is a whole plane
        int segs = segStart.length - 1;
        int units = perWindow ? planes : blocked != null ? (w.maps + blocked.block.lanes - 1) / blocked.block.lanes
                : padded != null || stacked != null ? w.maps : planes * blocksPerPlane * segs;
        long floats = (long) w.maps * (w.inMap + w.outMap);
        int t = floats < INLINE_FLOATS ? 1 : threads;
        int tasks = Math.min(units, Math.max(1, t) * 4);
        Parallel.forEach(tasks, t, task -> {
            int from = (int) ((long) units * task / tasks);
            int to = (int) ((long) units * (task + 1) / tasks);
            if (global) {
                c.runGlobal(from, to);
            } else if (perWindow) {
                int[] rowAt = w.max ? new int[Math.max(1, maxTaps01)] : null;
                for (int plane = from; plane < to; plane++) {
                    int map = plane / l.small[0];
                    int o0 = plane % l.small[0];
                    PathTrace.mark("forward: windows");
                    c.windows(map, o0, 0, l.small[1], 0, l.small[2]);
                    if (w.max) {
                        c.settle(map, o0, 0, l.small[1], 0, l.small[2], rowAt);
                    }
                }
            } else if (blocked != null) {
                c.runBlocked(from, to);
            } else if (stacked != null) {
                c.runStacked(from, to);
            } else if (padded != null) {
                c.runPadded(from, to);
            } else {
                c.runBlocks(from, to);
            }
        });
    }

    /** One call's arrays: its input, output and indices, the geometry the prepared form's. */
    private final class Call {
        private final float[] x;
        private final float[] y;
        private final int[] indices;

        Call(float[] x, float[] y, int[] indices) {
            this.x = x;
            this.y = y;
            this.indices = indices;
        }

        /**
         * Maps [from, to) whose windows are the whole map: one run each, their sums (or maxima) in
         * one kernel call, 3-5x faster on 7x7 maps than the window loop's eight scalar chains.
         */
        void runGlobal(int from, int to) {
            SimdKernels k = Kernels.active();
            PathTrace.mark("forward: global");
            if (!w.max) {
                k.sumRuns(to - from, w.inMap, x, from * w.inMap, w.inMap, y, from);
                float rowScale = w.rowScale(0, 0);
                float columnScale = w.columnScale(0);
                for (int m = from; m < to; m++) {
                    y[m] = y[m] * rowScale * columnScale;
                }
                return;
            }
            if (unsettled(k, k.maxRuns(to - from, w.inMap, x, from * w.inMap, w.inMap, y, from), from * w.inMap,
                    to * w.inMap)) {
                int[] rowAt = new int[Math.max(1, maxTaps01)];
                for (int m = from; m < to; m++) {
                    settle(m, 0, 0, 1, 0, 1, rowAt);
                }
            }
        }

        /**
         * Whether a block's maxima must be walked again ({@link #settle}): for its indices, or when the
         * kernel wrote a zero or a NaN and x[from, to), the cells the block read, holds a negative zero
         * or a NaN. Without them a zero max is +0 by Math.max and by the first-largest rule alike:
         * after a ReLU one 2x2 window in sixteen is all zeros, and walking every output for them made
         * such a pooling 3-4x slower.
         */
        private boolean unsettled(SimdKernels k, boolean suspect, int from, int to) {
            return indices != null || suspect && k.hasNegativeZeroOrNaN(x, from, to);
        }

        /** Maps [from, to) through {@link PaddedMaps}: the padding written once, then each map copied in and its slices run. */
        private void runPadded(int from, int to) {
            SimdKernels k = Kernels.active();
            float[] buf = Scratch.take(padded.bufferFloats());
            int[] offsets = new int[padded.taps()];
            int[] rowAt = w.max ? new int[Math.max(1, maxTaps01)] : null;
            int slice = l.small[1] * l.small[2];
            try {
                PathTrace.mark(padded.stack > 1 ? "forward: padded maps, stacked" : "forward: padded maps");
                padded.prepare(buf);
                for (int map = from; map < to; map += padded.stack) {
                    int maps = Math.min(padded.stack, to - map);
                    padded.copyIn(k, x, map, maps, buf);
                    for (int o0 = 0; o0 < l.small[0]; o0++) {
                        boolean suspect = padded.slice(k, buf, o0, maps, offsets, y, (map * l.small[0] + o0) * slice);
                        // the planes slice o0 reads, of each map: a 3-D map is not scanned once per slice
                        int plane = l.big[1] * l.big[2];
                        int lastPlane = w.first[0][o0] + Math.max(0, w.count[0][o0] - 1) * w.step(0);
                        int lo = Math.min(map * w.inMap + w.first[0][o0] * plane, (map + maps) * w.inMap);
                        int hi = Math.min((map + maps - 1) * w.inMap + (lastPlane + 1) * plane, (map + maps) * w.inMap);
                        if (unsettled(k, suspect, lo, hi)) {
                            for (int m = 0; m < maps; m++) {
                                settle(map + m, o0, 0, l.small[1], 0, l.small[2], rowAt);
                            }
                        }
                    }
                }
            } finally {
                Scratch.give(buf);
            }
        }

        /** Blocks [from, to) of {@link BlockedMaps}' lanes of maps each. */
        private void runBlocked(int from, int to) {
            SimdKernels k = Kernels.active();
            float[] buf = Scratch.take(blocked.bufferFloats());
            int[] rowAt = w.max ? new int[Math.max(1, maxTaps01)] : null;
            try {
                PathTrace.mark("forward: maps in lanes");
                for (int b = from; b < to; b++) {
                    int map = b * blocked.block.lanes;
                    int width = Math.min(blocked.block.lanes, w.maps - map);
                    if (unsettled(k, blocked.run(k, x, map, width, buf, y), map * w.inMap, (map + width) * w.inMap)) {
                        for (int m = map; m < map + width; m++) {
                            for (int o0 = 0; o0 < l.small[0]; o0++) {
                                settle(m, o0, 0, l.small[1], 0, l.small[2], rowAt);
                            }
                        }
                    }
                }
            } finally {
                Scratch.give(buf);
            }
        }

        /** Maps [from, to) through {@link StackedMaps}, a stack at a time. */
        private void runStacked(int from, int to) {
            SimdKernels k = Kernels.active();
            float[] buf = Scratch.take(stacked.bufferFloats());
            float[] z = Scratch.take(stacked.runFloats());
            int[] offsets = new int[stacked.taps()];
            int[] rowAt = w.max ? new int[Math.max(1, maxTaps01)] : null;
            int slice = l.small[1] * l.small[2];
            try {
                PathTrace.mark("forward: stacked maps");
                stacked.prepare(buf);
                for (int map = from; map < to; map += stacked.stack) {
                    int maps = Math.min(stacked.stack, to - map);
                    for (int m = 0; m < maps; m++) {
                        stacked.copyIn(x, map + m, buf, m);
                    }
                    if (unsettled(k, stacked.run(k, buf, z, maps, offsets, y, map * slice), map * w.inMap,
                            (map + maps) * w.inMap)) {
                        for (int m = 0; m < maps; m++) {
                            settle(map + m, 0, 0, l.small[1], 0, l.small[2], rowAt);
                        }
                    }
                }
            } finally {
                Scratch.give(buf);
                Scratch.give(z);
            }
        }

        /** Blocks [from, to) in (plane, row block, segment) order, segment fastest. */
        private void runBlocks(int from, int to) {
            float[] v = fromInput ? null : Scratch.take(bufferFloats);
            float[] z = dense ? Scratch.take(bufferFloats) : null;
            int[] offsets = new int[Math.max(maxTaps01, l.kernel[2])];
            int[] rowAt = w.max ? new int[Math.max(1, maxTaps01)] : null;
            int segs = segStart.length - 1;
            int seg = from % segs;
            int rb = from / segs % blocksPerPlane;
            int plane = from / segs / blocksPerPlane;
            try {
                for (int b = from; b < to; b++) {
                    int map = plane / l.small[0];
                    int o0 = plane - map * l.small[0];
                    int r0 = rb * rowsPerBlock;
                    int r1 = Math.min(l.small[1], r0 + rowsPerBlock);
                    boolean suspect = rows(map, o0, r0, r1, seg, v, z, offsets);
                    if (w.max && unsettled(Kernels.active(), suspect, blockStart(map, o0, r0, r1),
                            blockEnd(map, o0, r0, r1))) {
                        settle(map, o0, r0, r1, segStart[seg], segStart[seg + 1], rowAt);
                    }
                    if (++seg == segs) {
                        seg = 0;
                        if (++rb == blocksPerPlane) {
                            rb = 0;
                            plane++;
                        }
                    }
                }
            } finally {
                Scratch.give(v);
                Scratch.give(z);
            }
        }

        /**
         * One block by rows: the vertical pass into v (or none, when each output row's window is one
         * input row: the horizontal pass then reads the input), the horizontal pass into y (through z
         * when strided or offset). Returns whether a max it wrote may differ from the reference's rule
         * (a zero or a NaN).
         */
        private boolean rows(int map, int o0, int r0, int r1, int seg, float[] v, float[] z, int[] offsets) {
            SimdKernels k = Kernels.active();
            int c0 = segStart[seg];
            int c1 = segStart[seg + 1];
            int a = segA[seg];
            int width = segW[seg];
            int rows = r1 - r0;
            int k2 = l.kernel[2];
            int d2 = w.step(2);
            int s2 = l.stride[2];
            int p2 = l.padBefore[2];
            int small2 = l.small[2];
            int reach = (k2 - 1) * d2;
            // where the block's rows are: src[srcOff + r * pitch + (i2 - a)] for input column i2
            float[] src;
            int srcOff;
            int pitch;
            PathTrace.mark(fromInput ? "forward: rows from the input" : "forward: rows through the vertical pass");
            if (segStart.length > 2) {
                PathTrace.mark("forward: row segments");
            }
            if (fromInput) {
                src = x;
                srcOff = inputRow(map, o0, r0, 0) + a;
                pitch = rows == 1 ? width : inputRow(map, o0, r0 + 1, 0) - inputRow(map, o0, r0, 0);
            } else {
                vertical(k, map, o0, r0, r1, a, width, v, offsets);
                src = v;
                srcOff = 0;
                pitch = width;
                if (w.max) {
                    // the taps past the last row read the margin: -infinity, so that no zero appears there
                    java.util.Arrays.fill(v, rows * width, rows * width + reach, Float.NEGATIVE_INFINITY);
                }
            }
            int yb = (map * l.small[0] + o0) * l.small[1] * small2 + r0 * small2;
            int lo = Math.max(c0, w.innerLo[2]);
            int hi = Math.min(c1, w.innerHi[2]);
            boolean suspect = false;
            if (!dense || hi <= lo) {
                PathTrace.mark("forward: horizontal output by output");
                lo = c1;
                hi = c1;
            } else {
                for (int t = 0; t < k2; t++) {
                    offsets[t] = srcOff + t * d2;
                }
                // the dense pass covers every inner output's window and reads no further than the rows
                int n = (rows - 1) * pitch + width - (fromInput ? reach : 0);
                if (pitch == width) {
                    // rows back to back: one pass over the block; with stride 1 and rows as wide as the
                    // output's, output (r, o2) sits at the pass's index + p2 + a, so it writes y itself
                    int shift = p2 + a;
                    int m = Math.min(n, rows * width - shift);
                    boolean direct = s2 == 1 && c0 == 0 && c1 == small2 && small2 == width && m > 0;
                    PathTrace.mark(direct ? "forward: horizontal into y" : "forward: horizontal through z");
                    suspect = reduce(k, direct ? m : n, k2, src, offsets, direct ? y : z, direct ? yb + shift : 0,
                            w.columnScale(lo));
                    if (!direct) {
                        pick(z, n, rows, width, lo, hi, c0, c1, a, yb);
                    }
                } else {
                    // rows apart in the input (a stride, or a segment of each row): a pass per row
                    PathTrace.mark("forward: horizontal pass per row");
                    for (int r = 0; r < rows; r++) {
                        suspect |= reduce(k, width - reach, k2, src, offsets, z, r * width, w.columnScale(lo));
                        for (int t = 0; t < k2; t++) {
                            offsets[t] += pitch;
                        }
                    }
                    pick(z, rows * width, rows, width, lo, hi, -1, c1, a, yb);
                }
            }
            // the columns the dense pass did not do (windows cut by the border, or every column), a
            // column at a time down the block's rows
            for (int o2 = c0; o2 < c1; o2++) {
                if (o2 == lo) {
                    o2 = hi - 1;
                    continue;
                }
                int at = srcOff - a + w.first[2][o2];
                int n2 = w.count[2][o2];
                float scale = w.max ? 1f : w.columnScale(o2);
                for (int r = 0, yo = yb + o2; r < rows; r++, at += pitch, yo += small2) {
                    float e = reduceRow(src, at, n2, d2, scale);
                    y[yo] = e;
                    suspect |= e == 0f | e != e;
                }
            }
            return suspect;
        }

        /**
         * The cells of x that the windows of output rows [r0, r1) of (map, o0) read lie in
         * [blockStart, blockEnd): from the first plane's lowest row to the last plane's highest (with a
         * dilation above the stride, a later window can start on an earlier row).
         */
        private int blockStart(int map, int o0, int r0, int r1) {
            int low = l.big[1];
            for (int o1 = r0; o1 < r1; o1++) {
                low = Math.min(low, w.first[1][o1]);
            }
            int start = map * w.inMap + (w.first[0][o0] * l.big[1] + low) * l.big[2];
            return Math.max(map * w.inMap, Math.min((map + 1) * w.inMap, start));
        }

        private int blockEnd(int map, int o0, int r0, int r1) {
            int high = 0;
            for (int o1 = r0; o1 < r1; o1++) {
                high = Math.max(high, w.first[1][o1] + Math.max(0, w.count[1][o1] - 1) * w.step(1));
            }
            int lastPlane = w.first[0][o0] + Math.max(0, w.count[0][o0] - 1) * w.step(0);
            int end = map * w.inMap + (lastPlane * l.big[1] + high + 1) * l.big[2];
            return Math.max(map * w.inMap, Math.min((map + 1) * w.inMap, end));
        }

        /** Flat index in x of input row (i0 of o0's first tap, row o1's first tap), column i2. */
        private int inputRow(int map, int o0, int o1, int i2) {
            return map * w.inMap + (w.first[0][o0] * l.big[1] + w.first[1][o1]) * l.big[2] + i2;
        }

        /**
         * The vertical pass: for each output row of the block, its window's real input rows (taps in
         * dimensions 0 and 1), reduced into v's row. Rows whose windows are consecutive input rows
         * (stride 1, all taps real) go in one pass when v's rows are the input's.
         */
        private void vertical(SimdKernels k, int map, int o0, int r0, int r1, int a, int width, float[] v, int[] offsets) {
            int big1 = l.big[1];
            int big2 = l.big[2];
            int xb = map * w.inMap;
            int d0 = w.step(0);
            int d1 = w.step(1);
            int n0 = w.count[0][o0];
            boolean merge = l.stride[1] == 1 && width == big2;
            for (int o1 = r0; o1 < r1; ) {
                int run = merge && w.inner(1, o1) ? Math.min(r1, w.innerHi[1]) - o1 : 1;
                int taps = 0;
                int n1 = w.count[1][o1];
                for (int t0 = 0; t0 < n0; t0++) {
                    int rowBase = xb + (w.first[0][o0] + t0 * d0) * big1 * big2 + a;
                    for (int t1 = 0; t1 < n1; t1++) {
                        offsets[taps++] = rowBase + (w.first[1][o1] + t1 * d1) * big2;
                    }
                }
                int vOff = (o1 - r0) * width;
                if (w.max) {
                    k.maxTaps(run * width, taps, x, offsets, v, vOff, false);
                } else {
                    k.sumTaps(run * width, taps, x, offsets, w.rowScale(o0, o1), v, vOff);
                }
                o1 += run;
            }
        }

        /** The kind's reduction of n positions; for max, whether it wrote a zero or a NaN. */
        private boolean reduce(SimdKernels k, int n, int taps, float[] in, int[] offsets, float[] out, int outOff,
                               float scale) {
            if (w.max) {
                return k.maxTaps(n, taps, in, offsets, out, outOff, true);
            }
            k.sumTaps(n, taps, in, offsets, scale, out, outOff);
            return false;
        }

        /**
         * Copies the inner outputs [lo, hi) of each row from the dense pass's z (rows width apart, n
         * positions valid) into y. When the block is whole rows and z's rows are exactly s2 outputs
         * wide ({@code c0 == 0}), output j of the block sits at z[s2 * j - p2 - a]: one loop for the
         * block, whose stray positions are edge outputs, written again after.
         */
        private void pick(float[] z, int n, int rows, int width, int lo, int hi, int c0, int c1, int a, int yb) {
            int s2 = l.stride[2];
            int p2 = l.padBefore[2];
            int small2 = l.small[2];
            if (c0 == 0 && c1 == small2 && width == s2 * small2) {
                PathTrace.mark("forward: pick in one loop");
                int j = (p2 + a + s2 - 1) / s2;
                int end = Math.min(rows * small2, (n + p2 + a + s2 - 1) / s2);
                if (end > j) {
                    // a step-2 pick in vectors (even lanes), not a scalar loop: a third of a 2x2 max pool's time
                    Kernels.active().copyRows(1, end - j, z, s2 * j - p2 - a, 0, s2, y, yb + j, 0, 1);
                }
                return;
            }
            PathTrace.mark("forward: pick row by row");
            if (hi > lo) {
                Kernels.active().copyRows(rows, hi - lo, z, lo * s2 - p2 - a, width, s2, y, yb + lo, small2, 1);
            }
        }

        /**
         * One output along a row: the max of its taps (-infinity for none), or their sum in tap order
         * times {@code scale}, as the vector pass does.
         */
        private float reduceRow(float[] v, int at, int taps, int step, float scale) {
            if (w.max) {
                float m = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < taps; t++, at += step) {
                    m = Math.max(m, v[at]);
                }
                return m;
            }
            if (taps == 0) {
                return 0f * scale; // NaN for a mean of no cells
            }
            float acc = v[at];
            for (int t = 1; t < taps; t++) {
                acc += v[at += step];
            }
            return acc * scale;
        }

        /**
         * One block window by window, straight from the input: for windows as wide as the rows (global
         * pooling), where the row passes would make kernel calls for single outputs. Each window's taps
         * along dimension 2 are one run, and whole adjacent rows are one run of the plane; a run is taken
         * eight at a time into eight partial results, so that eight addition chains overlap.
         */
        private void windows(int map, int o0, int r0, int r1, int c0, int c1) {
            int big1 = l.big[1];
            int big2 = l.big[2];
            int xb = map * w.inMap;
            int d0 = w.step(0);
            int d1 = w.step(1);
            int d2 = w.step(2);
            int small2 = l.small[2];
            int n0 = w.count[0][o0];
            float start = w.max ? Float.NEGATIVE_INFINITY : 0f;
            for (int o1 = r0; o1 < r1; o1++) {
                int n1 = w.count[1][o1];
                int yr = ((map * l.small[0] + o0) * l.small[1] + o1) * small2;
                float rowScale = w.max ? 1f : w.rowScale(o0, o1);
                for (int o2 = c0; o2 < c1; o2++) {
                    int n2 = w.count[2][o2];
                    // whole rows, one after another: the rows of this plane are one run
                    boolean flat = d2 == 1 && n2 == big2 && d1 == 1;
                    int runs = flat ? 1 : n1;
                    int len = flat ? n1 * big2 : n2;
                    float p0 = start;
                    float p1 = start;
                    float p2 = start;
                    float p3 = start;
                    float p4 = start;
                    float p5 = start;
                    float p6 = start;
                    float p7 = start;
                    for (int t0 = 0; t0 < n0; t0++) {
                        int plane = xb + (w.first[0][o0] + t0 * d0) * big1 * big2;
                        for (int t1 = 0; t1 < runs; t1++) {
                            int at = plane + (w.first[1][o1] + t1 * d1) * big2 + w.first[2][o2];
                            int t = 0;
                            if (w.max) {
                                for (; t + 8 <= len; t += 8, at += 8 * d2) {
                                    p0 = Math.max(p0, x[at]);
                                    p1 = Math.max(p1, x[at + d2]);
                                    p2 = Math.max(p2, x[at + 2 * d2]);
                                    p3 = Math.max(p3, x[at + 3 * d2]);
                                    p4 = Math.max(p4, x[at + 4 * d2]);
                                    p5 = Math.max(p5, x[at + 5 * d2]);
                                    p6 = Math.max(p6, x[at + 6 * d2]);
                                    p7 = Math.max(p7, x[at + 7 * d2]);
                                }
                                for (; t < len; t++, at += d2) {
                                    p0 = Math.max(p0, x[at]);
                                }
                            } else {
                                for (; t + 8 <= len; t += 8, at += 8) {
                                    p0 += x[at];
                                    p1 += x[at + 1];
                                    p2 += x[at + 2];
                                    p3 += x[at + 3];
                                    p4 += x[at + 4];
                                    p5 += x[at + 5];
                                    p6 += x[at + 6];
                                    p7 += x[at + 7];
                                }
                                for (; t < len; t++, at++) {
                                    p0 += x[at];
                                }
                            }
                        }
                    }
                    if (w.max) {
                        y[yr + o2] = Math.max(Math.max(Math.max(p0, p1), Math.max(p2, p3)),
                                Math.max(Math.max(p4, p5), Math.max(p6, p7)));
                    } else {
                        float sum = ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7));
                        y[yr + o2] = sum * rowScale * w.columnScale(o2);
                    }
                }
            }
        }

        /**
         * Max pooling by the reference's rule where the fast max can differ from it: a window whose max
         * is a zero (whose sign the first zero decides) or a NaN (the last one wins) is walked again tap
         * by tap (only for blocks whose input holds a negative zero or a NaN: {@link #unsettled}). When
         * argmax indices are wanted, each window's index is its first tap holding the max:
         * for the windows inside the border, found tap by tap over the whole row of outputs at once
         * (loops as long as the row, where a loop per window would run a few taps and pay its set-up
         * each time); the window's rows (its taps in dimensions 0 and 1, in row-major order) are listed
         * once per output row, in rowAt.
         */
        private void settle(int map, int o0, int r0, int r1, int c0, int c1, int[] rowAt) {
            float[] x = this.x;
            float[] y = this.y;
            int[] indices = this.indices;
            int xb = map * w.inMap;
            int big1 = l.big[1];
            int big2 = l.big[2];
            int d0 = w.step(0);
            int d1 = w.step(1);
            int d2 = w.step(2);
            int s2 = l.stride[2];
            int p2 = l.padBefore[2];
            int f0 = w.first[0][o0];
            int n0 = w.count[0][o0];
            int lo = Math.max(c0, w.innerLo[2]);
            int hi = Math.max(lo, Math.min(c1, w.innerHi[2]));
            for (int o1 = r0; o1 < r1; o1++) {
                int yr = ((map * l.small[0] + o0) * l.small[1] + o1) * l.small[2];
                int f1 = w.first[1][o1];
                int rows = 0;
                for (int t0 = 0; t0 < n0; t0++) {
                    for (int t1 = 0; t1 < w.count[1][o1]; t1++) {
                        rowAt[rows++] = ((f0 + t0 * d0) * big1 + f1 + t1 * d1) * big2;
                    }
                }
                if (indices != null) {
                    PathTrace.mark("forward: indices");
                    // backwards over the taps, each window keeping its latest match: its first in
                    // row-major order (a NaN max matches nothing and is redone below)
                    for (int r = rows - 1; r >= 0; r--) {
                        for (int t2 = l.kernel[2] - 1; t2 >= 0; t2--) {
                            matchTap(x, xb, rowAt[r] - p2 + t2 * d2 + lo * s2, s2, y, indices, yr + lo, hi - lo);
                        }
                    }
                }
                // an empty window keeps -infinity and the reference's index of its first tap
                int none = (f0 * big1 + f1) * big2;
                for (int o2 = c0; o2 < c1; o2++) {
                    float m = y[yr + o2];
                    boolean exact = m != 0f && m == m;
                    boolean found = indices != null && rows > 0 && o2 >= lo && o2 < hi && m == m;
                    if (exact && (indices == null || found)) {
                        continue;
                    }
                    int f2 = w.first[2][o2];
                    int n2 = w.count[2][o2];
                    int at = found ? indices[yr + o2]
                            : m == m ? first(xb, rowAt, rows, f2, n2, d2, m) : lastNaN(xb, rowAt, rows, f2, n2, d2);
                    if (at < 0) {
                        at = none + f2;
                    }
                    if (!exact) {
                        y[yr + o2] = x[xb + at];
                    }
                    if (indices != null) {
                        indices[yr + o2] = at;
                    }
                }
            }
        }

        /** One tap for n windows of a row: window j's index becomes the tap's when it holds the window's max. */
        private static void matchTap(float[] x, int xb, int at, int step, float[] y, int[] indices, int yo, int n) {
            for (int j = 0; j < n; j++, at += step) {
                indices[yo + j] = x[xb + at] == y[yo + j] ? at : indices[yo + j];
            }
        }

        /**
         * The first tap in row-major order holding m, the window's max (not NaN; a zero matches either
         * sign, and the first zero is the reference's winner): its flat index in the map, or -1.
         */
        private int first(int xb, int[] rowAt, int rows, int f2, int n2, int d2, float m) {
            // backwards over every tap, keeping the latest match: no early exit, whose branch would be
            // mispredicted about once a window
            int found = -1;
            for (int r = rows - 1; r >= 0; r--) {
                for (int t2 = n2 - 1, at = rowAt[r] + f2 + t2 * d2; t2 >= 0; t2--, at -= d2) {
                    found = x[xb + at] == m ? at : found;
                }
            }
            return found;
        }

        /** A window holding a NaN: its last NaN in row-major order wins, as in the reference's walk. */
        private int lastNaN(int xb, int[] rowAt, int rows, int f2, int n2, int d2) {
            int found = -1;
            for (int r = 0; r < rows; r++) {
                int at = rowAt[r] + f2;
                for (int t2 = 0; t2 < n2; t2++, at += d2) {
                    float v = x[xb + at];
                    if (v != v) {
                        found = at;
                    }
                }
            }
            return found;
        }
    }
}
