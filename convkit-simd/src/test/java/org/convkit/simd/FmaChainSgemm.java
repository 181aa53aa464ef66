package org.convkit.simd;

import org.convkit.algo.Sgemm;

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

    @Override
    public String name() {
        return "fma-chain";
    }
}
