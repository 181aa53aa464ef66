/**
 * Vector API ({@code jdk.incubator.vector}) kernels, supplied to the core through
 * {@link org.convkit.runtime.SimdKernels} ({@link org.convkit.simd.VectorKernels}) and found with
 * ServiceLoader. Each kernel has a scalar twin in the core, and the tests compare them on prime
 * lengths so that loop tails are exercised.
 *
 * <p>{@link org.convkit.simd.VectorSgemm} is the matrix multiply under every GEMM-based convolution:
 * {@link org.convkit.simd.Blocking} cuts it into cache blocks, {@link org.convkit.simd.Packing}
 * lays the blocks out for {@link org.convkit.simd.MicroKernels}, which are generated from one template
 * (MicroKernelGenerator in the tests) so that every tile shape does the same arithmetic.
 */
package org.convkit.simd;
