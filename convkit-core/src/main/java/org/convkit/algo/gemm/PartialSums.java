package org.convkit.algo.gemm;

import org.convkit.runtime.Sgemm;

/**
 * Weight gradients reduce over every small cell of every image, often millions of products per
 * element. Summed in one float chain their error grows with that count; here each tile's product is
 * summed alone (by the GEMM, over the tile's columns) and the tiles' partial sums are then added in
 * a fixed order, so the error grows with columns-per-tile plus tiles, not with their product.
 */
final class PartialSums {
    private PartialSums() {
    }

    /**
     * {@code C (m x n, leading dimension ldc) = [C +] A op(B)}, where A is m x k and op(B) is k x n
     * (B stored n x k when {@code transB}): the first partial is written into C directly, later ones
     * through {@code tmp} (m*n floats from {@code tmpOff}) and added.
     */
    static void add(Sgemm mm, boolean first, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] tmp, int tmpOff) {
        if (first) {
            mm.multiply(false, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false);
            return;
        }
        mm.multiply(false, transB, m, n, k, a, aOff, lda, b, bOff, ldb, tmp, tmpOff, n, false);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int ti = tmpOff + i * n;
            for (int j = 0; j < n; j++) {
                c[ci + j] += tmp[ti + j];
            }
        }
    }

    /** Zeros an m x n block of C (no partial sum at all: an empty batch). */
    static void zero(int m, int n, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
    }
}
