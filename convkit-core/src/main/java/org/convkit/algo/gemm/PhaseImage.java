package org.convkit.algo.gemm;

import java.util.Arrays;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.SimdKernels;
import org.convkit.spec.PaddingMode;

/**
 * The copy of one image's big channels (of one group) that an implicit GEMM reads: padded through
 * the padding mode and split by stride phase, so that every (big channel, tap) pair reads a slab's
 * outputs as one window of consecutive floats, shifted by a constant. Those windows are the rows of
 * the im2col matrix, and the GEMM reads them where they lie ({@code Sgemm.multiplyRows}).
 *
 * <p>In each dimension, tap k meets padded coordinate {@code o*s + k*d}: phase {@code r = k*d mod s},
 * plane cell {@code u = o + k*d / s}. A phase plane holds the cells of one phase (only the phases
 * some tap reads), {@code small + max(k*d / s)} of them, so every tap of every output is inside it.
 * Cells are laid out in one pitch per dimension, the outputs of a slab likewise: output o's flat
 * index plus the tap's offset is the cell it reads. The flat range also covers the cells between
 * rows (output columns past the row's end), whose products are computed and dropped: the price of
 * reading windows instead of copying columns, counted by {@link #flatCells()}.
 *
 * <p>Slabs cut the outermost dimension with more than one output ({@link #slabDim}), so that one
 * copy stays within the workspace target whatever the image; the offsets do not depend on the slab.
 */
final class PhaseImage {
    final Grid g;
    /** The dimension slabs cut, their outputs along it, and how many there are per image. */
    final int slabDim;
    final int slabLength;
    final int slabs;
    /** The copy's extent and pitch per dimension, floats per phase plane and per big channel. */
    final int[] extent = new int[Grid.D];
    final int[] pitch = new int[Grid.D];
    final int planeFloats;
    final int channelFloats;
    /** Per dimension: the phase of each used plane, and each phase's plane (or -1 if no tap reads it). */
    private final int[][] phases = new int[Grid.D][];
    private final int[][] planeOf = new int[Grid.D][];
    /** Per dimension, the last padded coordinate an output reads (past it, cells only feed dropped products). */
    private final int[] lastRead = new int[Grid.D];
    /** Per row of the weight ({@code j*kv + tap}, taps as stored), where its window starts in the copy. */
    final int[] offsets;

