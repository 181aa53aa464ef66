package org.convkit.deconv;

/**
 * {@code div(grad u / |grad u|)} on a periodic grid, the curvature term of total variation: forward
 * differences for the gradient and backward ones for the divergence (the adjoint pair, so the term
 * is the exact derivative of the discrete TV). Holds one scratch array per dimension.
 *
 * <p>The grid is walked as (n0, n1, n2) with missing leading dimensions of extent 1 (their
 * differences are 0 and add nothing), and a neighbour is one stride away except across the wrap,
 * so no cell's index is divided or reduced: a Richardson-Lucy iteration with total variation spent
 * more on that arithmetic than on its four Fourier transforms.
 */
final class TotalVariation {
    private final int dims;
    private final int n0;
    private final int n1;
    private final int n2;
    private final double[][] normal;
    private final int volume;

    TotalVariation(int[] grid) {
        dims = grid.length;
        if (dims < 1 || dims > 3) {
            throw new IllegalArgumentException("total variation takes 1 to 3 dimensions, got " + dims);
        }
        n0 = dims == 3 ? grid[0] : 1;
        n1 = dims >= 2 ? grid[dims - 2] : 1;
        n2 = grid[dims - 1];
        volume = n0 * n1 * n2;
        normal = new double[3][volume];
    }

    /** Writes the divergence of the unit gradient of {@code u} (regularized by {@code eps}) into {@code out}. */
    void divergence(double[] u, double eps, double[] out) {
        double eps2 = eps * eps;
        int s0 = n1 * n2;
        int s1 = n2;
        double[] g0 = normal[0];
        double[] g1 = normal[1];
        double[] g2 = normal[2];
        for (int i = 0; i < n0; i++) {
            int next0 = i == n0 - 1 ? -(n0 - 1) * s0 : s0;
            for (int j = 0; j < n1; j++) {
                int next1 = j == n1 - 1 ? -(n1 - 1) * s1 : s1;
                int row = i * s0 + j * s1;
                for (int l = 0; l < n2; l++) {
                    int k = row + l;
                    double c = u[k];
                    double a = u[k + next0] - c;
                    double b = u[k + next1] - c;
                    double e = u[l == n2 - 1 ? row : k + 1] - c;
                    // the same sum, in the grid's axis order, as one term per dimension would give
                    double sq = eps2 + (dims == 3 ? a * a : 0) + (dims >= 2 ? b * b : 0) + e * e;
                    double inv = 1 / Math.sqrt(sq);
                    g0[k] = a * inv;
                    g1[k] = b * inv;
                    g2[k] = e * inv;
                }
            }
        }
        for (int i = 0; i < n0; i++) {
            int prev0 = i == 0 ? (n0 - 1) * s0 : -s0;
            for (int j = 0; j < n1; j++) {
                int prev1 = j == 0 ? (n1 - 1) * s1 : -s1;
                int row = i * s0 + j * s1;
                for (int l = 0; l < n2; l++) {
                    int k = row + l;
                    double div = 0;
                    if (dims == 3) {
                        div += g0[k] - g0[k + prev0];
                    }
                    if (dims >= 2) {
                        div += g1[k] - g1[k + prev1];
                    }
                    div += g2[k] - g2[l == 0 ? row + n2 - 1 : k - 1];
                    out[k] = div;
                }
            }
        }
    }
}
