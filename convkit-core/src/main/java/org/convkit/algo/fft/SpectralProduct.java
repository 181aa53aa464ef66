package org.convkit.algo.fft;

/**
 * The frequency-domain step: acc (+)= x * g element by element, over blocks in the spectral layout.
 * A kernel spectrum is one tile; a data block may hold M 1-D tiles (M rows), in which case the
 * kernel's one row applies to each of them.
 */
final class SpectralProduct {
    private SpectralProduct() {
    }

    /** acc := x * g when {@code first}, else acc += x * g. */
    static void multiplyAccumulate(Block acc, Block x, Block g, boolean first) {
        boolean broadcast = g.rows != x.rows;
        for (int r = 0; r < x.rows; r++) {
            int gr = broadcast ? 0 : r;
            if (first) {
                rowTimesRow(acc.re[r], acc.im[r], x.re[r], x.im[r], g.re[gr], g.im[gr], x.lanes);
            } else {
                rowTimesRowAdd(acc.re[r], acc.im[r], x.re[r], x.im[r], g.re[gr], g.im[gr], x.lanes);
            }
        }
    }

    private static void rowTimesRow(double[] ar, double[] ai, double[] xr, double[] xi, double[] gr, double[] gi, int n) {
        for (int k = 0; k < n; k++) {
            double a = xr[k];
            double b = xi[k];
            double c = gr[k];
            double d = gi[k];
            ar[k] = a * c - b * d;
            ai[k] = a * d + b * c;
        }
    }

    private static void rowTimesRowAdd(double[] ar, double[] ai, double[] xr, double[] xi, double[] gr, double[] gi, int n) {
        for (int k = 0; k < n; k++) {
            double a = xr[k];
            double b = xi[k];
            double c = gr[k];
            double d = gi[k];
            ar[k] += a * c - b * d;
            ai[k] += a * d + b * c;
        }
    }
}
