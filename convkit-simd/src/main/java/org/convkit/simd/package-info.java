/**
 * Vector API ({@code jdk.incubator.vector}) kernels, supplied to the core through
 * {@link org.convkit.algo.SimdKernels} and found with ServiceLoader. Each kernel has a scalar twin in
 * the core, and the tests compare them on prime lengths so that loop tails are exercised.
 */
package org.convkit.simd;
