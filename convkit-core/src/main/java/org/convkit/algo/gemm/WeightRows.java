package org.convkit.algo.gemm;

import org.convkit.runtime.PackedMatrix;
import org.convkit.algo.Pass;
import org.convkit.runtime.Scratch;
import org.convkit.runtime.Sgemm;

/**
 * The weight as the left operand of a pass's GEMMs, one matrix per group: W_g (csg x cbg*kv) for a
 * GATHER, W_g^T (cbg*kv x csg) for a SCATTER. Read as stored on every call ({@link #stored}), or
 * packed once for a prepared layer ({@link #packed}); both give the same bits, since packing moves
 * floats and never changes a sum.
 *
 * <p>A GATHER's reduction (its columns, cbg*kv) may be cut into chunks of {@code depth} columns, the
 * last one shorter: chunk j multiplies the lowered rows [j*depth, (j+1)*depth), and the chunks
 * accumulate in order, so every output is still one fma chain over the whole reduction in increasing
 * order. A SCATTER's reduction (csg) is one chunk.
 */
abstract class WeightRows {
    /** A multiply may start at a multiple of this many rows. */
    abstract int align();

    /** Floats held beyond the caller's weight. */
    abstract long floats();

    /**
     * {@code C = A_g[r0 .. r0+m)[chunk] B}: rows r0 to r0+m of the group's matrix, its reduction
     * chunk {@code chunk}, times B (that chunk's k x n, stored with leading dimension ldb);
     * accumulates when asked.
     */
    abstract void multiply(Sgemm mm, int group, int r0, int m, int chunk, int n, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate);

    /** The whole reduction (a single chunk). */
    final void multiply(Sgemm mm, int group, int r0, int m, int n, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(mm, group, r0, m, 0, n, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** As above, overwriting C. */
    final void multiply(Sgemm mm, int group, int r0, int m, int n, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc) {
        multiply(mm, group, r0, m, n, b, bOff, ldb, c, cOff, ldc, false);
    }

    static WeightRows stored(Grid g, Pass pass, float[] weight) {
        return stored(g, pass, weight, g.columnRows());
    }

    /** Read as stored, a GATHER's reduction in chunks of {@code depth}. */
    static WeightRows stored(Grid g, Pass pass, float[] weight, int depth) {
        int rows = g.columnRows();
        boolean scatter = pass == Pass.SCATTER;
        return new Unpacked() {
            @Override
            void multiply(Sgemm mm, int group, int r0, int m, int chunk, int n, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
                int at = group * g.csg * rows;
                if (scatter) {
                    mm.multiply(true, false, m, n, g.csg, weight, at + r0, rows, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    int k0 = chunk * depth;
                    mm.multiply(false, false, m, n, Math.min(depth, rows - k0), weight, at + r0 * rows + k0, rows,
                            b, bOff, ldb, c, cOff, ldc, accumulate);
                }
            }
        };
    }

    static WeightRows packed(Sgemm mm, Grid g, Pass pass, float[] weight) {
        return packed(mm, g, pass, weight, g.columnRows());
    }

    /** Packed once, a GATHER's reduction in chunks of {@code depth}, each packed on its own. */
    static WeightRows packed(Sgemm mm, Grid g, Pass pass, float[] weight, int depth) {
        int rows = g.columnRows();
        boolean scatter = pass == Pass.SCATTER;
        int chunks = scatter ? 1 : Tiling.ceilDiv(rows, depth);
        PackedMatrix[][] a = new PackedMatrix[g.groups][chunks];
        long floats = 0;
        for (int group = 0; group < g.groups; group++) {
            int at = group * g.csg * rows;
            for (int j = 0; j < chunks; j++) {
                int k0 = j * depth;
                a[group][j] = scatter ? mm.pack(true, rows, g.csg, weight, at, rows)
                        : mm.pack(false, g.csg, Math.min(depth, rows - k0), weight, at + k0, rows);
                floats += a[group][j].floats();
            }
        }
        return of(a, floats);
    }

    /**
     * A GATHER's weight read in the tap-major order of {@link LiveTaps} as it is stored: each multiply
     * copies its rows' chunk into a pooled buffer of {@code m x chunk rows} floats (the copy a GEMM
     * packs its A with anyway), so an unprepared call holds no permuted copy of a large weight.
     */
    static WeightRows tapMajorStored(Grid g, float[] weight, LiveTaps live) {
        int rows = g.columnRows();
        return new Unpacked() {
            @Override
            void multiply(Sgemm mm, int group, int r0, int m, int chunk, int n, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
                int k = live.chunkRowsOf(chunk);
                int first = live.chunkFirst(chunk);
                float[] a = Scratch.take(m * k);
                for (int i = 0; i < m; i++) {
                    int at = (group * g.csg + r0 + i) * rows;
                    for (int r = 0; r < k; r++) {
                        a[i * k + r] = weight[at + live.column(first + r)];
                    }
                }
                mm.multiply(false, false, m, n, k, a, 0, k, b, bOff, ldb, c, cOff, ldc, accumulate);
                Scratch.give(a);
            }
        };
    }

    /**
     * A GATHER's weight with its columns in the tap-major order of {@link LiveTaps}, packed once chunk
     * by chunk (chunk c of the multiply is the live-tap chunk c), for a prepared layer.
     */
    static WeightRows tapMajor(Sgemm mm, Grid g, float[] weight, LiveTaps live) {
        int rows = g.columnRows();
        int chunks = live.chunks();
        PackedMatrix[][] a = new PackedMatrix[g.groups][chunks];
        float[] permuted = new float[g.csg * rows];
        long floats = 0;
        for (int group = 0; group < g.groups; group++) {
            int at = group * g.csg * rows;
            for (int i = 0; i < g.csg; i++) {
                for (int r = 0; r < rows; r++) {
                    permuted[i * rows + r] = weight[at + i * rows + live.column(r)];
                }
            }
            for (int c = 0; c < chunks; c++) {
                a[group][c] = mm.pack(false, g.csg, live.chunkRowsOf(c), permuted, live.chunkFirst(c), rows);
                floats += a[group][c].floats();
            }
        }
        return of(a, floats);
    }

    /** Chunk c of group g's product is {@code a[g][c]}, packed; {@code floats} held in all. */
    private static WeightRows of(PackedMatrix[][] a, long floats) {
        int align = a.length == 0 || a[0].length == 0 ? 1 : a[0][0].panelRows();
        return new WeightRows() {
            @Override
            int align() {
                return align;
            }

            @Override
            long floats() {
                return floats;
            }

            @Override
            void multiply(Sgemm m2, int group, int r0, int m, int chunk, int n, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
                m2.multiply(a[group][chunk], r0, m, false, n, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        };
    }

    /** Read from the caller's weight on every call: no alignment, nothing held. */
    private abstract static class Unpacked extends WeightRows {
        @Override
        int align() {
            return 1;
        }

        @Override
        long floats() {
            return 0;
        }
    }
}
