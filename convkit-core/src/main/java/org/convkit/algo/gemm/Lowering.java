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
    /** Rows tap-major over the first two dimensions ({@link LiveTaps#column}), else channel-major. */
    private final boolean tapMajor;
    /** With a small side of one cell, {@link #pointTable()} for {@link #pointToBig}; else null. */
    private final int[] pointCells;

    Lowering(Grid g) {
        this(g, false, false);
    }

    /**
     * With {@code phaseSplit}, {@link #toColumns} reads a copy made by {@link #split}; with
     * {@code tapMajor}, the rows go as {@link LiveTaps#column} orders them.
     */
    Lowering(Grid g, boolean phaseSplit, boolean tapMajor) {
        this.g = g;
        this.tapMajor = tapMajor;
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
        return (long) g.batch * g.groups * g.cbg * splitPlaneFloats(g);
    }

    /** Floats of one big channel plane as {@link #toColumns} reads it. */
    int planeFloats() {
        return planeFloats;
    }

    /** Copies big plane {@code plane} (stored plainly) into {@code dst}, its rows split by phase. */
    void split(float[] big, float[] dst, int plane) {
        split(big, plane, dst, plane * planeFloats);
    }

    /** As above, to {@code dst[at]}. */
    void split(float[] big, int plane, float[] dst, int at) {
        int w = g.big[2];
        int rows = g.big[0] * g.big[1];
        // phase by phase over all rows at once, in vectors (a cell at a time, the copy took a third
        // of a grouped stride-2 layer's time)
        for (int ph = 0; ph < phases && ph < w; ph++) {
            int cells = (w - ph + phases - 1) / phases;
            Kernels.active().copyRows(rows, cells, big, plane * g.bigVolume + ph, w, phases, dst, at + ph * phaseWidth,
                    rowStride, 1);
        }
    }

    /** Floats of one big plane split by phase. */
    static long splitPlaneFloats(Grid g) {
        int s = g.stride[2];
        return (long) g.big[0] * g.big[1] * s * ((g.big[2] + s - 1) / s);
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
        walk(true, big, bigOff, col, 0, tiling.columns(tile), r0, r1, tiling.firstCell(tile), tiling.columns(tile));
    }

    /** As above for the run of {@code cells} small cells from flat index {@code first}. */
    void toColumns(float[] big, int bigOff, float[] col, int r0, int r1, int first, int cells) {
        walk(true, big, bigOff, col, 0, cells, r0, r1, first, cells);
    }

    /**
     * As above into columns of a wider matrix: row r's cells from {@code col[colOff + (r - r0) *
     * ld]} (several images' runs side by side).
     */
    void toColumns(float[] big, int bigOff, float[] col, int colOff, int ld, int r0, int r1, int first, int cells) {
        walk(true, big, bigOff, col, colOff, ld, r0, r1, first, cells);
    }

    /** Adds {@code col} (rows r0..r1) into the big cells they were read from; zeros go nowhere. */
    void toBig(float[] col, float[] big, int bigOff, int r0, int r1, Tiling tiling, int tile) {
        walk(false, big, bigOff, col, 0, tiling.columns(tile), r0, r1, tiling.firstCell(tile), tiling.columns(tile));
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

    /**
     * Rows r0..r1 of the lowered matrix over the run of {@code cells} small cells from flat index
     * {@code first}: cell c of row r is {@code col[colOff + (r - r0) * ld + c - first]}. The run is
     * walked by small rows (o0, o1), the first and last possibly partial.
     */
    private void walk(boolean gather, float[] big, int bigOff, float[] col, int colOff, int ld, int r0, int r1,
                      int first, int cells) {
        if (cells <= 0) {
            return;
        }
        int w2 = g.small[2];
        int n1 = g.small[1];
        int rowFirst = first / w2;
        int rowLast = (first + cells - 1) / w2;
        int head = first - rowFirst * w2; // the first row's cells before the run
        int tail = first + cells - rowLast * w2; // the last row's cells in the run
        int kv = g.kernelVolume;
        int k1n = g.kernel[1];
        int k2n = g.kernel[2];
        int s = g.stride[2];
        int block = g.cbg * k2n;
        for (int r = r0; r < r1; r++) {
            int j;
            int t;
            if (tapMajor) {
                int t2 = r % k2n;
                j = r / k2n % g.cbg;
                t = r / block * k2n + t2;
            } else {
                j = r / kv;
                t = r - j * kv;
            }
            int k = g.flip ? kv - 1 - t : t;
            int k0 = k / (k1n * k2n);
            int k1 = k / k2n % k1n;
            int k2 = k % k2n;
            int channel = bigOff + j * planeFloats;
            int origin = colOff + (r - r0) * ld - first; // flat cell c goes to origin + c
            int base0 = k0 * g.small[0];
            int base1 = k1 * n1;
            // per tap, for a whole row: which cells are interior, where they start in big (a
            // partial first or last row works its own out; per row, these cost a 14-wide map's
            // grouped layer 40% more time)
            int loRow = interiorLo[k2];
            int hiRow = interiorHi[k2];
            int shiftRow = g.position(2, loRow, k2);
            // a gather copies the tap's whole rows first, in runs of equally spaced big rows (one
            // block copy each, or one plain copy where the rows follow one another as wide as the
            // small rows), then writes the border cells they copied wrong through the padding rule:
            // row by row, a 28-wide map spent more on the calls than on the copies, and interleaving
            // each row's copy with its border writes took 30% longer
            boolean copied = gather && loRow < hiRow;
            int from = head == 0 ? rowFirst : rowFirst + 1; // the whole rows
            int to = tail == w2 ? rowLast : rowLast - 1;
            // with zeros padding, the whole rows are done here at once, in three tight loops over
            // them: the runs, the border columns, the rows that read padding alone. Row by row, a
            // 3x3x3 layer on a 12^3 map spent 40% more on the decisions than on the copies
            boolean whole = copied && zeroBorder[k2] && from <= to;
            if (copied) {
                copyRuns(big, channel + (phases > 1 ? stored(shiftRow) : shiftRow), phases > 1 ? 1 : s, col, origin + loRow,
                        hiRow - loRow, base0, base1, from, to);
            }
            if (whole) {
                zeroBorders(col, origin, loRow, hiRow, from, to);
                zeroRows(col, origin, base0, base1, from, to);
            }
            int o0 = rowFirst / n1;
            int o1 = rowFirst - o0 * n1;
            int i0 = sources[0][base0 + o0];
            for (int row = rowFirst; row <= rowLast; row++, o1++) {
                if (o1 == n1) {
                    o1 = 0;
                    o0++;
                    i0 = sources[0][base0 + o0];
                }
                if (whole && row == from) {
                    row = to; // done above; on to a partial last row, if any
                    o0 = row / n1;
                    o1 = row - o0 * n1;
                    i0 = sources[0][base0 + o0];
                    continue;
                }
                int zero = origin + row * w2; // where cell o2 = 0 of this row would go
                int i1 = i0 < 0 ? -1 : sources[1][base1 + o1];
                if (i1 < 0) {
                    // rows that read padding alone follow one another (a plane's worth for a 3-D
                    // tap off the centre): one fill for all of them. Row by row, the short fills
                    // took 70% of a 3x3x3 layer's lowering
                    int end = row + 1;
                    while (end <= rowLast && zeroRow(base0, base1, end)) {
                        end++;
                    }
                    if (gather) {
                        fillZeros(col, zero + (row == rowFirst ? head : 0),
                                origin + (end - 1) * w2 + (end - 1 == rowLast ? tail : w2));
                    }
                    row = end - 1;
                    o0 = row / n1;
                    o1 = row - o0 * n1;
                    i0 = sources[0][base0 + o0];
                    continue;
                }
                int a2 = 0;
                int b2 = w2;
                int lo = loRow;
                int hi = hiRow;
                int shift = shiftRow;
                if (row == rowFirst || row == rowLast) {
                    a2 = row == rowFirst ? head : 0;
                    b2 = row == rowLast ? tail : w2;
                    lo = clamp(loRow, a2, b2);
                    hi = clamp(hiRow, lo, b2);
                    shift = g.position(2, lo, k2);
                }
                int n = hi - lo;
                int base = channel + (i0 * g.big[1] + i1) * rowStride;
                if (lo > a2 || hi < b2) {
                    if (zeroBorder[k2]) {
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
                    } else {
                        border(gather, big, base, k2, a2, lo, col, zero);
                        border(gather, big, base, k2, hi, b2, col, zero);
                    }
                }
                if (n <= 0 || copied && a2 == 0 && b2 == w2) {
                    continue; // nothing inside, or copied with its run
                }
                if (phases > 1) {
                    System.arraycopy(big, base + stored(shift), col, zero + lo, n);
                } else {
                    interior(gather, big, base + shift, s, col, zero + lo, n);
                }
            }
        }
    }

    /**
     * The interiors of the whole small rows {@code from..to} (flat (o0, o1) indices; n cells each,
     * row {@code row}'s first at {@code col[to0 + row * w]}) as runs of rows of one plane whose big
     * rows are equally spaced (a stride apart): each run is one block copy, or where the rows follow
     * one another as wide as the small rows, one plain copy that spans the cells between the
     * interiors too. {@code from0} is where big row (0, 0)'s interior would start in its channel
     * (its stored place, with the rows split by phase), read every {@code step}-th cell.
     */
    private void copyRuns(float[] big, int from0, int step, float[] col, int to0, int n, int base0, int base1, int from,
                          int to) {
        int n1 = g.small[1];
        int w = g.small[2];
        int rowStep = g.stride[1];
        boolean plain = step == 1 && rowStep == 1 && w == rowStride;
        int row = from;
        while (row <= to) {
            int o0 = row / n1;
            int i0 = sources[0][base0 + o0];
            int planeEnd = Math.min(to + 1, (o0 + 1) * n1);
            if (i0 < 0) {
                row = planeEnd;
                continue;
            }
            int i1 = sources[1][base1 + row - o0 * n1];
            if (i1 < 0) {
                row++;
                continue;
            }
            int end = row + 1;
            while (end < planeEnd && sources[1][base1 + end - o0 * n1] == i1 + (end - row) * rowStep) {
                end++;
            }
            int src = from0 + (i0 * g.big[1] + i1) * rowStride;
            if (plain) {
                System.arraycopy(big, src, col, to0 + row * w, (end - row - 1) * w + n);
            } else {
                // a call per row cost more than the copy on 14-wide rows
                Kernels.active().copyRows(end - row, n, big, src, rowStep * rowStride, step, col, to0 + row * w, w, 1);
            }
            row = end;
        }
    }

    /** Zeros in the cells outside [lo, hi) of the whole small rows from..to (row r's first cell at {@code col[origin + r * w]}). */
    private void zeroBorders(float[] col, int origin, int lo, int hi, int from, int to) {
        int w = g.small[2];
        if (lo == 0 && hi == w) {
            return;
        }
        for (int at = origin + from * w, end = origin + (to + 1) * w; at < end; at += w) {
            for (int o = 0; o < lo; o++) {
                col[at + o] = 0f;
            }
            for (int o = hi; o < w; o++) {
                col[at + o] = 0f;
            }
        }
    }

    /** Zeros in the whole small rows from..to that read padding alone (whole planes of them at once). */
    private void zeroRows(float[] col, int origin, int base0, int base1, int from, int to) {
        int n1 = g.small[1];
        int w = g.small[2];
        int row = from;
        while (row <= to) {
            int o0 = row / n1;
            int planeEnd = Math.min(to + 1, (o0 + 1) * n1);
            if (sources[0][base0 + o0] < 0) {
                fillZeros(col, origin + row * w, origin + planeEnd * w);
            } else {
                for (; row < planeEnd; row++) {
                    if (sources[1][base1 + row - o0 * n1] < 0) {
                        fillZeros(col, origin + row * w, origin + (row + 1) * w);
                    }
                }
            }
            row = planeEnd;
        }
    }

    /** A loop, not Arrays.fill: a call per 12-cell row cost a 3-D layer's lowering 40%. */
    private static void fillZeros(float[] col, int from, int to) {
        for (int c = from; c < to; c++) {
            col[c] = 0f;
        }
    }

    /** Whether small row {@code row} (o0, o1 flattened) reads padding alone through the taps at base0, base1. */
    private boolean zeroRow(int base0, int base1, int row) {
        int n1 = g.small[1];
        int o0 = row / n1;
        return sources[0][base0 + o0] < 0 || sources[1][base1 + row - o0 * n1] < 0;
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
