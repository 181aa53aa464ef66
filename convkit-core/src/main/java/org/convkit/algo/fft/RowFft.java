package org.convkit.algo.fft;

/**
 * Radix-2 transforms along one axis of a block whose innermost axis is a row of {@code lanes}
 * contiguous values (split real and imaginary arrays). Each butterfly combines two whole rows, so
 * its inner loop runs over the lanes with one index and no stride: the JIT vectorizes it, which a
 * butterfly inside a row (stride h) would not allow.
 *
 * <p>The rows form an array of shape {@code (R, T, S)}: the transform runs along T, independently
 * for every r and s. The forward transform is decimation in frequency: natural order in,
 * bit-reversed order out. The inverse is decimation in time: bit-reversed in, natural out, without
 * the 1/T factor. Convolution only multiplies spectra element by element, so the bit-reversed order
 * never needs undoing.
 *
 * <p>Each butterfly is two simple loops (sum and difference, then the twiddle rotation) rather than
 * one: measured, JDK 17 does not vectorize the fused forward form and JDK 25 not the fused inverse
 * one, while both vectorize the simple loops (0.7 ns per butterfly lane on either, against 1.0 to
 * 1.1 for the unvectorized fused forms).
 */
final class RowFft {
    private RowFft() {
    }

    /**
     * Complex doubles that one run of late stages works on: their butterflies stay within chunks of
     * rows this large, which are done one after the other while they sit in the level-1 cache,
     * instead of streaming the whole block through it once per stage.
     */
    private static final int CHUNK_DOUBLES = 2048;

    /** Forward DFT along T, exp(-2 pi i f t / T), natural in, bit-reversed out. T a power of two. */
    static void forward(double[][] re, double[][] im, int r, int t, int s, int lanes, Twiddles tw) {
        int chunk = chunk(t, s, lanes);
        for (int rr = 0; rr < r; rr++) {
            int base = rr * t;
            for (int h = t >> 1; h >= chunk; h >>= 1) {
                forwardStage(re, im, base, base + t, h, s, lanes, tw);
            }
            for (int c = base; c < base + t; c += chunk) {
                for (int h = chunk >> 1; h >= 1; h >>= 1) {
                    forwardStage(re, im, c, c + chunk, h, s, lanes, tw);
                }
            }
        }
    }

    /** T times the inverse DFT along T: bit-reversed in, natural out; undoes {@link #forward} up to T. */
    static void inverse(double[][] re, double[][] im, int r, int t, int s, int lanes, Twiddles tw) {
        int chunk = chunk(t, s, lanes);
        for (int rr = 0; rr < r; rr++) {
            int base = rr * t;
            for (int c = base; c < base + t; c += chunk) {
                for (int h = 1; h < chunk; h <<= 1) {
                    inverseStage(re, im, c, c + chunk, h, s, lanes, tw);
                }
            }
            for (int h = chunk; h < t; h <<= 1) {
                inverseStage(re, im, base, base + t, h, s, lanes, tw);
            }
        }
    }

    /** The largest power of two, at most t, whose rows fit {@link #CHUNK_DOUBLES}. */
    private static int chunk(int t, int s, int lanes) {
        int c = 1;
        while (c < t && 2L * c * s * lanes <= CHUNK_DOUBLES) {
            c <<= 1;
        }
        return c;
    }

    /** One decimation-in-frequency stage of half-size h over positions [from, to) along T. */
    private static void forwardStage(double[][] re, double[][] im, int from, int to, int h, int s, int lanes,
                                     Twiddles tw) {
        for (int blk = from; blk < to; blk += 2 * h) {
            for (int j = 0; j < h; j++) {
                int a = (blk + j) * s;
                int b = a + h * s;
                double wr = tw.re[h + j];
                double wi = tw.im[h + j];
                for (int ss = 0; ss < s; ss++) {
                    sumDiff(re[a + ss], im[a + ss], re[b + ss], im[b + ss], lanes);
                    if (j != 0) {
                        rotate(re[b + ss], im[b + ss], lanes, wr, wi);
                    }
                }
            }
        }
    }

    /** One decimation-in-time stage of half-size h, conjugate twiddles, over positions [from, to) along T. */
    private static void inverseStage(double[][] re, double[][] im, int from, int to, int h, int s, int lanes,
                                     Twiddles tw) {
        for (int blk = from; blk < to; blk += 2 * h) {
            for (int j = 0; j < h; j++) {
                int a = (blk + j) * s;
                int b = a + h * s;
                double wr = tw.re[h + j];
                double wi = -tw.im[h + j];
                for (int ss = 0; ss < s; ss++) {
                    if (j != 0) {
                        rotate(re[b + ss], im[b + ss], lanes, wr, wi);
                    }
                    sumDiff(re[a + ss], im[a + ss], re[b + ss], im[b + ss], lanes);
                }
            }
        }
    }

    /** (a, b) := (a + b, a - b). */
    private static void sumDiff(double[] ar, double[] ai, double[] br, double[] bi, int n) {
        for (int k = 0; k < n; k++) {
            double xr = ar[k];
            double xi = ai[k];
            double yr = br[k];
            double yi = bi[k];
            ar[k] = xr + yr;
            ai[k] = xi + yi;
            br[k] = xr - yr;
            bi[k] = xi - yi;
        }
    }

    /** b := b w. */
    private static void rotate(double[] br, double[] bi, int n, double wr, double wi) {
        for (int k = 0; k < n; k++) {
            double x = br[k];
            double y = bi[k];
            br[k] = x * wr - y * wi;
            bi[k] = x * wi + y * wr;
        }
    }

    /** The position at which {@link #forward} leaves frequency {@code f} of a size-{@code t} transform. */
    static int bitReversed(int f, int t) {
        return t <= 1 ? 0 : Integer.reverse(f) >>> Integer.numberOfLeadingZeros(t - 1);
    }
}
