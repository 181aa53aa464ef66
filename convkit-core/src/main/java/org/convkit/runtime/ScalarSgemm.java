package org.convkit.runtime;

import java.util.Arrays;

/**
 * The portable {@link Sgemm}: plain loops in an order the JIT can auto-vectorize (i-k-j, the j loop
 * contiguous), blocked so that the block of op(B) in use stays in cache while every row of A passes
 * over it; the block is copied a row per array and each row of C into an accumulator, so that the
 * inner loop indexes both with the same j (see {@link #update}). Used when the Vector API is absent
 * or switched off, and as the scalar twin that vector kernels are tested against.
 *
 * <p>Each C element accumulates its k products in float (a product, rounded, then a sum, rounded),
 * in increasing k, starting from C or from zero, whatever m and n are: blocking only interleaves
 * elements, it never reorders one element's sum.
 */
public final class ScalarSgemm implements Sgemm {
    public static final ScalarSgemm INSTANCE = new ScalarSgemm();

    /** Columns of C per block: a 1 KiB row segment of C stays in L1 across the k loop. */
    private static final int COLUMNS = 256;
    /** Steps of k per block: with COLUMNS, a 256 KiB block of B that stays in L2 across all rows. */
    private static final int STEPS = 256;

    private ScalarSgemm() {
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, accumulate);
    }

    /** With {@code rows}, B's row p starts at {@code bOff + rows[p]} (ldb unused); without, ldb apart. */
    private static void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb, int[] rows, float[] c, int cOff, int ldc,
                                 boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        Buffers buf = BUFFERS.get();
        for (int j0 = 0; j0 < n; j0 += COLUMNS) {
            int width = Math.min(COLUMNS, n - j0);
            for (int p0 = 0; p0 < k; p0 += STEPS) {
                int p1 = Math.min(k, p0 + STEPS);
                // the block of op(B), one array per row, so that the update below indexes B's row and
                // the accumulator with the same j
                for (int p = p0; p < p1; p++) {
                    float[] row = buf.b[p - p0];
                    if (transB) {
                        for (int j = 0; j < width; j++) {
                            row[j] = b[bOff + (j0 + j) * ldb + p];
                        }
                    } else {
                        System.arraycopy(b, bOff + (rows == null ? p * ldb : rows[p]) + j0, row, 0, width);
                    }
                }
                float[] acc = buf.acc;
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j0;
                    System.arraycopy(c, ci, acc, 0, width);
                    for (int p = p0; p < p1; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        update(acc, av, buf.b[p - p0], width);
                    }
                    System.arraycopy(acc, 0, c, ci, width);
                }
            }
        }
    }

    /**
     * {@code acc[j] += av * row[j]}: both arrays indexed by the loop's own j, so JDK 17's SuperWord
     * vectorizes it (it does not when the two sides have different offsets, since they might be one
     * array); a product rounded, then a sum rounded, as the class comment says. 1.7 GFLOP/s with C
     * and B indexed in place, about 10 this way.
     */
    private static void update(float[] acc, float av, float[] row, int width) {
        for (int j = 0; j < width; j++) {
            acc[j] += av * row[j];
        }
    }

    /** One thread's block of op(B), a row per array, and a row of C. */
    private static final class Buffers {
        final float[][] b = new float[STEPS][COLUMNS];
        final float[] acc = new float[COLUMNS];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** The packed form is op(A) stored m x k, row by row: every row is a panel. */
    @Override
    public PackedMatrix pack(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        float[] d = new float[Math.multiplyExact(m, k)];
        for (int i = 0; i < m; i++) {
            if (transA) {
                for (int p = 0; p < k; p++) {
                    d[i * k + p] = a[aOff + p * lda + i];
                }
            } else {
                System.arraycopy(a, aOff + i * lda, d, i * k, k);
            }
        }
        return new PackedMatrix(this, d, m, k, 1);
    }

    /** The sums run as with the unpacked A: each product is the same float, taken in the same k order. */
    @Override
    public void multiply(PackedMatrix a, int r0, int m, boolean transB, int n, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkPacked(a, r0, m);
        int k = a.depth();
        multiply(false, transB, m, n, k, a.data(), r0 * k, k, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void multiplyRows(PackedMatrix a, int r0, int m, int n, float[] b, int bOff, int[] rows, float[] c,
                             int cOff, int ldc, boolean accumulate) {
        checkPacked(a, r0, m);
        int k = a.depth();
        Sgemm.checkRows(b, bOff, rows, k, n);
        multiply(false, false, m, n, k, a.data(), r0 * k, k, b, bOff, 0, rows, c, cOff, ldc, accumulate);
    }

    /** The packed form of B is op(B) stored k x n, row by row. */
    @Override
    public PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] d = new float[Math.multiplyExact(k, n)];
        for (int p = 0; p < k; p++) {
            if (transB) {
                for (int j = 0; j < n; j++) {
                    d[p * n + j] = b[bOff + j * ldb + p];
                }
            } else {
                System.arraycopy(b, bOff + p * ldb, d, p * n, n);
            }
        }
        return new PackedMatrix(this, d, n, k, 1);
    }

    @Override
    public void multiply(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b, float[] c, int cOff,
                         int ldc, boolean accumulate) {
        checkPacked(b, 0, b.rows());
        multiply(transA, false, m, b.rows(), b.depth(), a, aOff, lda, b.data(), 0, b.rows(), c, cOff, ldc, accumulate);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
