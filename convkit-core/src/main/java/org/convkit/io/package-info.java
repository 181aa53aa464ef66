/**
 * Reading and writing NumPy {@code .npy} files, the exchange format between convkit and the Python
 * world (reference outputs from PyTorch and NumPy, inputs for tests, results of the CLI).
 *
 * <p>{@link org.convkit.io.Npy} reads format versions 1.0, 2.0 and 3.0 with any numeric dtype
 * (float, signed and unsigned integer, bool; either byte order; C or Fortran order) and writes
 * float32 or int64 arrays exactly as {@code np.save} does. {@link org.convkit.io.NpyArray} keeps a
 * file's own dtype for callers that need exact doubles or integers rather than a float32
 * {@link org.convkit.tensor.Tensor}.
 *
 * <p>Files are untrusted input: every malformed, truncated or absurd file is rejected with an
 * {@link org.convkit.io.NpyFormatException} that states the numbers involved, and no small file
 * can make the reader allocate more than it holds. Writes to a path are atomic.
 */
package org.convkit.io;
