/**
 * The project's one fast Fourier transform, used by the FFT convolution algorithm
 * ({@code org.convkit.algo.fft}) and by every deconvolution ({@code org.convkit.deconv}).
 *
 * <p>{@link org.convkit.fft.LineFft} is a 1-D plan (complex, and real to half spectrum) on
 * JTransforms' {@code DoubleFFT_1D}: split radix for powers of two, mixed radix 2, 3, 4, 5
 * otherwise, Bluestein for other primes. {@link org.convkit.fft.RealFft} is the N-D real transform
 * built from those lines; {@link org.convkit.fft.FftSizes} picks grid sizes the 1-D plans are fast
 * at. Everything is double precision. Threads share whole lines by a fixed rule and each line is
 * transformed single-threaded, so results are bitwise the same for any thread count.
 */
package org.convkit.fft;
