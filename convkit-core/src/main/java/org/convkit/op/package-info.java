/**
 * The public operations: {@link org.convkit.op.Conv}, {@link org.convkit.op.ConvTranspose} and
 * {@link org.convkit.op.Pool}, each with its backward passes. Inputs are {@code (N, C, spatial...)}
 * or unbatched {@code (C, spatial...)}, with 1 to 3 spatial dimensions, and weights use PyTorch's
 * layouts. Shapes are checked before any work, with errors that name the parameter and the numbers.
 */
package org.convkit.op;
