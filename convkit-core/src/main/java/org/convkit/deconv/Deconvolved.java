package org.convkit.deconv;

import org.convkit.tensor.Tensor;

/**
 * What a deconvolution returns: the estimate (the observed signal's shape), the regularization it
 * used (the automatic estimate when none was given), the iterations it ran (0 for the closed-form
 * filters) and the relative residual {@code ||psf * estimate - observed|| / ||observed||} over the
 * transform's grid (the signal and its border extension, the periodic problem the filters solve:
 * Wiener and Tikhonov take it from the spectrum, without transforming the fit), which says how well the estimate explains the data (not how close it is to the
 * truth: a noisy signal is explained best by an estimate that restored the noise too).
 *
 * <p>A NaN in a channel makes that whole channel's estimate NaN: every Fourier coefficient mixes
 * every cell. It is data, not an error.
 *
 * @param estimate the restored signal, of the observed shape
 * @param regularization the regularization used (the estimate, when automatic)
 * @param iterations the iterations run (0 for the closed-form filters)
 * @param residual {@code ||psf * estimate - observed|| / ||observed||}
 */
public record Deconvolved(Tensor estimate, double regularization, int iterations, double residual) {
}