    /** With slabs of at most {@code slabLength} outputs along the slab dimension. */
    PhaseImage(Grid g, int slabLength) {
        this.g = g;
        int dim = Grid.D - 1;
        for (int d = 0; d < Grid.D; d++) {
            if (g.small[d] > 1) {
                dim = d;
                break;
            }
        }
        slabDim = dim;
        this.slabLength = Math.max(1, Math.min(slabLength, g.small[dim]));
        slabs = Tiling.ceilDiv(g.small[dim], this.slabLength);
        int[] reach = new int[Grid.D];
        int planes = 1;
        for (int d = 0; d < Grid.D; d++) {
            int s = g.stride[d];
            planeOf[d] = new int[s];
            Arrays.fill(planeOf[d], -1);
            int used = 0;
            for (int k = 0; k < g.kernel[d]; k++) {
                int e = k * g.dilation[d];
                reach[d] = Math.max(reach[d], e / s);
                if (planeOf[d][e % s] < 0) {
                    planeOf[d][e % s] = used++;
                }
            }
            phases[d] = new int[used];
            for (int r = 0; r < s; r++) {
                if (planeOf[d][r] >= 0) {
                    phases[d][planeOf[d][r]] = r;
                }
            }
            planes *= used;
            extent[d] = (d == dim ? this.slabLength : g.small[d]) + reach[d];
            lastRead[d] = (g.small[d] - 1) * s + (g.kernel[d] - 1) * g.dilation[d];
        }
        pitch[2] = 1;
        pitch[1] = extent[2];
        pitch[0] = extent[1] * extent[2];
        planeFloats = extent[0] * pitch[0];
        channelFloats = Math.multiplyExact(planes, planeFloats);
        int kv = g.kernelVolume;
        offsets = new int[g.cbg * kv];
        int t = 0;
        for (int k0 = 0; k0 < g.kernel[0]; k0++) {
            for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                for (int k2 = 0; k2 < g.kernel[2]; k2++, t++) {
                    int plane = (plane(0, k0) * phases[1].length + plane(1, k1)) * phases[2].length + plane(2, k2);
                    int at = plane * planeFloats + shift(0, k0) * pitch[0] + shift(1, k1) * pitch[1] + shift(2, k2);
                    // the weight's row for this tap: a convolution (flip) applies weight tap kv-1-t here
                    int row = g.flip ? kv - 1 - t : t;
                    for (int j = 0; j < g.cbg; j++) {
                        offsets[j * kv + row] = j * channelFloats + at;
                    }
                }
            }
        }
    }

    private int plane(int d, int k) {
        return planeOf[d][k * g.dilation[d] % g.stride[d]];
    }

    private int shift(int d, int k) {
        return k * g.dilation[d] / g.stride[d];
    }

    /** Floats of one slab's copy: every big channel of the group. */
    long floats() {
        return (long) g.cbg * channelFloats;
    }

    /** Outputs of slab {@code slab} along the slab dimension. */
    int length(int slab) {
        return Math.min(slabLength, g.small[slabDim] - slab * slabLength);
    }

    /** Flat outputs a slab's product computes: from its first output to its last, rows' gaps included. */
    int flatCells(int slab) {
        int last = 0;
        for (int d = 0; d < Grid.D; d++) {
            last += ((d == slabDim ? length(slab) : g.small[d]) - 1) * pitch[d];
        }
        return last + 1;
    }

    /** Flat outputs of all of an image's slabs. */
    long flatCells() {
        long n = 0;
        for (int s = 0; s < slabs; s++) {
            n += flatCells(s);
        }
        return n;
    }

    /** Floats one slab takes: its copy, then {@code rows} rows of its product. */
    long workspace(int rows) {
        return floats() + (long) rows * flatCells(0);
    }

    /**
     * Writes the outputs of slab {@code slab} from its product ({@code rows} rows of
     * {@link #flatCells(int)} floats from {@code c[at]}) into {@code small}, whose first row (an
     * output channel's map) starts at {@code small[to]}: the rows' gaps are dropped.
     */
    void output(float[] c, int at, int slab, int rows, float[] small, int to) {
        walk(c, at, flatCells(slab), slab, rows, small, to, true);
    }

    /**
     * The reverse of {@link #output}: places slab {@code slab}'s outputs of {@code rows} maps (from
     * {@code small[from]}) at their flat positions in rows of {@code ld} floats from {@code c[at]},
     * zeros between and after them.
     */
    void input(float[] small, int from, int slab, int rows, float[] c, int at, int ld) {
        Arrays.fill(c, at, at + rows * ld, 0f);
        walk(c, at, ld, slab, rows, small, from, false);
    }

    /** Each output row of a slab, between its flat product (rows n apart) and the maps. */
    private void walk(float[] c, int at, int n, int slab, int rows, float[] small, int to, boolean out) {
        int a = slab * slabLength;
        int len = length(slab);
        int[] lo = new int[Grid.D];
        int[] hi = g.small.clone();
        lo[slabDim] = a;
        hi[slabDim] = a + len;
        int width = hi[2] - lo[2];
        int lines = hi[1] - lo[1];
        SimdKernels k = Kernels.active();
        // a block of rows per plane of dimension 0: a copy call per 14-wide row cost more than its copy
        for (int i = 0; i < rows; i++) {
            int from = at + i * n;
            int map = to + i * g.smallVolume;
            for (int o0 = lo[0]; o0 < hi[0]; o0++) {
                int flat = from + (o0 - lo[0]) * pitch[0];
                int cell = map + (o0 * g.small[1] + lo[1]) * g.small[2] + lo[2];
                if (out) {
                    k.copyRows(lines, width, c, flat, pitch[1], 1, small, cell, g.small[2], 1);
                } else if (flat + (lines - 1) * pitch[1] + width + k.blockLanes() - 1 <= at + rows * n) {
                    // into zeros, in increasing order (input: the rows were zeroed first)
                    k.copyRowsOverZeros(lines, width, small, cell, g.small[2], 1, c, flat, pitch[1]);
                } else {
                    k.copyRows(lines, width, small, cell, g.small[2], 1, c, flat, pitch[1], 1);
                }
            }
        }
    }

    /**
     * Copies slab {@code slab} of the image whose first big channel starts at {@code big[from]} into
     * {@code copy[0 .. floats())}: every cell, through the padding mode, zero past what any output
     * reads.
     */
    void copy(float[] big, int from, int slab, float[] copy) {
        copy(big, from, 0, g.cbg, slab, copy);
    }

    /** As {@link #copy(float[], int, int, float[])}, big channels [j0, j1) only, channel j0 first. */
    void copy(float[] big, int from, int j0, int j1, int slab, float[] copy) {
        if (g.mode == PaddingMode.ZEROS) {
            copyZeros(big, from, j0, j1, slab, copy);
        } else {
            copyEachRow(big, from, j0, j1, slab, copy);
        }
    }

    /**
     * {@link #copy(float[], int, int, int, int, float[])} for zero padding: the copy zeroed, then
     * each phase plane's real cells as one block per plane of dimension 0, its rows the stride's rows
     * of the input and its step the stride along them ({@link SimdKernels#copyRowsOverZeros}: a row
     * narrower than a vector is one vector, where the copies had run scalar). Row by row,
     * each border cell through the padding mode, the copy of a 28x28 map's phases took 3-4x the
     * product's time in a grouped layer with 16 channels per group.
     */
    private void copyZeros(float[] big, int from, int j0, int j1, int slab, float[] copy) {
        int end = (j1 - j0) * channelFloats;
        Arrays.fill(copy, 0, end, 0f);
        SimdKernels k = Kernels.active();
        int lanes = k.blockLanes();
        int[] range = new int[2];
        forEachPlane(from, j0, j1, slab, (channel, at, p, first) -> {
            int lo0 = real(0, first[0], p[0], range);
            int hi0 = range[1];
            int lo1 = real(1, first[1], p[1], range);
            int hi1 = range[1];
            int lo2 = real(2, first[2], p[2], range);
            int hi2 = range[1];
            if (hi1 <= lo1 || hi2 <= lo2) {
                return;
            }
            int i1 = (first[1] + lo1) * g.stride[1] + p[1] - g.padBefore[1];
            int i2 = (first[2] + lo2) * g.stride[2] + p[2] - g.padBefore[2];
            int rows = hi1 - lo1;
            int width = hi2 - lo2;
            for (int u0 = lo0; u0 < hi0; u0++) {
                int i0 = (first[0] + u0) * g.stride[0] + p[0] - g.padBefore[0];
                int src = channel + (i0 * g.big[1] + i1) * g.big[2] + i2;
                int to = at + u0 * pitch[0] + lo1 * pitch[1] + lo2;
                // zeros past a row land on cells still zero or written after (rows go in
                // increasing order), but never past the copy
                if (to + (rows - 1) * pitch[1] + width + lanes - 1 <= end) {
                    k.copyRowsOverZeros(rows, width, big, src, g.stride[1] * g.big[2], g.stride[2], copy, to, pitch[1]);
                } else {
                    k.copyRows(rows, width, big, src, g.stride[1] * g.big[2], g.stride[2], copy, to, pitch[1], 1);
                }
            }
        });
    }

    /** What is done to one phase plane of one big channel: where the channel starts in big, where the plane starts in the copy, its phases, the slab's first cell per dimension. */
    private interface PlaneCopy {
        void copy(int channel, int at, int[] phase, int[] first);
    }

    /** Each phase plane of big channels [j0, j1) of slab {@code slab}, in the copy's order. */
    private void forEachPlane(int from, int j0, int j1, int slab, PlaneCopy plane) {
        int[] first = new int[Grid.D]; // the slab's first plane cell per dimension
        first[slabDim] = slab * slabLength;
        int[] p = new int[Grid.D];
        for (int j = j0; j < j1; j++) {
            int channel = from + j * g.bigVolume;
            int at = (j - j0) * channelFloats;
            for (int p0 : phases[0]) {
                for (int p1 : phases[1]) {
                    for (int p2 : phases[2]) {
                        p[0] = p0;
                        p[1] = p1;
                        p[2] = p2;
                        plane.copy(channel, at, p, first);
                        at += planeFloats;
                    }
                }
            }
        }
    }

    /**
     * The plane cells u of phase r in dimension d (the slab's first cell at {@code first}) that read
     * a real cell some output reads: returns the first, {@code range[1]} the end (at most the first).
     */
    private int real(int d, int first, int r, int[] range) {
        int s = g.stride[d];
        int pb = g.padBefore[d];
        int last = Math.min(pb + g.big[d] - 1, lastRead[d]);
        int lo = Math.max(0, ceilDiv(pb - r, s) - first);
        int hi = Math.min(extent[d], Math.floorDiv(last - r, s) - first + 1);
        range[1] = Math.max(lo, hi);
        return lo;
    }

    /**
     * {@link #copy(float[], int, int, int, int, float[])} for any padding mode: each row of each
     * phase plane, its border cells through the mode.
     */
    void copyEachRow(float[] big, int from, int j0, int j1, int slab, float[] copy) {
        int b1 = g.big[1];
        int b2 = g.big[2];
        forEachPlane(from, j0, j1, slab, (channel, at, p, first) -> {
            for (int u0 = 0; u0 < extent[0]; u0++) {
                int i0 = source(0, first[0] + u0, p[0]);
                for (int u1 = 0; u1 < extent[1]; u1++) {
                    int i1 = i0 < 0 ? -1 : source(1, first[1] + u1, p[1]);
                    int row = at + u0 * pitch[0] + u1 * pitch[1];
                    if (i1 < 0) {
                        Arrays.fill(copy, row, row + extent[2], 0f);
                    } else {
                        row(big, channel + (i0 * b1 + i1) * b2, first[2], p[2], copy, row);
                    }
                }
            }
        });
    }

    /** One row of a phase plane along the last dimension, from big row {@code from}. */
    private void row(float[] big, int from, int u, int phase, float[] copy, int at) {
        int s = g.stride[2];
        int n = g.big[2];
        int pb = g.padBefore[2];
        // plane cells [lo, hi) read big cells inside the row: at most one copy, or one strided loop
        int lo = Math.min(extent[2], Math.max(0, ceilDiv(pb - phase, s) - u));
        int hi = Math.min(extent[2], Math.max(lo, ceilDiv(n + pb - phase, s) - u));
        hi = Math.min(hi, Math.max(lo, (lastRead[2] - phase) / s + 1 - u));
        for (int v = 0; v < lo; v++) {
            copy[at + v] = cell(big, from, u + v, phase);
        }
        int i = (u + lo) * s + phase - pb;
        if (s == 1 && hi > lo) {
            System.arraycopy(big, from + i, copy, at + lo, hi - lo);
        } else if (s > 1) {
            for (int v = lo; v < hi; v++, i += s) {
                copy[at + v] = big[from + i];
            }
        }
        for (int v = hi; v < extent[2]; v++) {
            copy[at + v] = cell(big, from, u + v, phase);
        }
    }

    private float cell(float[] big, int from, int u, int phase) {
        int i = source(2, u, phase);
        return i < 0 ? 0f : big[from + i];
    }

    /** The big cell that plane cell u of phase r reads in dimension d, or -1 for a zero. */
    private int source(int d, int u, int r) {
        int e = u * g.stride[d] + r;
        return e > lastRead[d] ? -1 : g.mode.source(e - g.padBefore[d], g.big[d]);
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
