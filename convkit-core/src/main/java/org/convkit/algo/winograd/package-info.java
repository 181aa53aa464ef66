/**
 * Winograd's minimal filtering for 3x3, stride-1 convolutions: weights and input tiles are
 * transformed so that a tile of outputs costs alpha^2 elementwise products instead of m^2 r^2,
 * and the products across channels become alpha^2 independent matrix multiplies (for the forward
 * pass, the input gradient and, through the adjoint transforms, the weight gradient). Faster than
 * direct or GEMM convolution when channel counts are large, at the price of a larger (stated and
 * measured) rounding error.
 */
package org.convkit.algo.winograd;
