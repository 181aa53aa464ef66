package org.convkit.algo.fft;

import org.convkit.fft.PanelFft;

/**
 * The D-dimensional transform of a block of tiles between its natural and spectral layouts
 * ({@link TileShape}) by the project's FFT ({@link PanelFft}): each leading axis is transformed in
 * place, a cell of its lines being a run of whole rows (so every butterfly is a vector loop over a
 * row); then the block is transposed so that the last axis runs over rows too, and is transformed
 * the same way. The inverse retraces the steps unscaled and leaves the block multiplied by the
 * tile volume (kernel spectra carry the 1/volume, so no pass is spent on it).
 *
 * <p>Holds the transforms' scratch rows, a natural and a spectral block's worth: one instance per
 * thread.
 */
final class TileTransform {
    private final TileShape shape;
    private final PanelFft[] axes;
    private final Block naturalScratch;
    private final Block spectralScratch;

    TileTransform(TileShape shape) {
        this.shape = shape;
        int[] t = shape.size;
        axes = new PanelFft[t.length];
        for (int d = 0; d < t.length; d++) {
            for (int e = 0; e < d; e++) {
                if (t[e] == t[d]) {
                    axes[d] = axes[e];
                }
            }
            if (axes[d] == null) {
                axes[d] = new PanelFft(t[d]);
            }
        }
        // Stockham needs as many scratch rows as the rows it transforms: at most a block's, in either layout
        naturalScratch = t.length > 1 ? shape.naturalBlock() : null;
        spectralScratch = shape.spectralBlock();
    }

    /** Doubles of scratch an instance holds for a block of this shape. */
    static long scratchDoubles(TileShape shape) {
        return (shape.dims() > 1 ? 2 : 1) * shape.blockDoubles();
    }

    /** spectral := DFT(natural); natural is overwritten. */
    void forward(Block natural, Block spectral) {
        int[] t = shape.size;
        int outer = shape.tilesPerPart;
        int inner = shape.rowsPerTile;
        for (int d = 0; d < t.length - 1; d++) {
            inner /= t[d];
            for (int o = 0; o < outer; o++) {
                axes[d].forward(natural.re, natural.im, o * t[d] * inner, inner, naturalScratch.re, naturalScratch.im);
            }
            outer *= t[d];
        }
        Block.transpose(natural, spectral);
        axes[t.length - 1].forward(spectral.re, spectral.im, 0, 1, spectralScratch.re, spectralScratch.im);
    }

    /** natural := volume * IDFT(spectral); spectral is overwritten. */
    void inverse(Block spectral, Block natural) {
        int[] t = shape.size;
        axes[t.length - 1].inverse(spectral.re, spectral.im, 0, 1, spectralScratch.re, spectralScratch.im);
        Block.transpose(spectral, natural);
        int outer = shape.tilesPerPart;
        int inner = shape.rowsPerTile;
        for (int d = 0; d < t.length - 1; d++) {
            inner /= t[d];
            for (int o = 0; o < outer; o++) {
                axes[d].inverse(natural.re, natural.im, o * t[d] * inner, inner, naturalScratch.re, naturalScratch.im);
            }
            outer *= t[d];
        }
    }
}
