package org.convkit.algo.fft;

/**
 * Complex values in rows of equal length, real and imaginary parts in separate arrays: the unit
 * every kernel of this package works on. One array per row keeps every inner loop a plain
 * {@code a[k] op b[k]} over two rows, which the JIT vectorizes whatever the rows' addresses.
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

    /** dst[l][r] = src[r][l]; dst must be lanes x rows. Square tiles of 16 keep both sides in cache. */
    static void transpose(Block src, Block dst) {
        final int b = 16;
        for (int r0 = 0; r0 < src.rows; r0 += b) {
            int r1 = Math.min(src.rows, r0 + b);
            for (int l0 = 0; l0 < src.lanes; l0 += b) {
                int l1 = Math.min(src.lanes, l0 + b);
                for (int r = r0; r < r1; r++) {
                    double[] sr = src.re[r];
                    double[] si = src.im[r];
                    for (int l = l0; l < l1; l++) {
                        dst.re[l][r] = sr[l];
                        dst.im[l][r] = si[l];
                    }
                }
            }
        }
    }
}
