package org.convkit.algo.gemm;

import org.convkit.runtime.Kernels;

/**
 * Moves values between a big channel block and a tile of its lowered (column) matrix: im2col
 * copies big cells into the columns ({@link #toColumns}), col2im adds the columns back into the big
 * cells they came from ({@link #toBig}). Both walk the same (row, cell) pairs in the same order, so
 * one is the adjoint of the other, borders included.
 *
 * <p>Row {@code r = j*kv + t} of a group's matrix is big channel {@code j} of the group at weight
 * tap {@code t} (the geometric tap is reversed when the spec flips), so the matrix multiplies the
 * weight {@code (C_small, C_big/groups, k...)} as it is stored. Column {@code c} is the tile's c-th
 * small cell in flat order.
 *
 * <p>Speed: along the last dimension, the cells whose position falls inside the big signal (the
 * interior, a contiguous range for each tap, computed once) move as straight copies or adds; only
 * the few border cells go through the padding rule. The outer two dimensions decide per row
 * segment, never per element.
 *
 * <p>With a stride along the last dimension, a tap reads every s-th cell of a row, a copy the JIT
 * does one element at a time (40% of the 7x7 stride-2 stem's time). A gather may then read the big
 * signal from a copy whose rows are stored split by phase ({@link #split}: cells q with the same
 * q mod s together), where those cells are consecutive again: the copy costs one pass over the
 * input, which the lowered matrix reads k^2/s^2 times over.
 */
final class Lowering {
    private final Grid g;
    /** For tap k2 of the last dimension: the small cells [interiorLo, interiorHi) read inside big. */
    private final int[] interiorLo;
    private final int[] interiorHi;
    /** Phases per row of the big signal as read (the last stride, or 1 for rows as stored). */
    private final int phases;
    /** Cells per phase of a row, floats per row and per channel plane, as read. */
    private final int phaseWidth;
    private final int rowStride;
    private final int planeFloats;
    /**
     * Per dimension d but the last, {@code sources[d][k * small[d] + o]}: the big index small cell o reads through
     * tap k (or -1 for a zero), worked out once: through the padding rule per row segment and
     * border cell, it took 9% of a weight gradient's time.
     */
    private final int[][] sources;
    /** For tap k2: every cell outside [interiorLo, interiorHi) reads padding (zeros), none a real cell. */
    private final boolean[] zeroBorder;
    /** With a small side of one cell, {@link #pointTable()} for {@link #pointToBig}; else null. */
    private final int[] pointCells;

    Lowering(Grid g) {
        this(g, false);
    }

    /** With {@code phaseSplit}, {@link #toColumns} reads a copy made by {@link #split}. */
    Lowering(Grid g, boolean phaseSplit) {
        this.g = g;
        phases = phaseSplit ? g.stride[2] : 1;
        phaseWidth = (g.big[2] + phases - 1) / phases;
        rowStride = phases == 1 ? g.big[2] : phases * phaseWidth;
        planeFloats = g.big[0] * g.big[1] * rowStride;
        int k = g.kernel[2];
        interiorLo = new int[k];
        interiorHi = new int[k];
        int s = g.stride[2];
        for (int k2 = 0; k2 < k; k2++) {
            // positions o*s - pb + k2*d rise with o: [0, big) is reached by one range of o
            int first = g.padBefore[2] - k2 * g.dilation[2];
            int lo = clamp(ceilDiv(first, s), 0, g.small[2]);
            int hi = clamp(ceilDiv(first + g.big[2], s), lo, g.small[2]);
            interiorLo[k2] = lo;
            interiorHi[k2] = hi;
        }
        zeroBorder = new boolean[k];
        for (int k2 = 0; k2 < k; k2++) {
            // only the border cells are looked at: a long signal's row is mostly interior
            zeroBorder[k2] = readsPadding(k2, 0, interiorLo[k2]) && readsPadding(k2, interiorHi[k2], g.small[2]);
        }
        // the last dimension's cells go through g.source on demand (borders only): a table of every
        // (tap, cell) was 4 GB for a 1023-tap filter of a million samples
        sources = new int[Grid.D - 1][];
        for (int d = 0; d < Grid.D - 1; d++) {
            int n = g.small[d];
            sources[d] = new int[g.kernel[d] * n];
            for (int kd = 0; kd < g.kernel[d]; kd++) {
                for (int o = 0; o < n; o++) {
                    sources[d][kd * n + o] = g.source(d, o, kd);
                }
            }
        }
        pointCells = g.smallVolume == 1 ? pointTable() : null;
    }

