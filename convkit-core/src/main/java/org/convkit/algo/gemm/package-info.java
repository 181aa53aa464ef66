/**
 * The general fast path: convolution as matrix multiplication through {@link org.convkit.runtime.Kernels#sgemm()}.
 *
 * <ul>
 *   <li>{@link org.convkit.algo.gemm.GemmConv} lowers any problem (1-D to 3-D, groups, stride,
 *   dilation, asymmetric padding, every padding mode, flip) to column tiles (im2col) and multiplies;
 *   a transposed pass multiplies first and folds the columns back (col2im).</li>
 *   <li>{@link org.convkit.algo.gemm.PointwiseConv} multiplies the NCHW arrays directly when the
 *   kernel is 1x1 with stride 1 and no padding, so no lowering is needed.</li>
 * </ul>
 *
 * <p>Memory is bounded: the lowered matrix is never built whole, only a tile of about
 * {@link org.convkit.algo.gemm.GemmCost#TILE_FLOATS} floats per running thread. Results are bitwise
 * the same for any thread count: every output element is written by one task, in one fixed order of
 * sums (a GATHER's runs of cells may follow the threads, since no sum crosses them; the other
 * passes' tiling is a function of the problem alone), and where tiles of a transposed pass overlap
 * they add in a fixed order of phases ({@link org.convkit.algo.gemm.Coloring}).
 */
package org.convkit.algo.gemm;
