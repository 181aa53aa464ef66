package org.convkit.deconv;

import java.util.Arrays;

import org.convkit.fft.FftSizes;
import org.convkit.fft.RealFft;
import org.convkit.runtime.Parallel;
import org.convkit.spec.PaddingMode;

/**
 * How an observed signal, its channels and its PSF sit in the periodic grid that the Fourier
 * transforms work on: the layout rules, the border extension and the PSF's placement, checked and
 * worded in one place.
 *
 * <p>Layout: a PSF of rank d (1 to 3) blurs signals of rank d, or of rank d + 1 whose first
 * dimension is channels, each channel independently.
 *
 * <p>Border: {@link PaddingMode#CIRCULAR} uses the signal's own size as the period (the blur wrapped
 * around). Any other mode extends the signal by at least the PSF's size on each side with that
 * rule, then on to the next 5-smooth size 2^a 3^b 5^c ({@link FftSizes#fastSize}: a fast
 * transform size, at most 8% more from 100 cells on); the extension is split evenly, so the seam
 * where the period wraps lies in the middle of the extension, as far from the signal as it can be.
 * Without it, a deconvolution sees the jump between opposite edges as a sharp feature to restore
 * and rings along every edge.
 *
 * <p>PSF placement: the PSF's center is cell {@code floor(k/2)} in each dimension, and the blur is a
 * true convolution {@code y[m] = sum_u psf[u] x[m - u + floor(k/2)]}, the same as {@code Conv} with
 * {@code flip}, padding {@code same} and the border as padding mode (and scikit-image's convention
 * for odd sizes).
 */
final class Frame {
    final int dims;
    final int channels;
    final int[] spatial;
    final int[] grid;
    final int[] before;
    final int[] psfShape;
    final PaddingMode border;
    final int volume;
    final int gridVolume;
    /** Per dimension, per grid coordinate: the signal cell it copies, or -1 for a zero. */
    private final int[][] source;
    /** Below this many cells a copy is too short for handing work to other threads to pay (RealFft's threshold). */
    private static final int PARALLEL_MIN_CELLS = 1 << 15;

    private Frame(int[] spatial, int channels, int[] psfShape, PaddingMode border) {
        this.dims = spatial.length;
        this.channels = channels;
        this.spatial = spatial;
        this.psfShape = psfShape;
        this.border = border;
        grid = new int[dims];
        before = new int[dims];
        source = new int[dims][];
        int v = 1;
        int gv = 1;
        for (int d = 0; d < dims; d++) {
            int n = spatial[d];
            if (border == PaddingMode.CIRCULAR) {
                grid[d] = n;
            } else {
                long need = (long) n + 2L * psfShape[d];
                if (need > (1 << 29)) {
                    throw new IllegalArgumentException("the signal's dimension " + d + " (" + n + " cells) with the PSF's "
                            + psfShape[d] + " on each side is too large to transform");
                }
                grid[d] = FftSizes.fastSize((int) need);
                before[d] = (grid[d] - n) / 2;
            }
            source[d] = new int[grid[d]];
            for (int g = 0; g < grid[d]; g++) {
                source[d][g] = border.source(g - before[d], n);
            }
            v *= n;
            gv = Math.multiplyExact(gv, grid[d]);
        }
        volume = v;
        gridVolume = gv;
    }

