package org.convkit.algo.fft;

/**
 * Complex values in rows of equal length, real and imaginary parts in separate arrays: the unit
 * every kernel of this package works on. One array per row keeps every inner loop a plain
 * {@code a[k] op b[k]} over two rows, which the JIT vectorizes whatever the rows' addresses (the
 * project's FFT, {@link org.convkit.fft.PanelFft}, takes its panels in this form for that reason).
 */
final class Block {
    final int rows;
    final int lanes;
    final double[][] re;
    final double[][] im;

    Block(int rows, int lanes) {
        this.rows = rows;
        this.lanes = lanes;
        this.re = new double[rows][lanes];
        this.im = new double[rows][lanes];
    }

    /** Doubles held by a block of this size. */
    static long doubles(int rows, int lanes) {
        return 2L * rows * lanes;
    }

    /** dst[l][r] = src[r][l]; dst must be lanes x rows. */
    static void transpose(Block src, Block dst) {
        transpose(src.re, dst.re, src.rows, src.lanes);
        transpose(src.im, dst.im, src.rows, src.lanes);
    }

    /**
     * Four source rows at a time: each destination row then receives four adjacent values per visit,
     * which measured twice as fast as square cache tiles of 8 to 32.
     */
    private static void transpose(double[][] src, double[][] dst, int rows, int lanes) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            double[] a = src[r];
            double[] b = src[r + 1];
            double[] c = src[r + 2];
            double[] d = src[r + 3];
            for (int l = 0; l < lanes; l++) {
                double[] out = dst[l];
                out[r] = a[l];
                out[r + 1] = b[l];
                out[r + 2] = c[l];
                out[r + 3] = d[l];
            }
        }
        for (; r < rows; r++) {
            double[] a = src[r];
            for (int l = 0; l < lanes; l++) {
                dst[l][r] = a[l];
            }
        }
    }
}
