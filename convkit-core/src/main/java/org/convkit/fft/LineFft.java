package org.convkit.fft;

import org.jtransforms.fft.DoubleFFT_1D;

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The discrete Fourier transform of one length {@code n}, on JTransforms' {@link DoubleFFT_1D}:
 * complex lines (interleaved re, im) and real lines to their half spectrum ({@code n/2 + 1}
 * complex values, NumPy's {@code rfft} layout), in place at an offset. Forward is
 * {@code X[f] = sum_t x[t] exp(-2 pi i f t / n)}; the inverses divide by n, so they undo it.
 *
 * <p>Why JTransforms: pure Java, BSD-2-Clause, kept on Maven Central, and its 1-D plans are the
 * fastest measured here (split radix for powers of two, mixed radix 2/3/4/5 otherwise, 1.2 to 3
 * times the project's former Stockham transform). Its 2-D and 3-D classes are not used: their
 * real transforms need powers of two, their packed layouts differ per rank, and their threads
 * split work in ways this project does not control. Lines are shared among threads by
 * {@link RealFft} instead, so JTransforms runs single-threaded: the first plan made sets its
 * global thread count ({@link ConcurrencyUtils#setNumberOfThreads}) to 1, which also keeps a
 * {@code --threads 1} run on one thread.
 *
 * <p>A plan's tables are read-only after construction, so one plan serves any number of threads
 * at once. JTransforms' mixed-radix and Bluestein paths allocate one line-sized scratch array per
 * call (its power-of-two path allocates nothing).
 */
public final class LineFft {
    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int n;
    private final DoubleFFT_1D plan;

    public LineFft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("transform length must be at least 1, got " + n);
        }
        this.n = n;
        this.plan = new DoubleFFT_1D(n);
    }

    public int length() {
        return n;
    }

    /** Complex values in a half spectrum of a real line of length n: n/2 + 1. */
    public static int halfLength(int n) {
        return n / 2 + 1;
    }

    /** a[off .. off + 2n) := the DFT of the complex line there (interleaved). */
    public void forward(double[] a, int off) {
        plan.complexForward(a, off);
    }

    /** a[off .. off + 2n) := n times the inverse DFT of the complex line there (no division). */
    public void inverseUnscaled(double[] a, int off) {
        plan.complexInverse(a, off, false);
    }

    /** a[off .. off + 2n) := the inverse DFT (divided by n) of the complex line there. */
    public void inverse(double[] a, int off) {
        plan.complexInverse(a, off, true);
    }

    /**
     * The real line {@code a[off .. off + n)} becomes its half spectrum {@code a[off .. off + 2h)},
     * h = n/2 + 1 complex values interleaved (so the array needs {@code 2h - n} = 2 or 1 cells past
     * the line). JTransforms packs the spectrum into n cells (DC's and, for even n, Nyquist's
     * imaginary parts are 0 and left out); this unpacks it.
     */
    public void realForward(double[] a, int off) {
        if (n == 1) {
            a[off + 1] = 0;
            return;
        }
        plan.realForward(a, off);
        if (n % 2 == 0) {
            // packed: a[1] = Re[n/2]
            a[off + n] = a[off + 1];
            a[off + n + 1] = 0;
        } else {
            // packed: a[1] = Im[(n-1)/2], whose real part already sits at a[n-1]
            a[off + n] = a[off + 1];
        }
        a[off + 1] = 0;
    }

    /**
     * The half spectrum {@code a[off .. off + 2h)} becomes the real line {@code a[off .. off + n)}
     * whose spectrum it is (divided by n). The imaginary parts that a real line's spectrum has 0
     * at (DC and, for even n, Nyquist) are ignored.
     */
    public void realInverse(double[] a, int off) {
        if (n == 1) {
            return;
        }
        a[off + 1] = a[off + n];
        plan.realInverse(a, off, true);
    }
}
