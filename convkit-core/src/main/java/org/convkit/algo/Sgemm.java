package org.convkit.algo;

/**
 * Single-precision matrix multiply on row-major arrays with offsets and leading dimensions:
 * {@code C = (accumulate ? C : 0) + op(A) op(B)}, where {@code op(A)} is m x k and {@code op(B)} is
 * k x n, and {@code op} transposes when asked (A stored k x m, B stored n x k).
 *
 * <p>Implementations must be deterministic: the same inputs give bitwise the same C, whatever
 * thread calls them, and each C element's k-reduction order must not depend on m or n (callers
 * split work by rows or columns and rely on that for results independent of the thread count).
 * They are stateless and thread-safe; the caller parallelizes.
 */
public interface Sgemm {
    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda,
                  float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc, boolean accumulate);

    /** A short name for logs and explain ("scalar", "vector-512"...). */
    String name();
}
