/**
 * The project's one fast Fourier transform, used by the FFT convolution algorithm
 * ({@code org.convkit.algo.fft}) and by every deconvolution ({@code org.convkit.deconv}).
 *
 * <p>{@link org.convkit.fft.PanelFft} is the 1-D plan: complex transforms of one length on a panel
 * of lines side by side, so every butterfly is a vector loop over whole rows (Stockham's
 * self-sorting mixed radix, 4, 2, 3 and 5 written out, 7 by definition, Bluestein for larger
 * primes). {@link org.convkit.fft.RealFft} is the N-D real-to-half-spectrum transform built on it;
 * {@link org.convkit.fft.FftSizes} picks the sizes it is fast at. Everything is double precision,
 * twiddles computed directly by cos/sin. Threads share whole panels by a fixed rule, so results
 * are bitwise the same for any thread count.
 *
 * <p>Why not JTransforms (pure Java, BSD, the obvious candidate): it transforms one line at a time,
 * scalar, and measured 1.5 to 2 times slower than these panels on 5-smooth 2-D and 3-D grids (its
 * split radix wins on powers of two); its 2-D and 3-D real transforms take powers of two only; its
 * threads split work in ways the project does not control; and it would bring two more jars
 * (JLargeArrays, commons-math3). {@code convkit-bench} compares the two side by side.
 */
package org.convkit.fft;
