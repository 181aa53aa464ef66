/**
 * The fast pooling path on float arrays: max and average pooling over 1-3 spatial dimensions and
 * their backward passes, as separable reductions over whole rows (a vertical pass over each
 * window's input rows into a row buffer, a horizontal pass along the row) on the vector kernels of
 * {@link org.convkit.runtime.SimdKernels}. {@link org.convkit.algo.pool.DirectPool} is the entry point
 * and states each pass's error budget: max pooling and its indices are the reference's bit for
 * bit, average pooling sums in float within a stated bound. Results are the same bits for any
 * thread count.
 */
package org.convkit.algo.pool;
