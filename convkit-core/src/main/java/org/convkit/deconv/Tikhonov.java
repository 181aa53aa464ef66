package org.convkit.deconv;

import org.convkit.tensor.Tensor;

/**
 * Tikhonov-regularized inverse: the minimizer of {@code ||h * x - y||^2 + lambda ||L x||^2}, in
 * closed form {@code X = conj(H) Y / (|H|^2 + lambda |L|^2)}. L is the discrete Laplacian by default
 * ({@link Penalty#LAPLACIAN}: it damps only what is rough, so flat areas and slow gradients keep
 * their level, which a penalty on the values themselves would pull towards zero), or the identity.
 * lambda defaults to the same data-driven estimate as {@link Wiener}'s NSR, a starting point
 * rather than an optimum for the Laplacian penalty.
 *
 * <p>Conventions as {@link Wiener}.
 */
public final class Tikhonov {
    private Tikhonov() {
    }

    /**
     * Tikhonov deconvolution with the Laplacian penalty (or the settings' penalty).
     *
     * @param observed the blurred signal: (L), (C, L), (H, W), (C, H, W), (D, H, W) or (C, D, H, W); each channel is
     *     deconvolved independently
     * @param psf the blur, one spatial dimension per signal dimension, centred at {@code floor(k/2)}
     * @param settings lambda (or automatic), border and threads
     * @return the estimate, of the observed shape, with the regularization, iterations and residual used
     * @throws IllegalArgumentException if the PSF's rank does not fit the signal's, or it is empty or all zeros
     */
    public static Deconvolved deconvolve(Tensor observed, Tensor psf, DeconvSettings settings) {
        return prepare(observed.shape(), psf, settings).apply(observed);
    }

    /**
     * The Tikhonov filter prepared for signals of one shape: the grid, the transform plan and the PSF's
     * spectrum made once, for a batch of images, the frames of a series or repeated runs.
     *
     * @param shape the signals' shape: (L), (C, L), (H, W), (C, H, W), (D, H, W) or (C, D, H, W)
     * @param psf the blur, one spatial dimension per signal dimension, centred at {@code floor(k/2)}
     * @param settings the regularization (or automatic: then estimated for each signal), border, penalty and threads
     * @return the filter; {@link SpectralFilter#apply} deconvolves each signal
     * @throws IllegalArgumentException if the PSF's rank does not fit the shape, or it is empty or all zeros
     */
    public static SpectralFilter prepare(int[] shape, Tensor psf, DeconvSettings settings) {
        return SpectralFilter.prepare(shape, psf, settings, Penalty.LAPLACIAN);
    }
}
