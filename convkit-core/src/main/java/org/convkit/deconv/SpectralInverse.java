package org.convkit.deconv;

import org.convkit.tensor.Tensor;

/**
 * The regularized inverse filter {@code X = conj(H) Y / (|H|^2 + lambda |L|^2)} behind {@link Wiener}
 * and {@link Tikhonov}. It minimizes {@code ||h * x - y||^2 + lambda ||L x||^2} over the periodic
 * grid exactly. {@code |H|^2} is {@code H conj(H)}, and the numerator uses {@code conj(H)} (the
 * flipped PSF), which is what makes it right for asymmetric PSFs: {@code H / (H^2 + lambda)} is only
 * equal to it for a real, symmetric PSF. Where the denominator is exactly 0 (no regularization and a
 * frequency the PSF erases) the estimate has nothing at that frequency.
 */
final class SpectralInverse {
    private SpectralInverse() {
    }

    static Deconvolved run(Tensor observed, Tensor psf, DeconvSettings s, Penalty defaultPenalty) {
        Frame f = Frame.of(observed.shape(), psf.data(), psf.shape(), s.border());
        double lambda = s.automaticRegularization()
                ? NoiseEstimate.noiseToSignal(observed.data(), f.channels, f.spatial) : s.regularization();
        Penalty penalty = s.penalty() == null ? defaultPenalty : s.penalty();
        RealGridFft fft = new RealGridFft(f.grid, s.threads());
        double[][] h = f.transferFunction(psf.data(), fft);
        double[] hr = h[0];
        double[] hi = h[1];
        double[] power = penalty == Penalty.LAPLACIAN ? f.laplacianPower(fft) : null;
        int n = fft.spectrumVolume();
        double[] gr = new double[n];
        double[] gi = new double[n];
        for (int k = 0; k < n; k++) {
            double den = hr[k] * hr[k] + hi[k] * hi[k] + lambda * (power == null ? 1 : power[k]);
            if (den != 0) {
                gr[k] = hr[k] / den;
                gi[k] = -hi[k] / den;
            }
        }
        float[] out = new float[observed.numel()];
        double[] y = new double[f.gridVolume];
        double[] x = new double[f.gridVolume];
        double[] re = new double[n];
        double[] im = new double[n];
        double[] xr = new double[n];
        double[] xi = new double[n];
        boolean[] mask = f.signalMask();
        double[] sums = new double[2];
        for (int c = 0; c < f.channels; c++) {
            f.pad(observed.data(), c, y);
            fft.forward(y, re, im);
            Spectra.multiply(re, im, gr, gi, false);
            System.arraycopy(re, 0, xr, 0, n);
            System.arraycopy(im, 0, xi, 0, n);
            fft.inverse(xr, xi, x);
            f.crop(x, out, c);
            Spectra.multiply(re, im, hr, hi, false);
            fft.inverse(re, im, x);
            Spectra.accumulate(x, y, mask, sums);
        }
        return new Deconvolved(Tensor.of(out, observed.shape()), lambda, 0, Spectra.relative(sums));
    }
}
