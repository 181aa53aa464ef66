package org.convkit.algo.fft;

/**
 * The roots of unity of every radix-2 stage up to size {@code n}: index {@code h + j} holds
 * {@code exp(-i pi j / h)} for each power of two {@code h < n} and {@code j < h}, so one table
 * serves every stage of every transform of size up to {@code n}.
 *
 * <p>Each entry is computed directly from {@link Math#cos}/{@link Math#sin} in double, never by a
 * recurrence, so every twiddle is within an ulp of exact; a recurrence would let errors grow with
 * the size, and the error bound of {@link FftConv} assumes they do not.
 */
final class Twiddles {
    final double[] re;
    final double[] im;

    private Twiddles(double[] re, double[] im) {
        this.re = re;
        this.im = im;
    }

    /** Twiddles for transforms of every power-of-two size up to {@code n} (itself a power of two). */
    static Twiddles upTo(int n) {
        double[] re = new double[Math.max(1, n)];
        double[] im = new double[Math.max(1, n)];
        for (int h = 1; h < n; h <<= 1) {
            for (int j = 0; j < h; j++) {
                double angle = -Math.PI * j / h;
                re[h + j] = Math.cos(angle);
                im[h + j] = Math.sin(angle);
            }
        }
        return new Twiddles(re, im);
    }

    /** Doubles held, for workspace accounting. */
    static long doubles(int n) {
        return 2L * Math.max(1, n);
    }
}
