package org.convkit.fft;

import java.util.Arrays;

import org.convkit.runtime.Parallel;

/**
 * The N-D discrete Fourier transform of a real row-major grid of shape {@code (n_0, ..., n_{d-1})},
 * keeping the half of the spectrum that a real signal's Hermitian symmetry does not repeat: shape
 * {@code (n_0, ..., n_{d-1}/2 + 1)}, complex values interleaved (re, im), NumPy's {@code rfftn}
 * layout. The last axis goes by {@link LineFft#realForward} row by row, the others by complex
 * {@link LineFft}s on the half spectrum.
 *
 * <p>A plan: the 1-D plans (one per distinct length) and each worker's line buffers are made once,
 * here, and reused by every call; a deconvolution makes one and runs all its channels and
 * iterations through it. Along any axis but the last, one line's cells are a whole row apart, so
 * {@link #BLOCK} neighbouring lines are copied into contiguous buffers together (each cache line is
 * then read once, not once per line), transformed and copied back.
 *
 * <p>Threads: rows and blocks of lines are shared among up to {@code threads} workers by a fixed
 * rule (item i to worker i mod workers), and each line is transformed single-threaded the same way
 * whichever worker does it, so results are bitwise the same for any thread count. An instance is
 * not itself safe to call from several threads at once (its buffers are per worker, not per caller).
 *
 * <p>Error: every 1-D transform of length m has a relative RMS error of a few ulps times log2 m
 * (JTransforms computes its twiddles directly, with no recurrence); the N-D one adds them up, so
 * {@code ||fft - exact||_2 <= c 2^-53 log2(V) ||x||_2}, V the grid volume, c stated and tested
 * against a double-precision DFT in {@code RealFftTest}.
 */
public final class RealFft {
    /** Lines copied together: 8 complex values fill two 64-byte cache lines. */
    static final int BLOCK = 8;
    /** Below this many cells a transform is too short for handing work to other threads to pay. */
    static final int PARALLEL_MIN_CELLS = 1 << 15;

    private final int[] shape;
    private final int[] spectrumShape;
    private final int rows;
    private final int length;
    private final int half;
    private final int spectrumDoubles;
    private final LineFft[] axes;
    private final double[][][] lines;
    private final int workers;

    /** A plan for grids of {@code shape} (rank at least 1) on up to {@code threads} threads. */
    public RealFft(int[] shape, int threads) {
        if (shape.length < 1) {
            throw new IllegalArgumentException("a transform needs at least one dimension, got shape []");
        }
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] < 1) {
                throw new IllegalArgumentException("the grid shape " + Arrays.toString(shape) + " has an empty dimension "
                        + a + "; every extent must be at least 1");
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.shape = shape.clone();
        int d = shape.length;
        length = shape[d - 1];
        half = LineFft.halfLength(length);
        long r = 1;
        int longest = 1;
        for (int a = 0; a < d - 1; a++) {
            r *= shape[a];
            longest = Math.max(longest, shape[a]);
        }
        spectrumShape = shape.clone();
        spectrumShape[d - 1] = half;
        rows = Math.toIntExact(r);
        spectrumDoubles = Math.multiplyExact(2 * half, rows);
        axes = new LineFft[d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                if (shape[b] == shape[a]) {
                    axes[a] = axes[b];
                }
            }
            if (axes[a] == null) {
                axes[a] = new LineFft(shape[a]);
            }
        }
        workers = r * length < PARALLEL_MIN_CELLS ? 1 : threads;
        lines = new double[workers][d > 1 ? BLOCK : 0][2 * longest];
    }

    /** The grid's shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The spectrum's shape: the grid's with the last extent n/2 + 1. */
    public int[] spectrumShape() {
        return spectrumShape.clone();
    }

    /** Cells of the grid. */
    public int volume() {
        return rows * length;
    }

    /** Doubles of the interleaved half spectrum: twice its complex cells. */
    public int spectrumDoubles() {
        return spectrumDoubles;
    }

    /** spectrum := the half spectrum of the real grid x (x is left as it was). */
    public void forward(double[] x, double[] spectrum) {
        check(x, spectrum);
        int w = Math.min(workers, rows);
        Parallel.forEach(w, w, k -> {
            for (int r = k; r < rows; r += w) {
                int off = 2 * half * r;
                System.arraycopy(x, length * r, spectrum, off, length);
                axes[shape.length - 1].realForward(spectrum, off);
            }
        });
        for (int a = shape.length - 2; a >= 0; a--) {
            along(a, spectrum, false);
        }
    }

    /**
     * x := the real grid whose half spectrum is given, divided by the volume, so that it undoes
     * {@link #forward}; overwrites the spectrum. Imaginary parts that a real grid's spectrum has 0
     * at are ignored.
     */
    public void inverse(double[] spectrum, double[] x) {
        check(x, spectrum);
        for (int a = 0; a < shape.length - 1; a++) {
            along(a, spectrum, true);
        }
        int w = Math.min(workers, rows);
        Parallel.forEach(w, w, k -> {
            for (int r = k; r < rows; r += w) {
                int off = 2 * half * r;
                axes[shape.length - 1].realInverse(spectrum, off);
                System.arraycopy(spectrum, off, x, length * r, length);
            }
        });
    }

    private void check(double[] x, double[] spectrum) {
        if (x.length < volume() || spectrum.length < spectrumDoubles) {
            throw new IllegalArgumentException("a transform of the grid " + Arrays.toString(shape) + " needs "
                    + volume() + " real cells and " + spectrumDoubles + " spectrum doubles, got arrays of " + x.length
                    + " and " + spectrum.length);
        }
    }

    /** Complex transforms along axis a (not the last) of the half spectrum, BLOCK lines at a time. */
    private void along(int a, double[] s, boolean inverse) {
        int len = shape[a];
        if (len == 1) {
            return;
        }
        int inner = half;
        for (int b = a + 1; b < shape.length - 1; b++) {
            inner *= shape[b];
        }
        int outer = rows * half / (inner * len);
        int perOuter = (inner + BLOCK - 1) / BLOCK;
        int blocks = outer * perOuter;
        int w = Math.min(workers, blocks);
        LineFft fft = axes[a];
        int in = inner;
        Parallel.forEach(w, w, k -> {
            double[][] buf = lines[k];
            for (int blk = k; blk < blocks; blk += w) {
                block(fft, buf, s, len, in, blk / perOuter, (blk % perOuter) * BLOCK, inverse);
            }
        });
    }

    /** Lines i0 .. i0 + BLOCK - 1 (or fewer) of outer index o: gathered, transformed, scattered back. */
    private static void block(LineFft fft, double[][] buf, double[] s, int len, int inner, int o, int i0,
                              boolean inverse) {
        int count = Math.min(BLOCK, inner - i0);
        int base = 2 * (o * len * inner + i0);
        for (int t = 0; t < len; t++) {
            int at = base + 2 * t * inner;
            for (int b = 0; b < count; b++) {
                buf[b][2 * t] = s[at + 2 * b];
                buf[b][2 * t + 1] = s[at + 2 * b + 1];
            }
        }
        for (int b = 0; b < count; b++) {
            if (inverse) {
                fft.inverse(buf[b], 0);
            } else {
                fft.forward(buf[b], 0);
            }
        }
        for (int t = 0; t < len; t++) {
            int at = base + 2 * t * inner;
            for (int b = 0; b < count; b++) {
                s[at + 2 * b] = buf[b][2 * t];
                s[at + 2 * b + 1] = buf[b][2 * t + 1];
            }
        }
    }
}
