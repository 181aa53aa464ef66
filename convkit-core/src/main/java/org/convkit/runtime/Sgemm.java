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
     * {@code C = (accumulate ? C : 0) + A[r0 .. r0+m) B} for a packed A, where B ({@code a.depth()} x
     * n) is not stored as a matrix: its row p is the n floats from {@code b[bOff + rows[p]]}. The rows
     * may lie anywhere, overlap or repeat: the shifted windows of a padded image are the rows of its
     * im2col matrix, multiplied without copying them out (an implicit GEMM). Every element gets
     * bitwise the value {@link #multiply(PackedMatrix, int, int, boolean, int, float[], int, int,
     * float[], int, int, boolean)} gives it with those rows copied into a k x n matrix.
     *
     * @param a the packed A
     * @param r0 its first row used (a multiple of its panel rows)
     * @param m rows of C
     * @param n columns of C and of every row of B
     * @param b where B's rows lie
     * @param bOff added to every row's start
     * @param rows the start of each row of B ({@code a.depth()} of them, from index 0)
     * @param c the product's matrix
     * @param cOff C's first element
     * @param ldc floats per row of C
     * @param accumulate add to C instead of overwriting it
     */
    void multiplyRows(PackedMatrix a, int r0, int m, int n, float[] b, int bOff, int[] rows,
                      float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * Checks that each of the first {@code k} rows of {@code n} floats that {@code rows} names lies in
     * {@code b}, before anything is written.
     *
     * @param b where the rows lie
     * @param bOff added to every start
     * @param rows the starts
     * @param k rows used
     * @param n floats per row
     */
    static void checkRows(float[] b, int bOff, int[] rows, int k, int n) {
        if (rows.length < k) {
            throw new IllegalArgumentException("the table names " + rows.length + " rows of B, the product needs " + k);
        }
        for (int p = 0; p < k; p++) {
            long start = (long) bOff + rows[p];
            if (start < 0 || start + n > b.length) {
                throw new IndexOutOfBoundsException("row " + p + " of B (" + n + " floats from " + start
                        + ") is outside its array of " + b.length);
            }
        }
    }

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
