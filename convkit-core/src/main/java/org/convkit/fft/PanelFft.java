package org.convkit.fft;

import java.util.Arrays;

/**
 * Complex DFTs of one length n on a panel of rows: cell t of every line is a group of
 * {@code rowsPerCell} consecutive rows starting at row {@code first + t * rowsPerCell}, each row a
 * run of lanes (split real and imaginary parts, one array per row). Every butterfly is a loop over
 * one row's lanes with one index, reading and writing whole rows: the JIT vectorizes such loops
 * whatever the rows' addresses, which it does not for a butterfly inside a line (stride) nor for
 * runs at different offsets of one array (it cannot rule out their overlap).
 *
 * <p>Algorithm: when every prime factor of n is at most {@link #MAX_RADIX}, Stockham's
 * self-sorting decimation in frequency (radix 2, 3, 4 and 5 as short sequences of sum/difference,
 * rotation and combination loops over rows, which C2 vectorizes, where a fused butterfly loop
 * stays scalar; 7 by its definition): no bit reversal, natural order in and out, each stage
 * from one set of rows into the other. Otherwise Bluestein's chirp-z: the DFT as a circular
 * convolution, by transforms of a power of two m >= 2n - 1. Every twiddle and chirp is computed
 * directly by cos/sin in double (no recurrence), so errors stay at a few ulps times log2 n (tested
 * against a double DFT).
 *
 * <p>Immutable after construction (tables only), so one plan serves any number of threads; the
 * caller passes scratch rows ({@link #scratchRows} of them, as long as its rows).
 */
public final class PanelFft {
    /** Largest prime factor the Stockham path takes: a general butterfly costs p^2 per p outputs. */
    static final int MAX_RADIX = 7;

    private final int n;
    private final int[] radices;
    /** exp(-2 pi i j / n) for j < n (Stockham), or null for Bluestein. */
    private final double[] twRe;
    private final double[] twIm;
    /** Bluestein only: the chirp exp(-i pi j^2 / n), the spectrum of its conjugate over m (times 1/m), the inner plan. */
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernelRe;
    private final double[] kernelIm;
    private final PanelFft inner;

