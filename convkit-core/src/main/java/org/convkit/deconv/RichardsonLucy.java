package org.convkit.deconv;

import java.util.Arrays;

import org.convkit.fft.RealFft;
import org.convkit.runtime.Parallel;
import org.convkit.tensor.Tensor;

/**
 * Richardson-Lucy deconvolution: the maximum-likelihood estimate under Poisson noise, by the
 * multiplicative update {@code x <- x * (h~ * (y / (h * x))) / sum(h)}, where {@code h~} is the PSF
 * flipped in every dimension (the correlation with {@code h}, done as the conjugate spectrum), so
 * asymmetric PSFs are handled correctly. The estimate stays nonnegative: the data's negative values
 * (noise around a dark level) count as 0, and the PSF must be nonnegative.
 *
 * <p>With a total-variation weight {@code lambda > 0} (Dey et al. 2006, "Richardson-Lucy algorithm
 * with total variation regularization for 3D confocal microscope deconvolution"), each update is
 * divided by {@code 1 - lambda div(grad x / |grad x|)}: it flattens noise while keeping edges.
 * Each component of {@code grad x / |grad x|} lies in [-1, 1], so the divergence lies in [-2d, 2d];
 * {@code lambda} is bounded by {@code 1/(2d)} so the divisor stays positive and the estimate
 * nonnegative. {@code |grad x|} is taken as {@code sqrt(|grad x|^2 + eps^2)} with eps a thousandth
 * of the data's largest value, so flat areas do not divide by zero.
 *
 * <p>The start is the data (negative values as 0) plus a thousandth of its mean: a multiplicative
 * update can never move a cell off 0, so a cell that noise pushed to 0 would otherwise stay black.
 * Everything runs on {@link Frame}'s grid (border extension, PSF centering) with one
 * {@link RealFft} plan, the PSF's spectrum and every buffer made once per call and reused by every
 * channel and iteration.
 */
public final class RichardsonLucy {
    /** Cells per task of the element-wise steps: fixed, so that the sums do not depend on the thread count. */
    static final int CHUNK = 1 << 15;

    private RichardsonLucy() {
    }

