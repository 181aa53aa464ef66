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
 * self-sorting decimation in frequency (radix 4 and 2 as simple sum/difference and rotation loops,
 * 3 and 5 written out, 7 by its definition): no bit reversal, natural order in and out, each stage
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
                // two radix-2 steps as simple loops, which the JIT vectorizes (a fused radix-4 loop it does not)
                sumDiff(xr[x0 + q], xi[x0 + q], xr[x2 + q], xi[x2 + q], yr[o0 + q], yi[o0 + q], yr[o1 + q], yi[o1 + q]);
                sumDiff(xr[x1 + q], xi[x1 + q], xr[x3 + q], xi[x3 + q], yr[o2 + q], yi[o2 + q], yr[o3 + q], yi[o3 + q]);
                combine(yr[o0 + q], yi[o0 + q], yr[o1 + q], yi[o1 + q], yr[o2 + q], yi[o2 + q], yr[o3 + q], yi[o3 + q],
                        sign);
                if (j != 0) {
                    rotate(yr[o1 + q], yi[o1 + q], twRe[j * step], sign * twIm[j * step]);
                    rotate(yr[o2 + q], yi[o2 + q], twRe[2 * j * step], sign * twIm[2 * j * step]);
                    rotate(yr[o3 + q], yi[o3 + q], twRe[3 * j * step], sign * twIm[3 * j * step]);
                }
            }
        }
    }

    /** (s, d) := (a + b, a - b) over a row. */
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

    /**
     * From s02 = a0 + a2 (in row 0), d02 = a0 - a2 (1), s13 = a1 + a3 (2), d13 = a1 - a3 (3), the
     * radix-4 outputs in place: b0 = s02 + s13, b1 = d02 - i sign d13, b2 = s02 - s13,
     * b3 = d02 + i sign d13.
     */
    private static void combine(double[] r0, double[] i0, double[] r1, double[] i1, double[] r2, double[] i2,
                                double[] r3, double[] i3, int sign) {
        for (int l = 0; l < r0.length; l++) {
            double sr = r0[l];
            double si = i0[l];
            double tr = r2[l];
            double ti = i2[l];
            r0[l] = sr + tr;
            i0[l] = si + ti;
            r2[l] = sr - tr;
            i2[l] = si - ti;
        }
        for (int l = 0; l < r1.length; l++) {
            double dr = r1[l];
            double di = i1[l];
            double mr = sign * i3[l];
            double mi = -sign * r3[l];
            r1[l] = dr + mr;
            i1[l] = di + mi;
            r3[l] = dr - mr;
            i3[l] = di - mi;
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

    private void radix3(double[][] xr, double[][] xi, int xo, double[][] yr, double[][] yi, int yo, int m, int run,
                        int step, int sign) {
        final double h = sign * Math.sqrt(3) / 2;
        for (int j = 0; j < m; j++) {
            double w1r = twRe[j * step];
            double w1i = sign * twIm[j * step];
            double w2r = twRe[2 * j * step];
            double w2i = sign * twIm[2 * j * step];
            int x0 = xo + run * j;
            int x1 = x0 + run * m;
            int x2 = x1 + run * m;
            int o0 = yo + run * 3 * j;
            for (int q = 0; q < run; q++) {
                double[] a0r = xr[x0 + q];
                double[] a0i = xi[x0 + q];
                double[] a1r = xr[x1 + q];
                double[] a1i = xi[x1 + q];
                double[] a2r = xr[x2 + q];
                double[] a2i = xi[x2 + q];
                double[] y0r = yr[o0 + q];
                double[] y0i = yi[o0 + q];
                double[] y1r = yr[o0 + run + q];
                double[] y1i = yi[o0 + run + q];
                double[] y2r = yr[o0 + 2 * run + q];
                double[] y2i = yi[o0 + 2 * run + q];
                for (int l = 0; l < a0r.length; l++) {
                    double tr = a1r[l] + a2r[l];
                    double ti = a1i[l] + a2i[l];
                    double cr = a0r[l] - 0.5 * tr;
                    double ci = a0i[l] - 0.5 * ti;
                    // -i sign (sqrt(3)/2) (a1 - a2)
                    double dr = h * (a1i[l] - a2i[l]);
                    double di = h * (a2r[l] - a1r[l]);
                    y0r[l] = a0r[l] + tr;
                    y0i[l] = a0i[l] + ti;
                    double b1r = cr + dr;
                    double b1i = ci + di;
                    double b2r = cr - dr;
                    double b2i = ci - di;
                    y1r[l] = b1r * w1r - b1i * w1i;
                    y1i[l] = b1r * w1i + b1i * w1r;
                    y2r[l] = b2r * w2r - b2i * w2i;
                    y2i[l] = b2r * w2i + b2i * w2r;
                }
            }
        }
    }

    private void radix5(double[][] xr, double[][] xi, int xo, double[][] yr, double[][] yi, int yo, int m, int run,
                        int step, int sign) {
        final double c1 = Math.cos(2 * Math.PI / 5);
        final double c2 = Math.cos(4 * Math.PI / 5);
        final double s1 = sign * Math.sin(2 * Math.PI / 5);
        final double s2 = sign * Math.sin(4 * Math.PI / 5);
        double[] wr = new double[5];
        double[] wi = new double[5];
        for (int j = 0; j < m; j++) {
            for (int t = 1; t < 5; t++) {
                wr[t] = twRe[t * j * step];
                wi[t] = sign * twIm[t * j * step];
            }
            int x0 = xo + run * j;
            int o0 = yo + run * 5 * j;
            for (int q = 0; q < run; q++) {
                double[] a0r = xr[x0 + q];
                double[] a0i = xi[x0 + q];
                double[] a1r = xr[x0 + run * m + q];
                double[] a1i = xi[x0 + run * m + q];
                double[] a2r = xr[x0 + 2 * run * m + q];
                double[] a2i = xi[x0 + 2 * run * m + q];
                double[] a3r = xr[x0 + 3 * run * m + q];
                double[] a3i = xi[x0 + 3 * run * m + q];
                double[] a4r = xr[x0 + 4 * run * m + q];
                double[] a4i = xi[x0 + 4 * run * m + q];
                double[] y0r = yr[o0 + q];
                double[] y0i = yi[o0 + q];
                double[] y1r = yr[o0 + run + q];
                double[] y1i = yi[o0 + run + q];
                double[] y2r = yr[o0 + 2 * run + q];
                double[] y2i = yi[o0 + 2 * run + q];
                double[] y3r = yr[o0 + 3 * run + q];
                double[] y3i = yi[o0 + 3 * run + q];
                double[] y4r = yr[o0 + 4 * run + q];
                double[] y4i = yi[o0 + 4 * run + q];
                for (int l = 0; l < a0r.length; l++) {
                    double t1r = a1r[l] + a4r[l];
                    double t1i = a1i[l] + a4i[l];
                    double t2r = a2r[l] + a3r[l];
                    double t2i = a2i[l] + a3i[l];
                    double t3r = a1r[l] - a4r[l];
                    double t3i = a1i[l] - a4i[l];
                    double t4r = a2r[l] - a3r[l];
                    double t4i = a2i[l] - a3i[l];
                    double u1r = a0r[l] + c1 * t1r + c2 * t2r;
                    double u1i = a0i[l] + c1 * t1i + c2 * t2i;
                    double u2r = a0r[l] + c2 * t1r + c1 * t2r;
                    double u2i = a0i[l] + c2 * t1i + c1 * t2i;
                    // v = s t3 + s' t4, then -i v = (v.i, -v.r); the direction's sign is in s1, s2
                    double v1r = s1 * t3r + s2 * t4r;
                    double v1i = s1 * t3i + s2 * t4i;
                    double v2r = s2 * t3r - s1 * t4r;
                    double v2i = s2 * t3i - s1 * t4i;
                    y0r[l] = a0r[l] + t1r + t2r;
                    y0i[l] = a0i[l] + t1i + t2i;
                    double b1r = u1r + v1i;
                    double b1i = u1i - v1r;
                    double b4r = u1r - v1i;
                    double b4i = u1i + v1r;
                    double b2r = u2r + v2i;
                    double b2i = u2i - v2r;
                    double b3r = u2r - v2i;
                    double b3i = u2i + v2r;
                    y1r[l] = b1r * wr[1] - b1i * wi[1];
                    y1i[l] = b1r * wi[1] + b1i * wr[1];
                    y2r[l] = b2r * wr[2] - b2i * wi[2];
                    y2i[l] = b2r * wi[2] + b2i * wr[2];
                    y3r[l] = b3r * wr[3] - b3i * wi[3];
                    y3i[l] = b3r * wi[3] + b3i * wr[3];
                    y4r[l] = b4r * wr[4] - b4i * wi[4];
                    y4i[l] = b4r * wi[4] + b4i * wr[4];
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