    public PanelFft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("transform length must be at least 1, got " + n);
        }
        this.n = n;
        radices = radices(n);
        if (radices != null) {
            twRe = new double[n];
            twIm = new double[n];
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * j / n;
                twRe[j] = Math.cos(a);
                twIm[j] = Math.sin(a);
            }
            chirpRe = chirpIm = kernelRe = kernelIm = null;
            inner = null;
            return;
        }
        twRe = twIm = null;
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        inner = new PanelFft(m);
        chirpRe = new double[n];
        chirpIm = new double[n];
        for (int j = 0; j < n; j++) {
            // j^2 mod 2n keeps the angle small, so the chirp is accurate for large n
            long q = ((long) j * j) % (2L * n);
            double a = -Math.PI * q / n;
            chirpRe[j] = Math.cos(a);
            chirpIm[j] = Math.sin(a);
        }
        double[][] kr = new double[m][1];
        double[][] ki = new double[m][1];
        kr[0][0] = chirpRe[0];
        ki[0][0] = -chirpIm[0];
        for (int j = 1; j < n; j++) {
            kr[j][0] = kr[m - j][0] = chirpRe[j];
            ki[j][0] = ki[m - j][0] = -chirpIm[j];
        }
        inner.forward(kr, ki, 0, 1, new double[m][1], new double[m][1]);
        kernelRe = new double[m];
        kernelIm = new double[m];
        // the 1/m of the inverse inner transform, folded in once
        for (int j = 0; j < m; j++) {
            kernelRe[j] = kr[j][0] / m;
            kernelIm[j] = ki[j][0] / m;
        }
    }

    public int length() {
        return n;
    }

    /** Scratch rows a call needs for {@code rowsPerCell}: n of them per row of a cell, 2m for Bluestein. */
    public int scratchRows(int rowsPerCell) {
        return Math.multiplyExact(radices != null ? n : 2 * inner.n, rowsPerCell);
    }

    /** n's radices for Stockham (4s first, then 2, 3, 5, 7), or null if n has a prime factor above 7. */
    static int[] radices(int n) {
        int[] f = new int[32];
        int count = 0;
        int rest = n;
        while (rest % 4 == 0) {
            f[count++] = 4;
            rest /= 4;
        }
        for (int p = 2; p <= MAX_RADIX; p++) {
            while (rest % p == 0) {
                f[count++] = p;
                rest /= p;
            }
        }
        return rest == 1 ? Arrays.copyOf(f, count) : null;
    }

    /** X[f] = sum_t x[t] exp(-2 pi i f t / n) along every line of the panel, in place. */
    public void forward(double[][] re, double[][] im, int first, int rowsPerCell, double[][] sRe, double[][] sIm) {
        if (radices != null) {
            stockham(re, im, first, rowsPerCell, sRe, sIm, 0, 1);
        } else {
            bluestein(re, im, first, rowsPerCell, sRe, sIm);
        }
    }

    /** n times the inverse DFT, sum_f X[f] exp(+2 pi i f t / n), along every line, in place (no 1/n). */
    public void inverse(double[][] re, double[][] im, int first, int rowsPerCell, double[][] sRe, double[][] sIm) {
        if (radices != null) {
            stockham(re, im, first, rowsPerCell, sRe, sIm, 0, -1);
            return;
        }
        // conj(F(conj(X))): the inverse by the forward plan
        negate(im, first, n * rowsPerCell);
        bluestein(re, im, first, rowsPerCell, sRe, sIm);
        negate(im, first, n * rowsPerCell);
    }

    private static void negate(double[][] rows, int first, int count) {
        for (int r = first; r < first + count; r++) {
            double[] row = rows[r];
            for (int l = 0; l < row.length; l++) {
                row[l] = -row[l];
            }
        }
    }

    private void bluestein(double[][] re, double[][] im, int first, int rpc, double[][] sRe, double[][] sIm) {
        int m = inner.n;
        int lanes = re[first].length;
        // scratch rows [0, m rpc): the chirped signal, zero-extended; [m rpc, 2 m rpc): the inner plan's scratch
        for (int j = 0; j < m; j++) {
            for (int q = 0; q < rpc; q++) {
                double[] yr = sRe[j * rpc + q];
                double[] yi = sIm[j * rpc + q];
                if (j >= n) {
                    Arrays.fill(yr, 0, lanes, 0);
                    Arrays.fill(yi, 0, lanes, 0);
                } else {
                    mulRow(re[first + j * rpc + q], im[first + j * rpc + q], chirpRe[j], chirpIm[j], yr, yi, lanes);
                }
            }
        }
        inner.stockham(sRe, sIm, 0, rpc, sRe, sIm, m * rpc, 1);
        for (int j = 0; j < m; j++) {
            for (int q = 0; q < rpc; q++) {
                double[] yr = sRe[j * rpc + q];
                double[] yi = sIm[j * rpc + q];
                mulRow(yr, yi, kernelRe[j], kernelIm[j], yr, yi, lanes);
            }
        }
        inner.stockham(sRe, sIm, 0, rpc, sRe, sIm, m * rpc, -1);
        for (int j = 0; j < n; j++) {
            for (int q = 0; q < rpc; q++) {
                mulRow(sRe[j * rpc + q], sIm[j * rpc + q], chirpRe[j], chirpIm[j], re[first + j * rpc + q],
                        im[first + j * rpc + q], lanes);
            }
        }
    }

    /** y := x * (c + i d) over a row; y may be x. */
    private static void mulRow(double[] xr, double[] xi, double c, double d, double[] yr, double[] yi, int lanes) {
        for (int l = 0; l < lanes; l++) {
            double a = xr[l];
            double b = xi[l];
            yr[l] = a * c - b * d;
            yi[l] = a * d + b * c;
        }
    }

    /**
     * Stockham's stages: a stage of radix p on sub-transforms of length len = p m at stride s reads
     * cells {@code q + s(j + r m)} for r < p, takes their p-point DFT b_t, and writes
     * {@code b_t W_len^(j t)} to cells {@code q + s(p j + t)}; then len /= p, s *= p, and the two
     * sets of rows swap roles. For fixed j and r the cells q < s are s * rowsPerCell consecutive
     * rows; every loop runs over one row's lanes. The scratch rows are used from {@code sFirst}.
     */
    private void stockham(double[][] re, double[][] im, int first, int rpc, double[][] sRe, double[][] sIm, int sFirst,
                          int sign) {
        double[][] xr = re;
        double[][] xi = im;
        int xo = first;
        double[][] yr = sRe;
        double[][] yi = sIm;
        int yo = sFirst;
        int len = n;
        int s = 1;
        for (int p : radices) {
            int m = len / p;
            int step = n / len;
            int run = s * rpc;
            switch (p) {
                case 4 -> radix4(xr, xi, xo, yr, yi, yo, m, run, step, sign);
                case 2 -> radix2(xr, xi, xo, yr, yi, yo, m, run, step, sign);
                case 3 -> radix3(xr, xi, xo, yr, yi, yo, m, run, step, sign);
                case 5 -> radix5(xr, xi, xo, yr, yi, yo, m, run, step, sign);
                default -> radixP(p, xr, xi, xo, yr, yi, yo, m, run, step, sign);
            }
            double[][] t = xr;
            xr = yr;
            yr = t;
            t = xi;
            xi = yi;
            yi = t;
            int o = xo;
            xo = yo;
            yo = o;
            len = m;
            s *= p;
        }
        if (xr != re || xo != first) {
            int lanes = re[first].length;
            for (int r = 0; r < n * rpc; r++) {
                System.arraycopy(xr[xo + r], 0, re[first + r], 0, lanes);
                System.arraycopy(xi[xo + r], 0, im[first + r], 0, lanes);
            }
        }
    }

    private void radix2(double[][] xr, double[][] xi, int xo, double[][] yr, double[][] yi, int yo, int m, int run,
                        int step, int sign) {
        for (int j = 0; j < m; j++) {
            double wr = twRe[j * step];
            double wi = sign * twIm[j * step];
            int a = xo + run * j;
            int b = xo + run * (j + m);
            int o = yo + run * 2 * j;
            for (int q = 0; q < run; q++) {
                sumDiff(xr[a + q], xi[a + q], xr[b + q], xi[b + q], yr[o + q], yi[o + q], yr[o + run + q],
                        yi[o + run + q]);
                if (j != 0) {
                    rotate(yr[o + run + q], yi[o + run + q], wr, wi);
                }
            }
        }
    }

    /*
     * The butterflies below are sequences of small loops over one row's lanes, never one fused loop
     * per butterfly: C2 unrolls, and so vectorizes, only loops whose body stays under
     * LoopUnrollLimit (60 nodes by default), and a fused radix-3 or radix-5 body is far above it.
     * Fused, they ran at a scalar 5 to 6.5 Gflop/s whatever the panel width; split, the rows stay in
     * the level-1 cache between the loops and every loop is vector code.
     */

    private void radix4(double[][] xr, double[][] xi, int xo, double[][] yr, double[][] yi, int yo, int m, int run,
                        int step, int sign) {
        for (int j = 0; j < m; j++) {
            int x0 = xo + run * j;
            int x1 = x0 + run * m;
            int x2 = x1 + run * m;
            int x3 = x2 + run * m;
            int o0 = yo + run * 4 * j;
            int o1 = o0 + run;
            int o2 = o1 + run;
            int o3 = o2 + run;
            for (int q = 0; q < run; q++) {
                // s02, d02 into rows 0, 1; s13, d13 into 2, 3; then b0 = s02 + s13, b2 = s02 - s13 and
                // b1 = d02 - i sign d13, b3 = d02 + i sign d13
                sumDiff(xr[x0 + q], xi[x0 + q], xr[x2 + q], xi[x2 + q], yr[o0 + q], yi[o0 + q], yr[o1 + q], yi[o1 + q]);
                sumDiff(xr[x1 + q], xi[x1 + q], xr[x3 + q], xi[x3 + q], yr[o2 + q], yi[o2 + q], yr[o3 + q], yi[o3 + q]);
                sumDiff(yr[o0 + q], yi[o0 + q], yr[o2 + q], yi[o2 + q], yr[o0 + q], yi[o0 + q], yr[o2 + q], yi[o2 + q]);
                turnSumDiff(yr[o1 + q], yi[o1 + q], yr[o3 + q], yi[o3 + q], sign);
                if (j != 0) {
                    rotate(yr[o1 + q], yi[o1 + q], twRe[j * step], sign * twIm[j * step]);
                    rotate(yr[o2 + q], yi[o2 + q], twRe[2 * j * step], sign * twIm[2 * j * step]);
                    rotate(yr[o3 + q], yi[o3 + q], twRe[3 * j * step], sign * twIm[3 * j * step]);
                }
            }
        }
    }

    /** (s, d) := (a + b, a - b) over a row; s may be a and d may be b. */
    private static void sumDiff(double[] ar, double[] ai, double[] br, double[] bi, double[] sr, double[] si,
                                double[] dr, double[] di) {
        for (int l = 0; l < ar.length; l++) {
            double xr = ar[l];
            double xi = ai[l];
            double yr = br[l];
            double yi = bi[l];
            sr[l] = xr + yr;
            si[l] = xi + yi;
            dr[l] = xr - yr;
            di[l] = xi - yi;
        }
    }

    /** (p, q) := (p - i c q, p + i c q) over a row, in place. */
    private static void turnSumDiff(double[] pr, double[] pi, double[] qr, double[] qi, double c) {
        for (int l = 0; l < pr.length; l++) {
            double ar = pr[l];
            double ai = pi[l];
            double tr = c * qi[l];
            double ti = c * qr[l];
            pr[l] = ar + tr;
            pi[l] = ai - ti;
            qr[l] = ar - tr;
            qi[l] = ai + ti;
        }
    }

    /** row *= w. */
    private static void rotate(double[] br, double[] bi, double wr, double wi) {
        for (int l = 0; l < br.length; l++) {
            double x = br[l];
            double y = bi[l];
            br[l] = x * wr - y * wi;
            bi[l] = x * wi + y * wr;
        }
    }

    /** (y0, y1) := (a + t, a - t / 2) over one part (real or imaginary) of a row; y1 may be t. */
    private static void spread3(double[] a, double[] t, double[] y0, double[] y1) {
        for (int l = 0; l < a.length; l++) {
            double x = a[l];
            double u = t[l];
            y0[l] = x + u;
            y1[l] = x - 0.5 * u;
        }
    }

    private void radix3(double[][] xr, double[][] xi, int xo, double[][] yr, double[][] yi, int yo, int m, int run,
                        int step, int sign) {
        final double h = sign * Math.sqrt(3) / 2;
        for (int j = 0; j < m; j++) {
            int x0 = xo + run * j;
            int x1 = x0 + run * m;
            int x2 = x1 + run * m;
            int o0 = yo + run * 3 * j;
            int o1 = o0 + run;
            int o2 = o1 + run;
            for (int q = 0; q < run; q++) {
                double[] y1r = yr[o1 + q];
                double[] y1i = yi[o1 + q];
                double[] y2r = yr[o2 + q];
                double[] y2i = yi[o2 + q];
                // t = a1 + a2 in row 1, a1 - a2 in row 2; b0 = a0 + t, c = a0 - t/2 in row 1;
                // b1 = c - i h (a1 - a2), b2 = c + i h (a1 - a2)
                sumDiff(xr[x1 + q], xi[x1 + q], xr[x2 + q], xi[x2 + q], y1r, y1i, y2r, y2i);
                spread3(xr[x0 + q], y1r, yr[o0 + q], y1r);
                spread3(xi[x0 + q], y1i, yi[o0 + q], y1i);
                turnSumDiff(y1r, y1i, y2r, y2i, h);
                if (j != 0) {
                    rotate(y1r, y1i, twRe[j * step], sign * twIm[j * step]);
                    rotate(y2r, y2i, twRe[2 * j * step], sign * twIm[2 * j * step]);
                }
            }
        }
    }

    /**
     * (y0, u1, u2) := (a + t1 + t2, a + c1 t1 + c2 t2, a + c2 t1 + c1 t2) over one part of a row;
     * u1 may be t1 and u2 t2.
     */
    private static void spread5(double[] a, double[] t1, double[] t2, double[] y0, double[] u1, double[] u2, double c1,
                                double c2) {
        for (int l = 0; l < a.length; l++) {
            double x = a[l];
            double p = t1[l];
            double q = t2[l];
            y0[l] = x + p + q;
            u1[l] = x + c1 * p + c2 * q;
            u2[l] = x + c2 * p + c1 * q;
        }
    }

    /** (v1, v2) := (s1 t3 + s2 t4, s2 t3 - s1 t4) over one part of a row, in place of (t3, t4). */
    private static void mix5(double[] t3, double[] t4, double s1, double s2) {
        for (int l = 0; l < t3.length; l++) {
            double p = t3[l];
            double q = t4[l];
            t3[l] = s1 * p + s2 * q;
            t4[l] = s2 * p - s1 * q;
        }
    }

    private void radix5(double[][] xr, double[][] xi, int xo, double[][] yr, double[][] yi, int yo, int m, int run,
                        int step, int sign) {
        final double c1 = Math.cos(2 * Math.PI / 5);
        final double c2 = Math.cos(4 * Math.PI / 5);
        final double s1 = sign * Math.sin(2 * Math.PI / 5);
        final double s2 = sign * Math.sin(4 * Math.PI / 5);
        for (int j = 0; j < m; j++) {
            int x0 = xo + run * j;
            int o0 = yo + run * 5 * j;
            for (int q = 0; q < run; q++) {
                double[] y1r = yr[o0 + run + q];
                double[] y1i = yi[o0 + run + q];
                double[] y2r = yr[o0 + 2 * run + q];
                double[] y2i = yi[o0 + 2 * run + q];
                double[] y3r = yr[o0 + 3 * run + q];
                double[] y3i = yi[o0 + 3 * run + q];
                double[] y4r = yr[o0 + 4 * run + q];
                double[] y4i = yi[o0 + 4 * run + q];
                // t1 = a1 + a4 (row 1), t3 = a1 - a4 (row 4), t2 = a2 + a3 (row 2), t4 = a2 - a3 (row 3);
                // u1, u2 in rows 1, 2 and v1 = s1 t3 + s2 t4, v2 = s2 t3 - s1 t4 in rows 4, 3; then
                // b1 = u1 - i v1, b4 = u1 + i v1, b2 = u2 - i v2, b3 = u2 + i v2 (the sign is in s1, s2)
                sumDiff(xr[x0 + run * m + q], xi[x0 + run * m + q], xr[x0 + 4 * run * m + q], xi[x0 + 4 * run * m + q],
                        y1r, y1i, y4r, y4i);
                sumDiff(xr[x0 + 2 * run * m + q], xi[x0 + 2 * run * m + q], xr[x0 + 3 * run * m + q],
                        xi[x0 + 3 * run * m + q], y2r, y2i, y3r, y3i);
                spread5(xr[x0 + q], y1r, y2r, yr[o0 + q], y1r, y2r, c1, c2);
                spread5(xi[x0 + q], y1i, y2i, yi[o0 + q], y1i, y2i, c1, c2);
                mix5(y4r, y3r, s1, s2);
                mix5(y4i, y3i, s1, s2);
                turnSumDiff(y1r, y1i, y4r, y4i, 1);
                turnSumDiff(y2r, y2i, y3r, y3i, 1);
                if (j != 0) {
                    rotate(y1r, y1i, twRe[j * step], sign * twIm[j * step]);
                    rotate(y2r, y2i, twRe[2 * j * step], sign * twIm[2 * j * step]);
                    rotate(y3r, y3i, twRe[3 * j * step], sign * twIm[3 * j * step]);
                    rotate(y4r, y4i, twRe[4 * j * step], sign * twIm[4 * j * step]);
                }
            }
        }
    }

    /** Any radix up to {@link #MAX_RADIX}: the p-point DFT by its definition (used for 7). */
    private void radixP(int p, double[][] xr, double[][] xi, int xo, double[][] yr, double[][] yi, int yo, int m,
                        int run, int step, int sign) {
        int root = n / p;
        for (int j = 0; j < m; j++) {
            for (int t = 0; t < p; t++) {
                int w = j * t * step;
                double wr = twRe[w];
                double wi = sign * twIm[w];
                for (int q = 0; q < run; q++) {
                    double[] or = yr[yo + run * (p * j + t) + q];
                    double[] oi = yi[yo + run * (p * j + t) + q];
                    for (int l = 0; l < or.length; l++) {
                        double br = 0;
                        double bi = 0;
                        for (int r = 0; r < p; r++) {
                            int u = (r * t % p) * root;
                            double cr = twRe[u];
                            double ci = sign * twIm[u];
                            double ar = xr[xo + run * (j + r * m) + q][l];
                            double ai = xi[xo + run * (j + r * m) + q][l];
                            br += ar * cr - ai * ci;
                            bi += ar * ci + ai * cr;
                        }
                        or[l] = br * wr - bi * wi;
                        oi[l] = br * wi + bi * wr;
                    }
                }
            }
        }
    }
}
