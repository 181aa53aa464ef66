package org.convkit.algo;

/**
 * The portable {@link Sgemm}: plain loops in an order the JIT can auto-vectorize (i-k-j, the j loop
 * contiguous in B and C). Used when the Vector API is absent or switched off, and as the scalar twin
 * that vector kernels are tested against. Each C element accumulates its k products in float, in
 * increasing k, whatever m and n are.
 */
public final class ScalarSgemm implements Sgemm {
    public static final ScalarSgemm INSTANCE = new ScalarSgemm();

    private ScalarSgemm() {
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bOff + j * ldb + p];
                    }
                } else {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bp + j];
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
