package org.convkit.runtime;

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

    /**
     * Packs op(A), m x k, for {@link #multiply(PackedMatrix, int, int, boolean, int, float[], int, int,
     * float[], int, int, boolean)}: done once for an operand used many times (a layer's weight).
     */
    PackedMatrix pack(boolean transA, int m, int k, float[] a, int aOff, int lda);

    /**
     * {@code C = (accumulate ? C : 0) + A[r0 .. r0+m) op(B)} for rows r0 to r0+m of a packed A (r0 a
     * multiple of its {@link PackedMatrix#panelRows()}; C's first row is A's row r0), op(B) being
     * {@code a.depth()} x n. Every element gets bitwise the value {@link #multiply(boolean, boolean,
     * int, int, int, float[], int, int, float[], int, int, float[], int, int, boolean)} gives it with
     * the unpacked A: packing changes when A is copied, never how a sum runs.
     */
    void multiply(PackedMatrix a, int r0, int m, boolean transB, int n, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * Packs op(B), k x n, for {@link #multiply(boolean, int, float[], int, int, PackedMatrix, float[], int,
     * int, boolean)}: for a right operand used many times (Winograd's transformed filters). Its
     * {@link PackedMatrix#rows()} is n and {@link PackedMatrix#depth()} k.
     */
    PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb);

    /**
     * {@code C = (accumulate ? C : 0) + op(A) B} for a packed B (k x n), op(A) being m x k: bitwise
     * what the multiply with the unpacked B gives.
     */
    void multiply(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b, float[] c, int cOff, int ldc,
                  boolean accumulate);

    /** Checks that {@code a} is this multiply's and that rows [r0, r0+m) are in it. */
    default void checkPacked(PackedMatrix a, int r0, int m) {
        if (a.packer() != this) {
            throw new IllegalArgumentException("the matrix was packed by " + a.packer().name() + ", not by " + name());
        }
        if (r0 < 0 || m < 0 || r0 + m > a.rows() || r0 % a.panelRows() != 0) {
            throw new IllegalArgumentException("rows [" + r0 + ", " + (r0 + m) + ") of a packed " + a.rows()
                    + "-row matrix: the first must be a multiple of " + a.panelRows() + " and the range inside");
        }
    }

    /** A short name for logs and explain ("scalar", "vector-512"...). */
    String name();
}
