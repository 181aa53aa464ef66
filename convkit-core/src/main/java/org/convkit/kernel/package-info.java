/**
 * Kernels as objects of study: how far a 2-D or 3-D kernel separates into 1-D factors.
 *
 * <p>{@link org.convkit.kernel.Separation} finds a kernel's numerical rank from its singular values
 * ({@link org.convkit.kernel.Svd}, a one-sided Jacobi SVD in double), the factors that rebuild it, its
 * best rank-r approximations, what separating saves (parameters, multiplies per output) and applies
 * it as 1-D passes through {@link org.convkit.Conv}. The planner's own rank-1 test
 * ({@link org.convkit.algo.separable.SeparableFactors}) is separate on purpose: it runs on every
 * weight the planner sees and needs only an exact yes or no per kernel slice, which its pivot-line
 * check gives in one pass; the SVD here answers the wider questions (what rank, which factors, how
 * good an approximation).
 */
package org.convkit.kernel;
