/**
 * Convolution by fast Fourier transform, for large kernels: {@link org.convkit.algo.fft.FftConv}.
 * Everything here is written for this library (no dependencies): a radix-2 complex transform whose
 * butterflies combine whole rows so the JIT vectorizes them, the N-D tile transform built on it,
 * overlap-save tiling through the padding rules, and the cost model the planner ranks it by.
 */
package org.convkit.algo.fft;
