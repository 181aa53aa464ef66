package org.convkit.simd;

/**
 * Checks, before anything is written, that a row-major matrix lies inside its array, so a wrong
 * offset or leading dimension fails with the numbers rather than half-way through C.
 */
final class MatrixBounds {
    private MatrixBounds() {
    }

    /** {@code name} is {@code rows x cols} stored from {@code off} with {@code ld} floats per row. */
    static void check(String name, float[] x, int off, int rows, int cols, int ld) {
        if (off < 0 || ld < 0) {
            throw new IndexOutOfBoundsException(name + ": offset " + off + " and leading dimension " + ld
                    + " must not be negative");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (last >= x.length) {
            throw new IndexOutOfBoundsException(name + " (" + rows + " x " + cols + " from offset " + off
                    + ", leading dimension " + ld + ") needs " + (last + 1) + " floats, the array has " + x.length);
        }
    }
}
