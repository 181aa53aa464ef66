package org.convkit.deconv;

/**
 * {@code div(grad u / |grad u|)} on a periodic grid, the curvature term of total variation: forward
 * differences for the gradient and backward ones for the divergence (the adjoint pair, so the term
 * is the exact derivative of the discrete TV). Holds one scratch array per dimension.
 */
final class TotalVariation {
    private final int[] grid;
    private final int[] stride;
    private final double[][] normal;
    private final int volume;

    TotalVariation(int[] grid) {
        this.grid = grid.clone();
        int d = grid.length;
        stride = new int[d];
        int s = 1;
        for (int a = d - 1; a >= 0; a--) {
            stride[a] = s;
            s *= grid[a];
        }
        volume = s;
        normal = new double[d][volume];
    }

    /** Writes the divergence of the unit gradient of {@code u} (regularized by {@code eps}) into {@code out}. */
    void divergence(double[] u, double eps, double[] out) {
        int d = grid.length;
        double eps2 = eps * eps;
        for (int k = 0; k < volume; k++) {
            double sq = eps2;
            for (int a = 0; a < d; a++) {
                double g = u[neighbour(k, a, 1)] - u[k];
                normal[a][k] = g;
                sq += g * g;
            }
            double inv = 1 / Math.sqrt(sq);
            for (int a = 0; a < d; a++) {
                normal[a][k] *= inv;
            }
        }
        for (int k = 0; k < volume; k++) {
            double div = 0;
            for (int a = 0; a < d; a++) {
                div += normal[a][k] - normal[a][neighbour(k, a, -1)];
            }
            out[k] = div;
        }
    }

    /** The flat index one step along axis {@code a}, wrapping around. */
    private int neighbour(int k, int a, int step) {
        int coord = (k / stride[a]) % grid[a];
        int moved = coord + step;
        if (moved == grid[a]) {
            moved = 0;
        } else if (moved < 0) {
            moved = grid[a] - 1;
        }
        return k + (moved - coord) * stride[a];
    }
}
