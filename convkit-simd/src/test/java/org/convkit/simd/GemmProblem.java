package org.convkit.simd;

import java.util.SplittableRandom;
import org.convkit.runtime.Sgemm;

/**
 * One random multiply with awkward storage: offsets, leading dimensions wider than the matrix, slack
 * after the last row, and C pre-filled with NaN garbage when it is to be overwritten. Knows its own
 * error budget and which array cells a multiply may write.
 */
final class GemmProblem {
    /** Unit roundoff of float. */
    static final double U = 0x1p-24;

    final boolean transA;
    final boolean transB;
    final boolean accumulate;
    final int m;
    final int n;
    final int k;
    final float[] a;
    final int aOff;
    final int lda;
    final float[] b;
    final int bOff;
    final int ldb;
    final float[] c0;
    final int cOff;
    final int ldc;

    GemmProblem(SplittableRandom r, boolean transA, boolean transB, int m, int n, int k, boolean accumulate) {
        this.transA = transA;
        this.transB = transB;
        this.accumulate = accumulate;
        this.m = m;
        this.n = n;
        this.k = k;
        aOff = r.nextInt(6);
        lda = (transA ? m : k) + r.nextInt(4);
        a = random(r, aOff, transA ? k : m, lda);
        bOff = r.nextInt(6);
        ldb = (transB ? k : n) + r.nextInt(4);
        b = random(r, bOff, transB ? n : k, ldb);
        cOff = r.nextInt(6);
        ldc = n + r.nextInt(4);
        c0 = random(r, cOff, m, ldc);
        if (!accumulate) {
            // garbage that must not leak into the result
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c0[cIndex(i, j)] = Float.NaN;
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int off, int rows, int ld) {
        float[] x = new float[off + rows * ld + r.nextInt(3)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    float a(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float b(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    int cIndex(int i, int j) {
        return cOff + i * ldc + j;
    }

    boolean insideC(int index) {
        if (m == 0 || n == 0) {
            return false;
        }
        int rel = index - cOff;
        return rel >= 0 && rel / ldc < m && rel % ldc < n;
    }

    /** C after {@code g} multiplies into a fresh copy of the initial C. */
    float[] run(Sgemm g) {
        float[] c = c0.clone();
        g.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        return c;
    }

    /**
     * How far two float evaluations of C(i, j) may differ: each is a dot product of length k+1 (the
     * start value and k products), accumulated in float in some order with or without fma, so each is
     * within gamma_{k+1} = (k+1)u / (1 - (k+1)u) times |c0| + sum_p |a_ip b_pj| of the exact value, and
     * the two within twice that.
     */
    double budget(int i, int j) {
        double sum = accumulate ? Math.abs((double) c0[cIndex(i, j)]) : 0;
        for (int p = 0; p < k; p++) {
            sum += Math.abs((double) a(i, p) * b(p, j));
        }
        double ku = (k + 1) * U;
        return 2 * ku / (1 - ku) * sum;
    }

    @Override
    public String toString() {
        return "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + " accumulate=" + accumulate
                + " (aOff=" + aOff + " lda=" + lda + " bOff=" + bOff + " ldb=" + ldb + " cOff=" + cOff + " ldc=" + ldc + ")";
    }
}
