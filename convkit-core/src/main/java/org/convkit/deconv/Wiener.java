package org.convkit.deconv;

import org.convkit.tensor.Tensor;

/**
 * Wiener deconvolution with a constant noise-to-signal ratio (NSR):
 * {@code X = conj(H) Y / (|H|^2 + NSR)}, the linear estimate of least mean squared error when signal
 * and noise are white with that power ratio. The NSR is {@link DeconvSettings#withRegularization}
 * or, by default, {@link NoiseEstimate#noiseToSignal estimated from the data}. A different
 * {@link Penalty} turns it into {@link Tikhonov}'s filter.
 *
 * <p>Conventions (PSF centered at {@code floor(k/2)}, true convolution, borders): see
 * {@link Frame}. Signals (L), (C, L), (H, W), (C, H, W), (D, H, W), (C, D, H, W); each channel
 * independently, with one PSF.
 */
public final class Wiener {
    private Wiener() {
    }

    /**
     * Wiener deconvolution with the noise-to-signal ratio estimated from the data, reflected borders.
     *
     * @param observed the blurred signal: (L), (C, L), (H, W), (C, H, W), (D, H, W) or (C, D, H, W); each channel is
     *     deconvolved independently
     * @param psf the blur, one spatial dimension per signal dimension, centred at {@code floor(k/2)}
     * @return the estimate, of the observed shape, with the regularization, iterations and residual used
     * @throws IllegalArgumentException if the PSF's rank does not fit the signal's, or it is empty or all zeros
     */
    public static Deconvolved deconvolve(Tensor observed, Tensor psf) {
        return deconvolve(observed, psf, DeconvSettings.defaults());
    }

    /**
     * Wiener deconvolution.
     *
     * @param observed the blurred signal: (L), (C, L), (H, W), (C, H, W), (D, H, W) or (C, D, H, W); each channel is
     *     deconvolved independently
     * @param psf the blur, one spatial dimension per signal dimension, centred at {@code floor(k/2)}
     * @param settings the noise-to-signal ratio (or automatic), border and threads
     * @return the estimate, of the observed shape, with the regularization, iterations and residual used
     * @throws IllegalArgumentException if the PSF's rank does not fit the signal's, or it is empty or all zeros
     */
    public static Deconvolved deconvolve(Tensor observed, Tensor psf, DeconvSettings settings) {
        return prepare(observed.shape(), psf, settings).apply(observed);
    }

    /**
     * The Wiener filter prepared for signals of one shape: the grid, the transform plan and the PSF's
     * spectrum made once, for a batch of images, the frames of a series or repeated runs.
     *
     * @param shape the signals' shape: (L), (C, L), (H, W), (C, H, W), (D, H, W) or (C, D, H, W)
     * @param psf the blur, one spatial dimension per signal dimension, centred at {@code floor(k/2)}
     * @param settings the regularization (or automatic: then estimated for each signal), border, penalty and threads
     * @return the filter; {@link SpectralFilter#apply} deconvolves each signal
     * @throws IllegalArgumentException if the PSF's rank does not fit the shape, or it is empty or all zeros
     */
    public static SpectralFilter prepare(int[] shape, Tensor psf, DeconvSettings settings) {
        return SpectralFilter.prepare(shape, psf, settings, Penalty.IDENTITY);
    }
}