    /** Whether cells [from, to) of the last dimension all read padding (no real cell) through tap k2. */
    private boolean readsPadding(int k2, int from, int to) {
        for (int o = from; o < to; o++) {
            if (g.source(2, o, k2) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Floats of the phase-split copy of all of a problem's big planes. */
    static long splitFloats(Grid g) {
        int s = g.stride[2];
        long row = (long) s * ((g.big[2] + s - 1) / s);
        return (long) g.batch * g.groups * g.cbg * g.big[0] * g.big[1] * row;
    }

    /** Floats of one big channel plane as {@link #toColumns} reads it. */
    int planeFloats() {
        return planeFloats;
    }

    /** Copies big plane {@code plane} (stored plainly) into {@code dst}, its rows split by phase. */
    void split(float[] big, float[] dst, int plane) {
        int w = g.big[2];
        int rows = g.big[0] * g.big[1];
        for (int row = 0; row < rows; row++) {
            int src = plane * g.bigVolume + row * w;
            int out = plane * planeFloats + row * rowStride;
            // phase by phase, so that no cell pays a division (10% of the stride-2 stem's time)
            for (int ph = 0; ph < phases; ph++) {
                int to = out + ph * phaseWidth;
                for (int q = ph, u = 0; q < w; q += phases, u++) {
                    dst[to + u] = big[src + q];
                }
            }
        }
    }

    /** Ints this object holds, for workspace accounting. */
    static long workspaceInts(Grid g) {
        long ints = 2L * g.kernel[2];
        for (int d = 0; d < Grid.D - 1; d++) {
            ints += (long) g.kernel[d] * g.small[d];
        }
        return ints;
    }

    /**
     * Fills {@code col} (rows r0..r1 of the lowered matrix, each as long as the tile has cells) from
     * the big channel block starting at {@code bigOff}, zeros where the padding mode reads none.
     */
    void toColumns(float[] big, int bigOff, float[] col, int r0, int r1, Tiling tiling, int tile) {
        walk(true, big, bigOff, col, r0, r1, tiling, tile);
    }

    /** Adds {@code col} (rows r0..r1) into the big cells they were read from; zeros go nowhere. */
    void toBig(float[] col, float[] big, int bigOff, int r0, int r1, Tiling tiling, int tile) {
        walk(false, big, bigOff, col, r0, r1, tiling, tile);
    }

    /**
     * For a small side of one cell: adds rows r0..r1 of its one column (row r0 at {@code col[colOff]})
     * into the big cells they were read from, as {@link #toBig} does, through a table of each tap's
     * cell: walking the tile row by row cost a few tens of nanoseconds per value.
     */
    void pointToBig(float[] col, int colOff, float[] big, int bigOff, int r0, int r1) {
        int kv = g.kernelVolume;
        int[] cell = pointCells;
        for (int r = r0; r < r1; r++) {
            int j = r / kv;
            int target = cell[r - j * kv];
            if (target >= 0) {
                big[bigOff + j * planeFloats + target] += col[colOff + r - r0];
            }
        }
    }

    /** Per row of a channel (a tap): the big cell, in its plane, that a one-cell small side's tap reads; -1 for none. */
    private int[] pointTable() {
        int kv = g.kernelVolume;
        int[] c = new int[kv];
        for (int t = 0; t < kv; t++) {
            int k = g.flip ? kv - 1 - t : t;
            int i0 = sources[0][k / (g.kernel[1] * g.kernel[2])];
            int i1 = sources[1][k / g.kernel[2] % g.kernel[1]];
            int i2 = g.source(2, 0, k % g.kernel[2]);
            c[t] = i0 < 0 || i1 < 0 || i2 < 0 ? -1 : (i0 * g.big[1] + i1) * rowStride + stored(i2);
        }
        return c;
    }

    private void walk(boolean gather, float[] big, int bigOff, float[] col, int r0, int r1, Tiling tiling, int tile) {
        int a0 = tiling.lo(0, tile);
        int b0 = tiling.hi(0, tile);
        int a1 = tiling.lo(1, tile);
        int b1 = tiling.hi(1, tile);
        int a2 = tiling.lo(2, tile);
        int b2 = tiling.hi(2, tile);
        int width = b2 - a2;
        int cells = (b0 - a0) * (b1 - a1) * width;
        int kv = g.kernelVolume;
        int k1n = g.kernel[1];
        int k2n = g.kernel[2];
        int s = g.stride[2];
        for (int r = r0; r < r1; r++) {
            int j = r / kv;
            int t = r - j * kv;
            int k = g.flip ? kv - 1 - t : t;
            int k0 = k / (k1n * k2n);
            int k1 = k / k2n % k1n;
            int k2 = k % k2n;
            // per row (tap), the same for every segment: which cells are interior, where they start in big
            int lo = clamp(interiorLo[k2], a2, b2);
            int hi = clamp(interiorHi[k2], lo, b2);
            int n = hi - lo;
            int shift = g.position(2, lo, k2);
            boolean bordered = lo > a2 || hi < b2;
            int channel = bigOff + j * planeFloats;
            int at = (r - r0) * cells; // row r, cell c of the tile goes to at + c
            int base0 = k0 * g.small[0];
            int base1 = k1 * g.small[1];
            // where a tile row is as wide as a big row, consecutive rows reading consecutive big rows
            // are one run in both arrays: copied at once, their border cells (copied wrong) then
            // written through the padding rule below. Row by row, a 28-wide map spent more on the
            // calls than on the copies.
            boolean runs = gather && phases == 1 && s == 1 && n > 0 && width == rowStride;
            for (int o0 = a0; o0 < b0; o0++) {
                int i0 = sources[0][base0 + o0];
                if (runs && i0 >= 0) {
                    copyRuns(big, channel + i0 * g.big[1] * rowStride + shift, col, at - a2 + lo, n, base1, a1, b1,
                            width);
                }
                for (int o1 = a1; o1 < b1; o1++, at += width) {
                    int i1 = i0 < 0 ? -1 : sources[1][base1 + o1];
                    if (i1 < 0) {
                        if (gather) {
                            for (int c = 0; c < width; c++) {
                                col[at + c] = 0f;
                            }
                        }
                        continue;
                    }
                    int base = channel + (i0 * g.big[1] + i1) * rowStride;
                    int zero = at - a2; // where cell o2 = 0 of this row would go
                    if (bordered && zeroBorder[k2]) {
                        // zeros padding: the border columns are zeros, or add nowhere (a call each cost
                        // a third of a 16-channel layer's lowering)
                        if (gather) {
                            for (int o = a2; o < lo; o++) {
                                col[zero + o] = 0f;
                            }
                            for (int o = hi; o < b2; o++) {
                                col[zero + o] = 0f;
                            }
                        }
                    } else if (bordered) {
                        border(gather, big, base, k2, a2, lo, col, zero);
                        border(gather, big, base, k2, hi, b2, col, zero);
                    }
                    if (runs) {
                        continue; // copied with its run
                    }
                    if (n > 0 && phases > 1) {
                        System.arraycopy(big, base + stored(shift), col, zero + lo, n);
                    } else if (n > 0) {
                        interior(gather, big, base + shift, s, col, zero + lo, n);
                    }
                }
            }
        }
    }

    /**
     * The interiors of tile rows o1 in [a1, b1) (n cells each, the first of row a1 at col[to]) as
     * runs of rows whose big rows follow one another: each run is one copy, spanning the cells
     * between the interiors too. {@code from} is where big row 0's interior would start.
     */
    private void copyRuns(float[] big, int from, float[] col, int to, int n, int base1, int a1, int b1, int width) {
        int o1 = a1;
        while (o1 < b1) {
            int i1 = sources[1][base1 + o1];
            if (i1 < 0) {
                o1++;
                continue;
            }
            int end = o1 + 1;
            while (end < b1 && sources[1][base1 + end] == i1 + (end - o1)) {
                end++;
            }
            int rows = end - o1;
            System.arraycopy(big, from + i1 * rowStride, col, to + (o1 - a1) * width, (rows - 1) * width + n);
            o1 = end;
        }
    }

    /** n cells of one row inside big, every s-th from {@code from}, to or from consecutive columns from {@code to}. */
    private static void interior(boolean gather, float[] big, int from, int s, float[] col, int to, int n) {
        if (gather) {
            if (s == 1) {
                System.arraycopy(big, from, col, to, n);
            } else {
                for (int i = 0; i < n; i++) {
                    col[to + i] = big[from + i * s];
                }
            }
        } else if (s == 1) {
            // fma(1, x, y) rounds x + y once, as += does: the same bits, in vectors
            Kernels.active().axpy(n, 1f, col, to, big, from);
        } else {
            for (int i = 0; i < n; i++) {
                big[from + i * s] += col[to + i];
            }
        }
    }

    /** Cells lo..hi of the last dimension through the padding rule; cell o is at {@code zero + o}. */
    private void border(boolean gather, float[] big, int base, int k2, int lo, int hi, float[] col, int zero) {
        for (int o = lo; o < hi; o++) {
            int i = g.source(2, o, k2);
            if (gather) {
                col[zero + o] = i < 0 ? 0f : big[base + stored(i)];
            } else if (i >= 0) {
                big[base + i] += col[zero + o];
            }
        }
    }

    /** Where cell i of a row is, as the row is read. */
    private int stored(int i) {
        return phases == 1 ? i : i % phases * phaseWidth + i / phases;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
