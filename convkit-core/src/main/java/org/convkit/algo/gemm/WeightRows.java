package org.convkit.algo.gemm;

import org.convkit.runtime.PackedMatrix;
import org.convkit.algo.Pass;
import org.convkit.runtime.Sgemm;

/**
 * The weight as the left operand of a pass's GEMMs, one matrix per group: W_g (csg x cbg*kv) for a
 * GATHER, W_g^T (cbg*kv x csg) for a SCATTER. Read as stored on every call ({@link #stored}), or
 * packed once for a prepared layer ({@link #packed}); both give the same bits, since packing moves
 * floats and never changes a sum.
 */
abstract class WeightRows {
    /** A multiply may start at a multiple of this many rows. */
    abstract int align();

    /** Floats held beyond the caller's weight. */
    abstract long floats();

    /** {@code C = A_g[r0 .. r0+m) B}, B being k x n stored with leading dimension ldb; accumulates when asked. */
    abstract void multiply(Sgemm mm, int group, int r0, int m, int n, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate);

    /** As above, overwriting C. */
    final void multiply(Sgemm mm, int group, int r0, int m, int n, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc) {
        multiply(mm, group, r0, m, n, b, bOff, ldb, c, cOff, ldc, false);
    }

    static WeightRows stored(Grid g, Pass pass, float[] weight) {
        int rows = g.columnRows();
        boolean scatter = pass == Pass.SCATTER;
        return new WeightRows() {
            @Override
            int align() {
                return 1;
            }

            @Override
            long floats() {
                return 0;
            }

            @Override
            void multiply(Sgemm mm, int group, int r0, int m, int n, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
                int at = group * g.csg * rows;
                if (scatter) {
                    mm.multiply(true, false, m, n, g.csg, weight, at + r0, rows, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    mm.multiply(false, false, m, n, rows, weight, at + r0 * rows, rows, b, bOff, ldb, c, cOff, ldc,
                            accumulate);
                }
            }
        };
    }

    static WeightRows packed(Sgemm mm, Grid g, Pass pass, float[] weight) {
        int rows = g.columnRows();
        boolean scatter = pass == Pass.SCATTER;
        PackedMatrix[] a = new PackedMatrix[g.groups];
        long floats = 0;
        for (int group = 0; group < g.groups; group++) {
            int at = group * g.csg * rows;
            a[group] = scatter ? mm.pack(true, rows, g.csg, weight, at, rows) : mm.pack(false, g.csg, rows, weight, at, rows);
            floats += a[group].floats();
        }
        long held = floats;
        int align = a.length == 0 ? 1 : a[0].panelRows();
        return new WeightRows() {
            @Override
            int align() {
                return align;
            }

            @Override
            long floats() {
                return held;
            }

            @Override
            void multiply(Sgemm m2, int group, int r0, int m, int n, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
                m2.multiply(a[group], r0, m, false, n, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        };
    }
}