    /**
     * Richardson-Lucy deconvolution (with total variation when the settings give it a weight).
     *
     * @param observed the blurred signal: (L), (C, L), (H, W), (C, H, W), (D, H, W) or (C, D, H, W); each channel is
     *     deconvolved independently (negative values start as 0)
     * @param psf the blur, one spatial dimension per signal dimension, centred at {@code floor(k/2)}
     * @param s iterations, total variation, border, listener and threads
     * @return the estimate, of the observed shape, with the regularization, iterations and residual used
     * @throws IllegalArgumentException if the PSF's rank does not fit the signal's, it is empty, all zeros or
     *     has a negative cell, or the total-variation weight is not below 1/(2d)
     */
    public static Deconvolved deconvolve(Tensor observed, Tensor psf, DeconvSettings s) {
        Frame f = Frame.of(observed.shape(), psf.data(), psf.shape(), s.border());
        double sum = 0;
        float[] p = psf.data();
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0) {
                throw new IllegalArgumentException("Richardson-Lucy needs a nonnegative PSF but cell " + i + " of the PSF "
                        + Arrays.toString(psf.shape()) + " is " + p[i] + "; use wiener or tikhonov for signed kernels");
            }
            sum += p[i];
        }
        double psfSum = sum;
        double tv = s.totalVariation();
        if (tv >= 0.5 / f.dims) {
            throw new IllegalArgumentException("the total-variation weight " + tv + " must be below 1/(2d) = "
                    + (0.5 / f.dims) + " for a " + f.dims + "-D signal, or the update could turn negative; "
                    + "0.002 is a usual value");
        }
        int n = f.gridVolume;
        RealFft fft = new RealFft(f.grid, s.threads());
        double[] y = new double[n];
        double[] h = f.transferFunction(p, fft, y);
        double[] x = new double[n];
        double[] w = new double[n];
        double[] spectrum = new double[fft.spectrumDoubles()];
        TotalVariation tvTerm = tv > 0 ? new TotalVariation(f.grid) : null;
        double[] curvature = tv > 0 ? new double[n] : null;
        Residual residual = new Residual(n, f.grid[f.dims - 1], s.threads());
        // each iteration's, for the listener
        Residual fit = new Residual(n, f.grid[f.dims - 1], s.threads());
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] sums = new double[2 * chunks];
        float[] out = new float[observed.numel()];
        int total = s.iterations() * f.channels;
        for (int c = 0; c < f.channels; c++) {
            f.pad(observed.data(), c, y, s.threads());
            double scale = clipAndStart(y, x);
            double eps = 1e-3 * scale;
            double tiny = 1e-12 * Math.max(scale, Double.MIN_NORMAL);
            for (int it = 0; it < s.iterations(); it++) {
                fft.convolve(x, h, false, spectrum, w);
                // w is the blurred estimate now, before the ratio overwrites it: the residual costs one pass
                fit.clear();
                fit.add(w, y, n);
                Parallel.forEach(chunks, s.threads(), q -> ratio(y, w, tiny, q * CHUNK, Math.min(n, (q + 1) * CHUNK)));
                fft.convolve(w, h, true, spectrum, w);
                if (tvTerm != null) {
                    tvTerm.divergence(x, eps, curvature);
                }
                Parallel.forEach(chunks, s.threads(), q -> update(x, w, curvature, tv, psfSum, q * CHUNK,
                        Math.min(n, (q + 1) * CHUNK), sums, 2 * q));
                // the chunks' sums in a fixed order, so the reported change is the same for any thread count
                double change = 0;
                double norm = 0;
                for (int q = 0; q < chunks; q++) {
                    change += sums[2 * q];
                    norm += sums[2 * q + 1];
                }
                s.listener().iteration(c * s.iterations() + it + 1, total, norm == 0 ? 0 : Math.sqrt(change / norm),
                        fit.relative());
            }
            f.crop(x, out, c, s.threads());
            fft.convolve(x, h, false, spectrum, w);
            residual.add(w, y, n);
        }
        return new Deconvolved(Tensor.of(out, observed.shape()), tv, s.iterations(), residual.relative());
    }

    /** w := y / h * x over [from, to), the ratio of the data to the blurred estimate (kept off 0). */
    private static void ratio(double[] y, double[] w, double tiny, int from, int to) {
        for (int k = from; k < to; k++) {
            w[k] = y[k] / Math.max(w[k], tiny);
        }
    }

    /**
     * x *= (h~ * ratio) / sum(h) over [from, to), divided by the total-variation term when there is
     * one; the squared change and the squared estimate into sums[at], sums[at + 1].
     */
    private static void update(double[] x, double[] w, double[] curvature, double tv, double sum, int from, int to,
                               double[] sums, int at) {
        double change = 0;
        double norm = 0;
        for (int k = from; k < to; k++) {
            double factor = Math.max(w[k], 0) / sum;
            if (curvature != null) {
                factor /= 1 - tv * curvature[k];
            }
            double next = x[k] * factor;
            change += (next - x[k]) * (next - x[k]);
            norm += x[k] * x[k];
            x[k] = next;
        }
        sums[at] = change;
        sums[at + 1] = norm;
    }

    /** Clips the data at 0 (NaN stays), sets the start from it, and returns its largest value. */
    private static double clipAndStart(double[] y, double[] x) {
        double max = 0;
        double mean = 0;
        for (int k = 0; k < y.length; k++) {
            if (y[k] < 0) {
                y[k] = 0;
            }
            max = Math.max(max, y[k]);
            mean += y[k];
        }
        mean /= y.length;
        double floor = 1e-3 * mean;
        for (int k = 0; k < y.length; k++) {
            x[k] = y[k] + floor;
        }
        return max;
    }
}
