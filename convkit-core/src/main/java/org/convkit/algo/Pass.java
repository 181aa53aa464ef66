package org.convkit.algo;

/**
 * The three computations every convolution algorithm may provide, on the big/small view of
 * {@link org.convkit.spec.ConvProblem}: a convolution's forward pass and a transposed convolution's
 * input gradient are a GATHER; a transposed convolution's forward pass and a convolution's input
 * gradient are a SCATTER; both weight gradients are a WEIGHT_GRAD.
 */
public enum Pass {
    /** small = W * big (+ bias per small channel). */
    GATHER,
    /** big = W^T * small (+ bias per big channel), borders folded back for non-zero padding modes. */
    SCATTER,
    /** weight = correlation of small with big. */
    WEIGHT_GRAD
}
