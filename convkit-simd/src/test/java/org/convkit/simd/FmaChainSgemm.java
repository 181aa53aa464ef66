package org.convkit.simd;

import org.convkit.runtime.Sgemm;

/**
 * The determinism oracle: each C element is one {@link Math#fma} chain over k in increasing order,
 * from C or from zero, which is what {@link VectorSgemm} promises to compute bit for bit.
 */
final class FmaChainSgemm implements Sgemm {
    static final FmaChainSgemm INSTANCE = new FmaChainSgemm();

    private FmaChainSgemm() {
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s = Math.fma(av, bv, s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    /** Packed: op(A) copied row by row, so the packed multiply is the plain one on the copy. */
    @Override
    public org.convkit.runtime.PackedMatrix pack(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        float[] d = new float[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                d[i * k + p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
        }
        return new org.convkit.runtime.PackedMatrix(this, d, m, k, 1);
    }

    @Override
    public void multiply(org.convkit.runtime.PackedMatrix a, int r0, int m, boolean transB, int n, float[] b, int bOff,
                         int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        checkPacked(a, r0, m);
        multiply(false, transB, m, n, a.depth(), a.data(), r0 * a.depth(), a.depth(), b, bOff, ldb, c, cOff, ldc,
                accumulate);
    }

    /** B's rows copied out of the table into a k x n matrix, then the plain multiply. */
    @Override
    public void multiplyRows(org.convkit.runtime.PackedMatrix a, int r0, int m, int n, float[] b, int bOff, int[] rows,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        checkPacked(a, r0, m);
        int k = a.depth();
        float[] copy = new float[k * n];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOff + rows[p], copy, p * n, n);
        }
        multiply(a, r0, m, false, n, copy, 0, n, c, cOff, ldc, accumulate);
    }

    @Override
    public org.convkit.runtime.PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] d = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                d[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        return new org.convkit.runtime.PackedMatrix(this, d, n, k, 1);
    }

    @Override
    public void multiply(boolean transA, int m, float[] a, int aOff, int lda, org.convkit.runtime.PackedMatrix b,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(transA, false, m, b.rows(), b.depth(), a, aOff, lda, b.data(), 0, b.rows(), c, cOff, ldc, accumulate);
    }

    @Override
    public String name() {
        return "fma-chain";
    }
}
