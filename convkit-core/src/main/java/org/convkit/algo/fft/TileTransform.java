package org.convkit.algo.fft;

/**
 * The D-dimensional transform of a block of tiles between its natural and spectral layouts
 * ({@link TileShape}): the leading axes are transformed in place, row against row; then the block is
 * transposed so that the last axis becomes the rows and is transformed the same way. The inverse
 * retraces the steps and leaves the block scaled by the tile volume (kernel spectra carry the
 * 1/volume, so no pass is spent on it).
 */
final class TileTransform {
    private final TileShape shape;
    private final Twiddles twiddles;

    TileTransform(TileShape shape, Twiddles twiddles) {
        this.shape = shape;
        this.twiddles = twiddles;
    }

    /** spectral := DFT(natural); natural is overwritten. */
    void forward(Block natural, Block spectral) {
        int[] t = shape.size;
        int outer = shape.tilesPerPart;
        int inner = shape.rowsPerTile;
        for (int d = 0; d < t.length - 1; d++) {
            inner /= t[d];
            RowFft.forward(natural.re, natural.im, outer, t[d], inner, shape.naturalLanes, twiddles);
            outer *= t[d];
        }
        Block.transpose(natural, spectral);
        RowFft.forward(spectral.re, spectral.im, 1, t[t.length - 1], 1, shape.naturalRows, twiddles);
    }

    /** natural := volume * IDFT(spectral); spectral is overwritten. */
    void inverse(Block spectral, Block natural) {
        int[] t = shape.size;
        RowFft.inverse(spectral.re, spectral.im, 1, t[t.length - 1], 1, shape.naturalRows, twiddles);
        Block.transpose(spectral, natural);
        int outer = shape.tilesPerPart;
        int inner = shape.rowsPerTile;
        for (int d = 0; d < t.length - 1; d++) {
            inner /= t[d];
            RowFft.inverse(natural.re, natural.im, outer, t[d], inner, shape.naturalLanes, twiddles);
            outer *= t[d];
        }
    }
}
