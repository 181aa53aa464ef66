/**
 * The general fast path: convolution as matrix multiplication over bounded tiles (im2col for the
 * gather, col2im for the scatter, a correlation GEMM for the weight gradient), with 1x1 kernels
 * read in place without any copy.
 */
package org.convkit.algo.gemm;
