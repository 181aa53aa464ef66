/**
 * Convolution by fast Fourier transform, for large kernels: {@link org.convkit.algo.fft.FftConv}.
 * The N-D tile transform on the project's FFT ({@link org.convkit.fft.PanelFft}, whose butterflies
 * run over whole rows of a block so the JIT vectorizes them), overlap-save tiling through the
 * padding rules, and the cost model the planner ranks it by.
 */
package org.convkit.algo.fft;