    /** Checks the shapes against each other and the PSF's values, and lays them out. */
    static Frame of(int[] observed, float[] psf, int[] psfShape, PaddingMode border) {
        if (psfShape.length < 1 || psfShape.length > 3) {
            throw new IllegalArgumentException("the PSF has shape " + Arrays.toString(psfShape) + " (rank "
                    + psfShape.length + ") but must have 1, 2 or 3 dimensions");
        }
        int d = psfShape.length;
        if (observed.length != d && observed.length != d + 1) {
            throw new IllegalArgumentException("the signal has shape " + Arrays.toString(observed) + " (rank "
                    + observed.length + ") but a " + d + "-D PSF " + Arrays.toString(psfShape) + " deblurs signals of rank "
                    + d + " " + layout(d, false) + " or " + (d + 1) + " " + layout(d, true)
                    + "; give a PSF with as many dimensions as the signal has spatial ones");
        }
        for (int i = 0; i < psfShape.length; i++) {
            if (psfShape[i] < 1) {
                throw new IllegalArgumentException("the PSF shape " + Arrays.toString(psfShape) + " has an empty dimension " + i);
            }
        }
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 1) {
                throw new IllegalArgumentException("the signal shape " + Arrays.toString(observed) + " has an empty dimension " + i);
            }
        }
        boolean nonZero = false;
        for (float v : psf) {
            if (v != 0) {
                nonZero = true;
                break;
            }
        }
        if (!nonZero) {
            throw new IllegalArgumentException("the PSF " + Arrays.toString(psfShape) + " is all zeros: it erases the "
                    + "signal, and nothing can bring it back; give the blur's real point spread function");
        }
        int channels = observed.length == d ? 1 : observed[0];
        int[] spatial = Arrays.copyOfRange(observed, observed.length - d, observed.length);
        return new Frame(spatial, channels, psfShape.clone(), border);
    }

    private static String layout(int d, boolean channels) {
        String[] names = {"L", "H,W", "D,H,W"};
        return "(" + (channels ? "C," : "") + names[d - 1] + ")";
    }

    /**
     * Copies channel {@code c} of {@code signal}, extended by the border rule, into {@code out}, on
     * up to {@code threads} threads (blocks of rows: a copy, the same for any split). On one thread
     * the copy and {@link #crop} took a third of a prepared Wiener filter's time beside its two
     * transforms on two (JFR, 1024^2).
     */
    void pad(float[] signal, int c, double[] out, int threads) {
        int rows = gridVolume / grid[dims - 1];
        int blocks = blocks(rows, grid[dims - 1], threads);
        Parallel.forEach(blocks, threads, q -> {
            for (int r = q * rows / blocks, end = (q + 1) * rows / blocks; r < end; r++) {
                padRow(signal, c * volume, out, r);
            }
        });
    }

    /** Tasks for a pass over {@code rows} rows of {@code cells} cells: one per thread, or one for a small grid. */
    private static int blocks(int rows, int cells, int threads) {
        return (long) rows * cells < PARALLEL_MIN_CELLS ? 1 : Math.min(rows, threads);
    }

    /** Row r of the grid (all its axes but the last fixed) in {@link #pad}: zeros, or a signal row extended. */
    private void padRow(float[] signal, int off, double[] out, int r) {
        int last = dims - 1;
        int g = grid[last];
        int n = spatial[last];
        int k = r * g;
        int from = off;
        if (dims == 2) {
            int i = source[0][r];
            if (i < 0) {
                Arrays.fill(out, k, k + g, 0);
                return;
            }
            from += i * n;
        } else if (dims == 3) {
            int i = source[0][r / grid[1]];
            int j = source[1][r % grid[1]];
            if (i < 0 || j < 0) {
                Arrays.fill(out, k, k + g, 0);
                return;
            }
            from += (i * spatial[1] + j) * n;
        }
        int[] map = source[last];
        int lo = before[last];
        for (int e = 0; e < lo; e++) {
            out[k + e] = map[e] < 0 ? 0 : signal[from + map[e]];
        }
        // the signal's own cells, in order: a plain copy loop
        for (int e = 0; e < n; e++) {
            out[k + lo + e] = signal[from + e];
        }
        for (int e = lo + n; e < g; e++) {
            out[k + e] = map[e] < 0 ? 0 : signal[from + map[e]];
        }
    }

    /** Copies the signal's cells of {@code in} into channel {@code c} of {@code signal}, on up to {@code threads} threads. */
    void crop(double[] in, float[] signal, int c, int threads) {
        int last = dims - 1;
        int n = spatial[last];
        int rows = volume / n;
        int blocks = blocks(rows, n, threads);
        Parallel.forEach(blocks, threads, q -> {
            for (int r = q * rows / blocks, end = (q + 1) * rows / blocks; r < end; r++) {
                int from = before[last];
                if (dims == 2) {
                    from += (r + before[0]) * grid[1];
                } else if (dims == 3) {
                    from += ((r / spatial[1] + before[0]) * grid[1] + r % spatial[1] + before[1]) * grid[2];
                }
                int to = c * volume + r * n;
                for (int l = 0; l < n; l++) {
                    signal[to + l] = (float) in[from + l];
                }
            }
        });
    }

    /**
     * The PSF's transfer function H on the grid, as the interleaved half spectrum {@link RealFft}
     * gives: the PSF placed with its center on cell 0, wrapped around (cells
     * that land on the same grid cell add up, which only happens for a circular border with a PSF
     * larger than the signal). {@code placed} is workspace of the grid's volume.
     */
    double[] transferFunction(float[] psf, RealFft fft, double[] placed) {
        Arrays.fill(placed, 0, gridVolume, 0);
        int k1 = dims > 1 ? psfShape[1] : 1;
        int k2 = dims > 2 ? psfShape[2] : 1;
        int g1 = dims > 1 ? grid[1] : 1;
        int g2 = dims > 2 ? grid[2] : 1;
        int k = 0;
        for (int a = 0; a < psfShape[0]; a++) {
            int i = Math.floorMod(a - psfShape[0] / 2, grid[0]);
            for (int b = 0; b < k1; b++) {
                int j = Math.floorMod(b - k1 / 2, g1);
                for (int e = 0; e < k2; e++) {
                    int l = Math.floorMod(e - k2 / 2, g2);
                    placed[(i * g1 + j) * g2 + l] += psf[k++];
                }
            }
        }
        double[] h = new double[fft.spectrumDoubles()];
        fft.forward(placed, h);
        return h;
    }

    /**
     * |L(f)|^2 of the discrete Laplacian (the 2d+1-point stencil), in closed form:
     * L(f) = -sum_d (2 - 2 cos(2 pi f_d / n_d)); one value per complex cell of the half spectrum.
     */
    double[] laplacianPower(RealFft fft) {
        int[] sp = fft.spectrumShape();
        double[] p = new double[fft.spectrumDoubles() / 2];
        // one table per axis: a cosine per cell would cost more than the filter's transforms
        double[] la = laplacianTerms(0, sp[0]);
        double[] lb = laplacianTerms(1, dims > 1 ? sp[1] : 1);
        double[] le = laplacianTerms(2, dims > 2 ? sp[2] : 1);
        int k = 0;
        for (double ta : la) {
            for (double tb : lb) {
                for (double te : le) {
                    double l = ta + tb + te;
                    p[k++] = l * l;
                }
            }
        }
        return p;
    }

    /** 2 - 2 cos(2 pi f / n_d) for the first {@code count} frequencies f of axis d, zeros for an axis past the rank. */
    private double[] laplacianTerms(int d, int count) {
        double[] t = new double[count];
        if (d < dims) {
            for (int f = 0; f < count; f++) {
                t[f] = 2 - 2 * Math.cos(2 * Math.PI * f / grid[d]);
            }
        }
        return t;
    }
}
