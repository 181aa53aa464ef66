package org.convkit.algo.fft;

/**
 * The frequency-domain step: acc (+)= x * g element by element, over blocks in the spectral layout.
 * A kernel spectrum has one lane per tile cell; a data block may hold M tiles side by side (1-D), in
 * which case the kernel's one lane applies to all of them.
 */
final class SpectralProduct {
    private SpectralProduct() {
    }

    /** acc := x * g when {@code first}, else acc += x * g. */
    static void multiplyAccumulate(Block acc, Block x, Block g, boolean first) {
        boolean broadcast = g.lanes != x.lanes;
        for (int r = 0; r < x.rows; r++) {
            if (broadcast) {
                rowTimesScalar(acc.re[r], acc.im[r], x.re[r], x.im[r], g.re[r][0], g.im[r][0], x.lanes, first);
            } else if (first) {
                rowTimesRow(acc.re[r], acc.im[r], x.re[r], x.im[r], g.re[r], g.im[r], x.lanes);
            } else {
                rowTimesRowAdd(acc.re[r], acc.im[r], x.re[r], x.im[r], g.re[r], g.im[r], x.lanes);
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

    private static void rowTimesScalar(double[] ar, double[] ai, double[] xr, double[] xi, double c, double d, int n,
                                       boolean first) {
        for (int k = 0; k < n; k++) {
            double a = xr[k];
            double b = xi[k];
            double pr = a * c - b * d;
            double pi = a * d + b * c;
            ar[k] = first ? pr : ar[k] + pr;
            ai[k] = first ? pi : ai[k] + pi;
        }
    }
}
