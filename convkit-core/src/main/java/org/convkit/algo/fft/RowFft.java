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
 */
final class RowFft {
    private RowFft() {
    }

    /** Forward DFT along T, exp(-2 pi i f t / T), natural in, bit-reversed out. T a power of two. */
    static void forward(double[][] re, double[][] im, int r, int t, int s, int lanes, Twiddles tw) {
        for (int h = t >> 1; h >= 1; h >>= 1) {
            for (int rr = 0; rr < r; rr++) {
                for (int blk = 0; blk < t; blk += 2 * h) {
                    for (int j = 0; j < h; j++) {
                        int a = (rr * t + blk + j) * s;
                        int b = a + h * s;
                        double wr = tw.re[h + j];
                        double wi = tw.im[h + j];
                        for (int ss = 0; ss < s; ss++) {
                            if (j == 0) {
                                sumDiff(re[a + ss], im[a + ss], re[b + ss], im[b + ss], lanes);
                            } else {
                                sumDiffRotate(re[a + ss], im[a + ss], re[b + ss], im[b + ss], lanes, wr, wi);
                            }
                        }
                    }
                }
            }
        }
    }

    /** T times the inverse DFT along T: bit-reversed in, natural out; undoes {@link #forward} up to T. */
    static void inverse(double[][] re, double[][] im, int r, int t, int s, int lanes, Twiddles tw) {
        for (int h = 1; h < t; h <<= 1) {
            for (int rr = 0; rr < r; rr++) {
                for (int blk = 0; blk < t; blk += 2 * h) {
                    for (int j = 0; j < h; j++) {
                        int a = (rr * t + blk + j) * s;
                        int b = a + h * s;
                        double wr = tw.re[h + j];
                        double wi = -tw.im[h + j];
                        for (int ss = 0; ss < s; ss++) {
                            if (j != 0) {
                                // two simple loops: the fused rotate-then-add form is not vectorized by every JDK
                                rotate(re[b + ss], im[b + ss], lanes, wr, wi);
                            }
                            sumDiff(re[a + ss], im[a + ss], re[b + ss], im[b + ss], lanes);
                        }
                    }
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

    /** (a, b) := (a + b, (a - b) w). */
    private static void sumDiffRotate(double[] ar, double[] ai, double[] br, double[] bi, int n, double wr, double wi) {
        for (int k = 0; k < n; k++) {
            double xr = ar[k];
            double xi = ai[k];
            double yr = br[k];
            double yi = bi[k];
            double dr = xr - yr;
            double di = xi - yi;
            double sr = xr + yr;
            double si = xi + yi;
            double tr = dr * wr - di * wi;
            double ti = dr * wi + di * wr;
            ar[k] = sr;
            ai[k] = si;
            br[k] = tr;
            bi[k] = ti;
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
