package org.convkit.deconv;

import java.util.Arrays;

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
 * Everything runs on {@link Frame}'s grid (border extension, PSF centering) with {@link GridFft}.
 */
public final class RichardsonLucy {
    private RichardsonLucy() {
    }

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
        double tv = s.totalVariation();
        if (tv >= 0.5 / f.dims) {
            throw new IllegalArgumentException("the total-variation weight " + tv + " must be below 1/(2d) = "
                    + (0.5 / f.dims) + " for a " + f.dims + "-D signal, or the update could turn negative; "
                    + "0.002 is a usual value");
        }
        int n = f.gridVolume;
        GridFft fft = new GridFft(f.grid);
        double[][] h = f.transferFunction(p, fft);
        double[] yr = new double[n];
        double[] yi = new double[n];
        double[] xr = new double[n];
        double[] xi = new double[n];
        double[] wr = new double[n];
        double[] wi = new double[n];
        TotalVariation tvTerm = tv > 0 ? new TotalVariation(f.grid) : null;
        double[] denominator = tv > 0 ? new double[n] : null;
        boolean[] mask = f.signalMask();
        double[] sums = new double[2];
        float[] out = new float[observed.numel()];
        int pairs = (f.channels + 1) / 2;
        int total = s.iterations() * pairs;
        for (int c = 0; c < f.channels; c += 2) {
            f.pad(observed.data(), c, yr);
            f.pad(observed.data(), c + 1, yi);
            double scale = Math.max(clipAndStart(yr, xr), clipAndStart(yi, xi));
            double eps = 1e-3 * scale;
            double tiny = 1e-12 * Math.max(scale, Double.MIN_NORMAL);
            for (int it = 0; it < s.iterations(); it++) {
                blur(fft, xr, xi, wr, wi, h);
                for (int k = 0; k < n; k++) {
                    wr[k] = yr[k] / Math.max(wr[k], tiny);
                    wi[k] = yi[k] / Math.max(wi[k], tiny);
                }
                fft.forward(wr, wi);
                Spectra.multiply(wr, wi, h[0], h[1], true);
                fft.inverse(wr, wi);
                double change = 0;
                double norm = 0;
                for (int part = 0; part < 2; part++) {
                    double[] x = part == 0 ? xr : xi;
                    double[] w = part == 0 ? wr : wi;
                    if (tvTerm != null) {
                        tvTerm.divergence(x, eps, denominator);
                    }
                    for (int k = 0; k < n; k++) {
                        double factor = Math.max(w[k], 0) / sum;
                        if (denominator != null) {
                            factor /= 1 - tv * denominator[k];
                        }
                        double next = x[k] * factor;
                        change += (next - x[k]) * (next - x[k]);
                        norm += x[k] * x[k];
                        x[k] = next;
                    }
                }
                s.listener().iteration(c / 2 * s.iterations() + it + 1, total, norm == 0 ? 0 : Math.sqrt(change / norm));
            }
            f.crop(xr, out, c);
            f.crop(xi, out, c + 1);
            blur(fft, xr, xi, wr, wi, h);
            Spectra.accumulate(wr, wi, yr, yi, mask, sums);
        }
        return new Deconvolved(Tensor.of(out, observed.shape()), tv, s.iterations(), Spectra.relative(sums));
    }

    /** (wr, wi) := h * (xr, xi), both channels of a pair at once. */
    private static void blur(GridFft fft, double[] xr, double[] xi, double[] wr, double[] wi, double[][] h) {
        System.arraycopy(xr, 0, wr, 0, xr.length);
        System.arraycopy(xi, 0, wi, 0, xi.length);
        fft.forward(wr, wi);
        Spectra.multiply(wr, wi, h[0], h[1], false);
        fft.inverse(wr, wi);
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
