/**
 * Convolution with separable (rank-1) kernels as 1-D passes: {@link org.convkit.algo.separable.SeparableConv},
 * and the exact factorization that decides when it applies,
 * {@link org.convkit.algo.separable.SeparableFactors}.
 *
 * <p>Whether a convolution is separable depends on its weight: the planner considers this
 * algorithm only when it plans with the weight in hand ({@link org.convkit.algo.ConvAlgorithm#needsWeight},
 * {@link org.convkit.algo.ConvAlgorithm#unsupportedWeight}), and then only if every kernel slice is
 * exactly an outer product within {@link org.convkit.algo.separable.SeparableFactors#TOLERANCE} ulps.
 * The numerical rank analysis of any kernel (SVD, best low-rank approximations) is
 * {@link org.convkit.kernel.Separation}'s job; this exact test is the cheap yes or no the planner
 * runs on every weight it sees.
 */
package org.convkit.algo.separable;
