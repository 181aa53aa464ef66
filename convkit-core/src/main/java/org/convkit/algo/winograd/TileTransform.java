package org.convkit.algo.winograd;

/**
 * One of Winograd's small matrices M (rows x cols), applied on both sides of square tiles,
 * {@code Y = M X M^T}, to a batch of n tiles at once. Tiles are stored element-major: element
 * (i, j) of tile t at {@code off + (i * side + j) * ld + t}, so every step is a loop over the batch
 * that the JIT vectorizes, and the matrix's zeros are skipped once, when the coefficient lists are
 * built, instead of being multiplied in every tile.
 */
final class TileTransform {
    final int rows;
    final int cols;
    private final double[][] matrix;
    private final int[][] index;
    private final float[][] coef;

    TileTransform(double[][] m) {
        rows = m.length;
        cols = m[0].length;
        matrix = new double[rows][];
        index = new int[rows][];
        coef = new float[rows][];
        for (int i = 0; i < rows; i++) {
            matrix[i] = m[i].clone();
            int nz = 0;
            for (double v : m[i]) {
                nz += v != 0 ? 1 : 0;
            }
            index[i] = new int[nz];
            coef[i] = new float[nz];
            for (int j = 0, k = 0; j < cols; j++) {
                if (m[i][j] != 0) {
                    index[i][k] = j;
                    coef[i][k++] = (float) m[i][j];
                }
            }
        }
    }

    /** Entry (i, j), rounded to float as it is applied. */
    float at(int i, int j) {
        return (float) matrix[i][j];
    }

    /** Floats of scratch {@link #apply} needs for n tiles. */
    int scratch(int n) {
        return rows * cols * n;
    }

    /**
     * {@code dst = M src M^T} for n tiles: src tiles are cols x cols, dst tiles rows x rows, laid out
     * as the class describes with leading dimensions srcLd and dstLd (both at least n).
     */
    void apply(float[] src, int srcOff, int srcLd, float[] dst, int dstOff, int dstLd, float[] tmp, int n) {
        // rows of M times the tile: tmp (rows x cols), element (a, j) at (a * cols + j) * n
        for (int a = 0; a < rows; a++) {
            for (int j = 0; j < cols; j++) {
                combine(tmp, (a * cols + j) * n, src, srcOff + j * srcLd, cols * srcLd, index[a], coef[a], n);
            }
        }
        // times M^T: element (a, b) = sum over j of M[b][j] tmp(a, j)
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < rows; b++) {
                combine(dst, dstOff + (a * rows + b) * dstLd, tmp, a * cols * n, n, index[b], coef[b], n);
            }
        }
    }

    /** {@code dst[d + t] = sum over k of c[k] * src[s + idx[k] * step + t]}, t < n, in the order of k. */
    private static void combine(float[] dst, int d, float[] src, int s, int step, int[] idx, float[] c, int n) {
        if (idx.length == 0) {
            java.util.Arrays.fill(dst, d, d + n, 0f);
            return;
        }
        float c0 = c[0];
        int s0 = s + idx[0] * step;
        for (int t = 0; t < n; t++) {
            dst[d + t] = c0 * src[s0 + t];
        }
        for (int k = 1; k < idx.length; k++) {
            float ck = c[k];
            int sk = s + idx[k] * step;
            for (int t = 0; t < n; t++) {
                dst[d + t] += ck * src[sk + t];
            }
        }
    }

    /** The most nonzeros in a row: the longest sum one output of {@link #apply}'s stages rounds. */
    int maxNonZeros() {
        int most = 0;
        for (int[] row : index) {
            most = Math.max(most, row.length);
        }
        return most;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (double[] row : matrix) {
            sb.append(java.util.Arrays.toString(row)).append('\n');
        }
        return sb.toString();
    }
}
