/**
 * What every algorithm runs on: the threads ({@link org.convkit.runtime.Parallel}), the pool of
 * workspace arrays ({@link org.convkit.runtime.Scratch}), the matrix multiply
 * ({@link org.convkit.runtime.Sgemm}, with operands packed once in
 * {@link org.convkit.runtime.PackedMatrix}), and the kernels chosen at start-up
 * ({@link org.convkit.runtime.Kernels}): the Vector API ones that {@code convkit-simd} supplies
 * through the {@link org.convkit.runtime.SimdKernels} service, or their scalar twins.
 */
package org.convkit.runtime;
