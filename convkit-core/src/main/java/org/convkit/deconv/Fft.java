package org.convkit.deconv;

/**
 * A complex discrete Fourier transform of one length {@code n}, any n: iterative radix-2 when n is
 * a power of two, Bluestein's chirp-z (a circular convolution done by power-of-two transforms)
 * otherwise. Split real and imaginary arrays, in place.
 *
 * <p>Deconvolution needs transforms of the image's own size when the blur is circular (a 100-cell
 * image has a 100-periodic blur), which {@code org.convkit.algo.fft}'s power-of-two, bit-reversed
 * tile transforms cannot give; its tables are private to the tiled convolution, so this class is a
 * small self-contained plan instead. Every twiddle and chirp is computed directly by cos/sin (no
 * recurrence), so the error stays at a few ulps times log n.
 *
 * <p>Holds scratch arrays: one instance per thread.
 */
final class Fft {
    private final int n;
    /** Power-of-two size of the transforms actually run: n itself, or Bluestein's m >= 2n - 1. */
    private final int m;
    private final double[] cos;
    private final double[] sin;
    private final int[] reversed;
    /** Bluestein only: the chirp exp(-i pi j^2 / n), and the spectrum of its conjugate, wrapped. */
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernelRe;
    private final double[] kernelIm;
    private final double[] workRe;
    private final double[] workIm;

    Fft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("transform length must be at least 1, got " + n);
        }
        this.n = n;
        boolean pow2 = Integer.bitCount(n) == 1;
        this.m = pow2 ? n : Integer.highestOneBit(2 * n - 1) << 1;
        cos = new double[m / 2 + 1];
        sin = new double[m / 2 + 1];
        for (int j = 0; j <= m / 2; j++) {
            double a = -2 * Math.PI * j / m;
            cos[j] = Math.cos(a);
            sin[j] = Math.sin(a);
        }
        reversed = new int[m];
        int bits = Integer.numberOfTrailingZeros(m);
        for (int j = 0; j < m; j++) {
            reversed[j] = bits == 0 ? 0 : Integer.reverse(j) >>> (32 - bits);
        }
        if (pow2) {
            chirpRe = chirpIm = kernelRe = kernelIm = workRe = workIm = null;
            return;
        }
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
        radix2(kernelRe, kernelIm, false);
        workRe = new double[m];
        workIm = new double[m];
    }

    int length() {
        return n;
    }

    /** X[f] = sum_t x[t] exp(-2 pi i f t / n), in place. */
    void forward(double[] re, double[] im) {
        if (chirpRe == null) {
            radix2(re, im, false);
        } else {
            bluestein(re, im);
        }
    }

    /** x[t] = (1/n) sum_f X[f] exp(+2 pi i f t / n), in place: undoes {@link #forward}. */
    void inverse(double[] re, double[] im) {
        // conj(F(conj(X))) / n: the inverse by the forward plan, so Bluestein needs one chirp table
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
        java.util.Arrays.fill(workRe, 0);
        java.util.Arrays.fill(workIm, 0);
        for (int j = 0; j < n; j++) {
            workRe[j] = re[j] * chirpRe[j] - im[j] * chirpIm[j];
            workIm[j] = re[j] * chirpIm[j] + im[j] * chirpRe[j];
        }
        radix2(workRe, workIm, false);
        for (int j = 0; j < m; j++) {
            double a = workRe[j];
            double b = workIm[j];
            workRe[j] = a * kernelRe[j] - b * kernelIm[j];
            workIm[j] = a * kernelIm[j] + b * kernelRe[j];
        }
        radix2(workRe, workIm, true);
        double s = 1.0 / m;
        for (int j = 0; j < n; j++) {
            double a = workRe[j] * s;
            double b = workIm[j] * s;
            re[j] = a * chirpRe[j] - b * chirpIm[j];
            im[j] = a * chirpIm[j] + b * chirpRe[j];
        }
    }

    /** Unscaled radix-2 transform of length m; {@code conjugate} uses exp(+i...) twiddles. */
    private void radix2(double[] re, double[] im, boolean conjugate) {
        for (int j = 0; j < m; j++) {
            int r = reversed[j];
            if (r > j) {
                double t = re[j];
                re[j] = re[r];
                re[r] = t;
                t = im[j];
                im[j] = im[r];
                im[r] = t;
            }
        }
        double sign = conjugate ? -1 : 1;
        for (int half = 1; half < m; half <<= 1) {
            int step = m / (2 * half);
            for (int start = 0; start < m; start += 2 * half) {
                for (int j = 0; j < half; j++) {
                    double wr = cos[j * step];
                    double wi = sign * sin[j * step];
                    int a = start + j;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
