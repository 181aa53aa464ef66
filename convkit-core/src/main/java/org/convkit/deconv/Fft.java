package org.convkit.deconv;

import java.util.Arrays;

/**
 * A complex discrete Fourier transform of one length {@code n}, any n. When every prime factor of
 * n is at most {@link #MAX_RADIX}: Stockham's self-sorting mixed-radix algorithm (radix 4, 2, 3,
 * and a general butterfly for 5 and 7), which needs no bit reversal and whose inner loop runs
 * over contiguous cells. Otherwise Bluestein's chirp-z: the DFT as a circular convolution, done by
 * transforms of a power-of-two length m >= 2n - 1. Split real and imaginary arrays, in place.
 *
 * <p>Deconvolution needs transforms of the signal's own size when the blur is circular (a
 * 100-cell signal has a 100-periodic blur), and of sizes just above signal + PSF otherwise;
 * {@code org.convkit.algo.fft}'s transforms are radix-2 only, leave spectra bit-reversed and are
 * private to the tiled convolution, so this class is a small self-contained plan instead. Every
 * twiddle and chirp is computed directly by cos/sin (no recurrence), so errors stay at a few ulps
 * times log n.
 *
 * <p>Holds scratch arrays: one instance per thread.
 */
final class Fft {
    /** Largest prime factor the Stockham path takes: its general butterfly costs p^2 per p outputs. */
    static final int MAX_RADIX = 7;

    private final int n;
    /** The Stockham plan: its radices, and exp(-2 pi i j / n) for j < n. */
    private final Stockham plan;
    /** Bluestein only: the chirp exp(-i pi j^2 / n), the spectrum of its conjugate, and its plan. */
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernelRe;
    private final double[] kernelIm;
    private final double[] workRe;
    private final double[] workIm;
    private final Stockham inner;

