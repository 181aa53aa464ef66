/**
 * Deconvolution: the true inverse of a convolution, which a transposed convolution
 * ({@link org.convkit.ConvTranspose}, the adjoint) is not.
 *
 * <ul>
 *   <li>Known blur (a PSF), signals (L), (H, W), (D, H, W), with or without a leading channel
 *   dimension: {@link org.convkit.deconv.Wiener}, {@link org.convkit.deconv.Tikhonov} (closed-form
 *   regularized inverse filters) and {@link org.convkit.deconv.RichardsonLucy} (iterative,
 *   nonnegative, optionally with total variation), configured by
 *   {@link org.convkit.deconv.DeconvSettings}. They work in the Fourier domain on a grid that
 *   extends the signal past its edges ({@link org.convkit.deconv.Frame} says how, and where the
 *   PSF's center is), with the project's FFT ({@link org.convkit.fft.RealFft}).</li>
 *   <li>A convolution layer (channels, stride, groups, dilation, padding): {@link
 *   org.convkit.deconv.LeastSquares} inverts it by conjugate gradients on the normal equations,
 *   with {@link org.convkit.deconv.ConvOperator} as the operator and its transposed convolution as
 *   the adjoint; {@link org.convkit.deconv.Uniqueness} says when many inputs give the same output
 *   (and least squares returns the one of least norm).</li>
 * </ul>
 *
 * Long runs report each iteration, with its residual, to an {@link org.convkit.deconv.IterationListener}.
 */
package org.convkit.deconv;
