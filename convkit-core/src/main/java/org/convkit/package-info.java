/**
 * convkit: every convolution of deep learning and image processing, exact and in pure Java. This
 * package is what users import: the operations {@link org.convkit.Conv},
 * {@link org.convkit.ConvTranspose}, {@link org.convkit.Pool} and
 * {@link org.convkit.DepthwiseSeparable} with their backward passes, prepared layers
 * ({@link org.convkit.ConvLayer}) and the options that steer them ({@link org.convkit.ConvOptions},
 * {@link org.convkit.Algorithm}).
 *
 * <p>Inputs are {@code (N, C, spatial...)} or unbatched {@code (C, spatial...)}, with 1 to 3 spatial
 * dimensions, and weights use PyTorch's layouts. Shapes are checked before any work, with errors
 * that name the parameter and the numbers. The parameters are in {@link org.convkit.spec}, data in
 * {@link org.convkit.tensor}, NumPy interchange in {@link org.convkit.io}; the planner that picks an
 * algorithm is {@link org.convkit.plan}.
 */
package org.convkit;
