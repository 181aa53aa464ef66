/**
 * Convolution with separable (rank-1) kernels as 1-D passes: {@link org.convkit.algo.separable.SeparableConv},
 * and the exact factorization that decides when it applies,
 * {@link org.convkit.algo.separable.SeparableFactors}.
 *
 * <p>Whether a convolution is separable depends on its weight, which
 * {@link org.convkit.algo.ConvAlgorithm#unsupported} does not see. Until the planner can ask with
 * the weight (proposed: a default method {@code String unsupported(ConvProblem, Pass, float[] weight)}
 * on ConvAlgorithm returning {@code unsupported(p, pass)}, overridden here to add "the weight is not
 * rank 1: ...", and called by the planner when it plans with a weight in hand), this algorithm is
 * not registered with the planner: it would otherwise be chosen by shape and then refuse most
 * weights. Call it directly after {@link org.convkit.algo.separable.SeparableConv#factor} succeeds.
 */
package org.convkit.algo.separable;
