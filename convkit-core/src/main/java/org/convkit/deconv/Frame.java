package org.convkit.deconv;

import java.util.Arrays;

import org.convkit.fft.FftSizes;
import org.convkit.fft.RealFft;
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

    /** Copies channel {@code c} of {@code signal}, extended by the border rule, into {@code out}. */
    void pad(float[] signal, int c, double[] out) {
        int off = c * volume;
        int g1 = dims > 1 ? grid[1] : 1;
        int g2 = dims > 2 ? grid[2] : 1;
        int n1 = dims > 1 ? spatial[1] : 1;
        int n2 = dims > 2 ? spatial[2] : 1;
        int[] s0 = source[0];
        int[] s1 = dims > 1 ? source[1] : new int[] {0};
        int[] s2 = dims > 2 ? source[2] : new int[] {0};
        int k = 0;
        for (int a = 0; a < grid[0]; a++) {
            for (int b = 0; b < g1; b++, k += g2) {
                int i = s0[a];
                int j = s1[b];
                if (i < 0 || j < 0) {
                    Arrays.fill(out, k, k + g2, 0);
                    continue;
                }
                int row = off + (i * n1 + j) * n2;
                for (int e = 0; e < g2; e++) {
                    int l = s2[e];
                    out[k + e] = l < 0 ? 0 : signal[row + l];
                }
            }
        }
    }

    /** Copies the signal's cells of {@code grid} into channel {@code c} of {@code signal}. */
    void crop(double[] in, float[] signal, int c) {
        int[] to = {c * volume};
        forEachSignalRun((from, length) -> {
            int o = to[0];
            for (int l = 0; l < length; l++) {
                signal[o + l] = (float) in[from + l];
            }
            to[0] = o + length;
        });
    }

    /** A run of consecutive grid cells, {@code [from, from + length)}. */
    interface Run {
        void accept(int from, int length);
    }

    /** Calls {@code run} for every run of the grid's signal cells (the rows of the signal's box), in order. */
    void forEachSignalRun(Run run) {
        int g1 = dims > 1 ? grid[1] : 1;
        int g2 = dims > 2 ? grid[2] : 1;
        int n1 = dims > 1 ? spatial[1] : 1;
        int n2 = dims > 2 ? spatial[2] : 1;
        int b1 = dims > 1 ? before[1] : 0;
        int b2 = dims > 2 ? before[2] : 0;
        for (int i = 0; i < spatial[0]; i++) {
            for (int j = 0; j < n1; j++) {
                run.accept(((i + before[0]) * g1 + j + b1) * g2 + b2, n2);
            }
        }
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