    Fft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("transform length must be at least 1, got " + n);
        }
        this.n = n;
        int[] radices = radices(n);
        if (radices != null) {
            plan = new Stockham(n, radices);
            chirpRe = chirpIm = kernelRe = kernelIm = workRe = workIm = null;
            inner = null;
            return;
        }
        plan = null;
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        inner = new Stockham(m, radices(m));
        chirpRe = new double[n];
        chirpIm = new double[n];
        for (int j = 0; j < n; j++) {
            // j^2 mod 2n keeps the angle small, so the chirp is accurate for large n
            long q = ((long) j * j) % (2L * n);
            double a = -Math.PI * q / n;
            chirpRe[j] = Math.cos(a);
            chirpIm[j] = Math.sin(a);
        }
        kernelRe = new double[m];
        kernelIm = new double[m];
        kernelRe[0] = chirpRe[0];
        kernelIm[0] = -chirpIm[0];
        for (int j = 1; j < n; j++) {
            kernelRe[j] = kernelRe[m - j] = chirpRe[j];
            kernelIm[j] = kernelIm[m - j] = -chirpIm[j];
        }
        inner.forward(kernelRe, kernelIm);
        workRe = new double[m];
        workIm = new double[m];
    }

    int length() {
        return n;
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

    /**
     * The smallest length at least {@code n} of the form 2^a 3^b: the sizes with specialized
     * butterflies (radix 5 and 7 go through the slower general one). They lie at most 12.5% apart
     * above 8 (256, 288, 324, 384, ...), against up to 100% for powers of two.
     */
    static int fastSize(int n) {
        for (int k = Math.max(1, n); ; k++) {
            int r = k;
            while (r % 2 == 0) {
                r /= 2;
            }
            while (r % 3 == 0) {
                r /= 3;
            }
            if (r == 1) {
                return k;
            }
        }
    }

    /** X[f] = sum_t x[t] exp(-2 pi i f t / n), in place. */
    void forward(double[] re, double[] im) {
        if (plan != null) {
            plan.forward(re, im);
        } else {
            bluestein(re, im);
        }
    }

    /** x[t] = (1/n) sum_f X[f] exp(+2 pi i f t / n), in place: undoes {@link #forward}. */
    void inverse(double[] re, double[] im) {
        // conj(F(conj(X))) / n: the inverse by the forward plan, so one set of tables serves both
        for (int j = 0; j < n; j++) {
            im[j] = -im[j];
        }
        forward(re, im);
        double s = 1.0 / n;
        for (int j = 0; j < n; j++) {
            re[j] *= s;
            im[j] = -im[j] * s;
        }
    }

    private void bluestein(double[] re, double[] im) {
        int m = workRe.length;
        Arrays.fill(workRe, 0);
        Arrays.fill(workIm, 0);
        for (int j = 0; j < n; j++) {
            workRe[j] = re[j] * chirpRe[j] - im[j] * chirpIm[j];
            workIm[j] = re[j] * chirpIm[j] + im[j] * chirpRe[j];
        }
        inner.forward(workRe, workIm);
        for (int j = 0; j < m; j++) {
            double a = workRe[j];
            double b = workIm[j];
            // times the kernel's spectrum, conjugated: the inverse transform done by the forward one
            workRe[j] = a * kernelRe[j] - b * kernelIm[j];
            workIm[j] = -(a * kernelIm[j] + b * kernelRe[j]);
        }
        inner.forward(workRe, workIm);
        double s = 1.0 / m;
        for (int j = 0; j < n; j++) {
            double a = workRe[j] * s;
            double b = -workIm[j] * s;
            re[j] = a * chirpRe[j] - b * chirpIm[j];
            im[j] = a * chirpIm[j] + b * chirpRe[j];
        }
    }

    /**
     * Stockham's self-sorting decimation in frequency. A stage of radix p on sub-transforms of
     * length len = p m at stride s reads {@code x[q + s(j + r m)]} for r < p, takes their p-point
     * DFT b_t, and writes {@code b_t W_len^(j t)} to {@code y[q + s(p j + t)]}; then len /= p,
     * s *= p, and x and y swap roles. The innermost loop runs over q, contiguous cells.
     */
    private static final class Stockham {
        private final int n;
        private final int[] radices;
        private final double[] twRe;
        private final double[] twIm;
        private final double[] yRe;
        private final double[] yIm;
        private final double[] aRe = new double[MAX_RADIX];
        private final double[] aIm = new double[MAX_RADIX];

        Stockham(int n, int[] radices) {
            this.n = n;
            this.radices = radices;
            twRe = new double[n];
            twIm = new double[n];
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * j / n;
                twRe[j] = Math.cos(a);
                twIm[j] = Math.sin(a);
            }
            yRe = new double[n];
            yIm = new double[n];
        }

        void forward(double[] re, double[] im) {
            double[] xr = re;
            double[] xi = im;
            double[] yr = yRe;
            double[] yi = yIm;
            int len = n;
            int s = 1;
            for (int p : radices) {
                int m = len / p;
                int step = n / len;
                switch (p) {
                    case 4 -> radix4(xr, xi, yr, yi, m, s, step);
                    case 2 -> radix2(xr, xi, yr, yi, m, s, step);
                    case 3 -> radix3(xr, xi, yr, yi, m, s, step);
                    default -> radixP(p, xr, xi, yr, yi, m, s, step);
                }
                double[] t = xr;
                xr = yr;
                yr = t;
                t = xi;
                xi = yi;
                yi = t;
                len = m;
                s *= p;
            }
            if (xr != re) {
                System.arraycopy(xr, 0, re, 0, n);
                System.arraycopy(xi, 0, im, 0, n);
            }
        }

        private void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int step) {
            for (int j = 0; j < m; j++) {
                double wr = twRe[j * step];
                double wi = twIm[j * step];
                int a = s * j;
                int b = s * (j + m);
                int o = s * 2 * j;
                for (int q = 0; q < s; q++) {
                    double ar = xr[a + q];
                    double ai = xi[a + q];
                    double br = xr[b + q];
                    double bi = xi[b + q];
                    yr[o + q] = ar + br;
                    yi[o + q] = ai + bi;
                    double dr = ar - br;
                    double di = ai - bi;
                    yr[o + s + q] = dr * wr - di * wi;
                    yi[o + s + q] = dr * wi + di * wr;
                }
            }
        }

        private void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int step) {
            for (int j = 0; j < m; j++) {
                double w1r = twRe[j * step];
                double w1i = twIm[j * step];
                double w2r = twRe[2 * j * step];
                double w2i = twIm[2 * j * step];
                double w3r = twRe[3 * j * step];
                double w3i = twIm[3 * j * step];
                int x0 = s * j;
                int x1 = s * (j + m);
                int x2 = s * (j + 2 * m);
                int x3 = s * (j + 3 * m);
                int o = s * 4 * j;
                for (int q = 0; q < s; q++) {
                    double a0r = xr[x0 + q];
                    double a0i = xi[x0 + q];
                    double a1r = xr[x1 + q];
                    double a1i = xi[x1 + q];
                    double a2r = xr[x2 + q];
                    double a2i = xi[x2 + q];
                    double a3r = xr[x3 + q];
                    double a3i = xi[x3 + q];
                    double s02r = a0r + a2r;
                    double s02i = a0i + a2i;
                    double d02r = a0r - a2r;
                    double d02i = a0i - a2i;
                    double s13r = a1r + a3r;
                    double s13i = a1i + a3i;
                    // -i (a1 - a3)
                    double m13r = a1i - a3i;
                    double m13i = a3r - a1r;
                    yr[o + q] = s02r + s13r;
                    yi[o + q] = s02i + s13i;
                    double b1r = d02r + m13r;
                    double b1i = d02i + m13i;
                    double b2r = s02r - s13r;
                    double b2i = s02i - s13i;
                    double b3r = d02r - m13r;
                    double b3i = d02i - m13i;
                    yr[o + s + q] = b1r * w1r - b1i * w1i;
                    yi[o + s + q] = b1r * w1i + b1i * w1r;
                    yr[o + 2 * s + q] = b2r * w2r - b2i * w2i;
                    yi[o + 2 * s + q] = b2r * w2i + b2i * w2r;
                    yr[o + 3 * s + q] = b3r * w3r - b3i * w3i;
                    yi[o + 3 * s + q] = b3r * w3i + b3i * w3r;
                }
            }
        }

        private void radix3(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int step) {
            final double h = Math.sqrt(3) / 2;
            for (int j = 0; j < m; j++) {
                double w1r = twRe[j * step];
                double w1i = twIm[j * step];
                double w2r = twRe[2 * j * step];
                double w2i = twIm[2 * j * step];
                int x0 = s * j;
                int x1 = s * (j + m);
                int x2 = s * (j + 2 * m);
                int o = s * 3 * j;
                for (int q = 0; q < s; q++) {
                    double a0r = xr[x0 + q];
                    double a0i = xi[x0 + q];
                    double a1r = xr[x1 + q];
                    double a1i = xi[x1 + q];
                    double a2r = xr[x2 + q];
                    double a2i = xi[x2 + q];
                    double tr = a1r + a2r;
                    double ti = a1i + a2i;
                    double cr = a0r - 0.5 * tr;
                    double ci = a0i - 0.5 * ti;
                    // -i (sqrt(3)/2) (a1 - a2)
                    double dr = h * (a1i - a2i);
                    double di = -h * (a1r - a2r);
                    yr[o + q] = a0r + tr;
                    yi[o + q] = a0i + ti;
                    double b1r = cr + dr;
                    double b1i = ci + di;
                    double b2r = cr - dr;
                    double b2i = ci - di;
                    yr[o + s + q] = b1r * w1r - b1i * w1i;
                    yi[o + s + q] = b1r * w1i + b1i * w1r;
                    yr[o + 2 * s + q] = b2r * w2r - b2i * w2i;
                    yi[o + 2 * s + q] = b2r * w2i + b2i * w2r;
                }
            }
        }

        /** Any radix: the p-point DFT by its definition (used for 5 and 7). */
        private void radixP(int p, double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int step) {
            int root = n / p;
            for (int j = 0; j < m; j++) {
                for (int q = 0; q < s; q++) {
                    for (int r = 0; r < p; r++) {
                        aRe[r] = xr[q + s * (j + r * m)];
                        aIm[r] = xi[q + s * (j + r * m)];
                    }
                    for (int t = 0; t < p; t++) {
                        double br = 0;
                        double bi = 0;
                        for (int r = 0; r < p; r++) {
                            int w = (r * t % p) * root;
                            br += aRe[r] * twRe[w] - aIm[r] * twIm[w];
                            bi += aRe[r] * twIm[w] + aIm[r] * twRe[w];
                        }
                        int w = j * t * step;
                        yr[q + s * (p * j + t)] = br * twRe[w] - bi * twIm[w];
                        yi[q + s * (p * j + t)] = br * twIm[w] + bi * twRe[w];
                    }
                }
            }
        }
    }
}
