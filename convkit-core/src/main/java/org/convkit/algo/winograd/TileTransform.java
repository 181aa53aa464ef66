package org.convkit.algo.winograd;

/**
 * One of Winograd's small matrices M (rows x cols), applied on both sides of square tiles,
 * {@code Y = M X M^T}, to a batch of tiles at once. Tiles are stored element-major, one array per
 * tile element and one column per tile, so every step is a loop over the batch that the JIT
 * vectorizes, and the matrix's zeros are skipped once, when the coefficient lists are built,
 * instead of being multiplied in every tile.
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

    /**
     * {@code dst = M src M^T} for the tiles in columns [off, off + n): src holds cols x cols rows
     * (element (i, j) in row i * cols + j), dst rows x rows, tmp at least cols rows; zero is a row of
     * zeros at least off + n long.
     *
     * <p>Every loop indexes all its arrays with the same expression {@code off + t}: JDK 17's C2
     * vectorizes such loops but not ones whose arrays are offset differently (it cannot rule out
     * that they alias), and that is the difference between 0.06 and 0.3 ns per element here.
     */
    void apply(float[][] src, float[][] dst, float[][] tmp, float[] zero, int off, int n) {
        for (int a = 0; a < rows; a++) {
            // row a of M times the tile: tmp[j] = sum over i of M[a][i] src(i, j)
            for (int j = 0; j < cols; j++) {
                combine(tmp[j], src, j, cols, index[a], coef[a], zero, off, n);
            }
            // times M^T: dst(a, b) = sum over j of M[b][j] tmp[j]
            for (int b = 0; b < rows; b++) {
                combine(dst[a * rows + b], tmp, 0, 1, index[b], coef[b], zero, off, n);
            }
        }
    }

    /**
     * {@code dst[t] = sum over k of c[k] * src[first + idx[k] * step][t]} for t in [off, off + n),
     * summed in the order of k. Terms go three to a pass, so dst is stored once per three terms
     * rather than once per term; a short last pass is filled with 0 * zero, which adds an exact
     * zero (and, unlike 0 times a real row, cannot turn an infinity into a NaN).
     */
    private static void combine(float[] dst, float[][] src, int first, int step, int[] idx, float[] c, float[] zero,
                                int off, int n) {
        int end = off + n;
        for (int k = 0; k == 0 || k < idx.length; k += 3) {
            float c0 = k < idx.length ? c[k] : 0f;
            float c1 = k + 1 < idx.length ? c[k + 1] : 0f;
            float c2 = k + 2 < idx.length ? c[k + 2] : 0f;
            float[] s0 = k < idx.length ? src[first + idx[k] * step] : zero;
            float[] s1 = k + 1 < idx.length ? src[first + idx[k + 1] * step] : zero;
            float[] s2 = k + 2 < idx.length ? src[first + idx[k + 2] * step] : zero;
            if (k == 0) {
                for (int t = off; t < end; t++) {
                    dst[t] = c0 * s0[t] + c1 * s1[t] + c2 * s2[t];
                }
            } else {
                for (int t = off; t < end; t++) {
                    dst[t] = dst[t] + c0 * s0[t] + c1 * s1[t] + c2 * s2[t];
                }
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
