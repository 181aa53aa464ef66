package org.convkit.runtime;

import java.util.Arrays;

/**
 * The portable {@link Sgemm}: plain loops in an order the JIT can auto-vectorize (i-k-j, the j loop
 * contiguous), blocked so that the block of op(B) in use and the row of C being updated both stay in
 * L1 while every row of A passes over the block; the block is copied a row per array and each row of
 * C into an accumulator, so that the inner loop indexes all of them with the same j (see
 * {@link #update8}). Used when the Vector API is absent or switched off.
 *
 * <p>Each C element is one {@link Math#fma} chain over k in increasing order, from C or from zero,
 * whatever m and n are: blocking only interleaves elements, it never reorders one element's sum. That
 * is what convkit-simd's vector multiply computes too, so both give bitwise the same C.
 */
public final class ScalarSgemm implements Sgemm {
    public static final ScalarSgemm INSTANCE = new ScalarSgemm();

    /** Columns of C per block: a 1 KiB row segment, the accumulator the inner loop updates. */
    private static final int COLUMNS = 256;
    /**
     * Steps of k per block: with COLUMNS, a 32 KiB block of B that stays in L1 with the accumulator
     * across all rows of A. With a 256 KiB block in L2 the update ran at the L2's bandwidth, a third
     * of what it runs at from L1 (Intel Xeon with AVX-512, JDK 17).
     */
    private static final int STEPS = 32;
    /** Steps of k per pass over the accumulator: one load and one store of it per eight products. */
    private static final int UNROLL = 8;
    /** Below this many columns of C, a C with more rows than columns is computed a column at a time. */
    private static final int NARROW = 128;

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
        if (n < NARROW && m > n) {
            byColumns(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc, buf);
        } else {
            byRows(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, rows, c, cOff, ldc, buf);
        }
    }

    /**
     * Rows of C at a time: the block is op(B)'s rows, the accumulator a row of C, and each step's
     * multiplier an element of op(A).
     */
    private static void byRows(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, int[] rows, float[] c, int cOff, int ldc,
                               Buffers buf) {
        float[] acc = buf.acc;
        int step = transA ? lda : 1;
        for (int j0 = 0; j0 < n; j0 += COLUMNS) {
            int width = Math.min(COLUMNS, n - j0);
            for (int p0 = 0; p0 < k; p0 += STEPS) {
                int p1 = Math.min(k, p0 + STEPS);
                if (transB) {
                    transpose(b, bOff + j0 * ldb + p0, ldb, width, p1 - p0, buf.b);
                } else {
                    for (int p = p0; p < p1; p++) {
                        System.arraycopy(b, bOff + (rows == null ? p * ldb : rows[p]) + j0, buf.b[p - p0], 0, width);
                    }
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j0;
                    System.arraycopy(c, ci, acc, 0, width);
                    steps(acc, a, aOff + (transA ? p0 * lda + i : i * lda + p0), step, buf.b, p1 - p0, width);
                    System.arraycopy(acc, 0, c, ci, width);
                }
            }
        }
    }

    /**
     * Columns of C at a time, for a C with few columns and more rows (a 1x1 convolution on a 7x7
     * map: n = 49, m = 512), where rows of n would leave the vectorized loop a few iterations: the
     * block is op(A)'s columns, the accumulator a column of C, and each step's multiplier an element
     * of op(B). Each element's chain is the same as by rows.
     */
    private static void byColumns(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, int[] rows, float[] c, int cOff, int ldc,
                                  Buffers buf) {
        float[] column = buf.column;
        float[][] acc = buf.columns;
        for (int i0 = 0; i0 < m; i0 += COLUMNS) {
            int width = Math.min(COLUMNS, m - i0);
            // C's columns for these rows, each its own array, across the whole reduction
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < width; i++) {
                    acc[j][i] = c[cOff + (i0 + i) * ldc + j];
                }
            }
            for (int p0 = 0; p0 < k; p0 += STEPS) {
                int p1 = Math.min(k, p0 + STEPS);
                if (transA) {
                    for (int p = p0; p < p1; p++) {
                        System.arraycopy(a, aOff + p * lda + i0, buf.b[p - p0], 0, width);
                    }
                } else {
                    transpose(a, aOff + i0 * lda + p0, lda, width, p1 - p0, buf.b);
                }
                for (int j = 0; j < n; j++) {
                    for (int p = p0; p < p1; p++) {
                        column[p - p0] = transB ? b[bOff + j * ldb + p]
                                : b[bOff + (rows == null ? p * ldb : rows[p]) + j];
                    }
                    steps(acc[j], column, 0, 1, buf.b, p1 - p0, width);
                }
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < width; i++) {
                    c[cOff + (i0 + i) * ldc + j] = acc[j][i];
                }
            }
        }
    }

    /**
     * {@code block[t][r] = x[x0 + r * ld + t]} for r below {@code count} and t below {@code steps}:
     * a matrix stored the other way into the block. Each source row's steps are read together (a
     * cache line or two), where reading a block row at a time would miss the cache on every element
     * of a matrix wider than it.
     */
    private static void transpose(float[] x, int x0, int ld, int count, int steps, float[][] block) {
        for (int r = 0; r < count; r++) {
            int from = x0 + r * ld;
            for (int t = 0; t < steps; t++) {
                block[t][r] = x[from + t];
            }
        }
    }

    /**
     * {@code acc[j] = fma(x[t], block[t][j], acc[j])} for the block's steps t in increasing order,
     * {@code x[t]} read from {@code x[x0 + t * step]}: eight steps per pass over the accumulator, then
     * one at a time.
     */
    private static void steps(float[] acc, float[] x, int x0, int step, float[][] block, int count, int width) {
        int t = 0;
        for (; t + UNROLL <= count; t += UNROLL) {
            update8(acc, x, x0 + t * step, step, block, t, width);
        }
        for (; t < count; t++) {
            update1(acc, x[x0 + t * step], block[t], width);
        }
    }

    /**
     * Eight steps of k, {@code acc[j] = fma(a7, b7[j], ... fma(a0, b0[j], acc[j]))}: every array is
     * indexed by the loop's own j, so JDK 17's SuperWord vectorizes it (it does not when two sides have
     * different offsets, since they might be one array, nor when one loop stores to two arrays), and
     * the accumulator is loaded and stored once per eight products. The nested calls are the chain in
     * increasing k, rounded as eight separate steps would be.
     */
    private static void update8(float[] acc, float[] a, int ai, int step, float[][] b, int q, int width) {
        float a0 = a[ai];
        float a1 = a[ai + step];
        float a2 = a[ai + 2 * step];
        float a3 = a[ai + 3 * step];
        float a4 = a[ai + 4 * step];
        float a5 = a[ai + 5 * step];
        float a6 = a[ai + 6 * step];
        float a7 = a[ai + 7 * step];
        float[] b0 = b[q];
        float[] b1 = b[q + 1];
        float[] b2 = b[q + 2];
        float[] b3 = b[q + 3];
        float[] b4 = b[q + 4];
        float[] b5 = b[q + 5];
        float[] b6 = b[q + 6];
        float[] b7 = b[q + 7];
        for (int j = 0; j < width; j++) {
            acc[j] = Math.fma(a7, b7[j], Math.fma(a6, b6[j], Math.fma(a5, b5[j], Math.fma(a4, b4[j],
                    Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))))))));
        }
    }

    /** One step of k, for the last steps of a block: {@code acc[j] = fma(av, row[j], acc[j])}. */
    private static void update1(float[] acc, float av, float[] row, int width) {
        for (int j = 0; j < width; j++) {
            acc[j] = Math.fma(av, row[j], acc[j]);
        }
    }

    /** One thread's block of op(B), a row per array, and a row of C. */
    private static final class Buffers {
        final float[][] b = new float[STEPS][COLUMNS];
        final float[] acc = new float[COLUMNS];
        final float[] column = new float[STEPS];
        final float[][] columns = new float[NARROW][COLUMNS];
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
