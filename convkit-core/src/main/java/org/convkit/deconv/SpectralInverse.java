package org.convkit.deconv;

import org.convkit.fft.RealFft;
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
        RealFft fft = new RealFft(f.grid, s.threads());
        // one plan and one set of buffers for every channel
        int n = fft.spectrumDoubles();
        double[] y = new double[f.gridVolume];
        double[] x = new double[f.gridVolume];
        double[] spectrum = new double[n];
        double[] work = new double[n];
        double[] h = f.transferFunction(psf.data(), fft, y);
        double[] power = penalty == Penalty.LAPLACIAN ? f.laplacianPower(fft) : null;
        // the filter G, and the fit's H G in place of H
        double[] g = new double[n];
        for (int k = 0; k < n; k += 2) {
            double hr = h[k];
            double hi = h[k + 1];
            double den = hr * hr + hi * hi + lambda * (power == null ? 1 : power[k / 2]);
            if (den != 0) {
                g[k] = hr / den;
                g[k + 1] = -hi / den;
            }
        }
        double[] hg = h;
        RealFft.multiply(g, h, false, hg);
        float[] out = new float[observed.numel()];
        Residual residual = new Residual(f);
        for (int c = 0; c < f.channels; c++) {
            f.pad(observed.data(), c, y);
            fft.forward(y, spectrum);
            fft.inverseOfProduct(spectrum, g, false, work, x);
            f.crop(x, out, c);
            // the residual h * x - y: H X = (H G) Y, from Y without a second forward transform
            fft.inverseOfProduct(spectrum, hg, false, work, x);
            residual.add(x, y);
        }
        return new Deconvolved(Tensor.of(out, observed.shape()), lambda, 0, residual.relative());
    }
}
