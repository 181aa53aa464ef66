package org.convkit.tile;

import java.util.Arrays;

/**
 * Chooses a tile size from a memory budget: the largest power of two per side (capped at the
 * output's extent) whose tiles, {@code threads} at once, fit in the budget. Powers of two keep the
 * choice stable across runs and sizes, and a tile's halo is then a small share of its window.
 */
public final class TileSize {
    private TileSize() {
    }

    /**
     * The tile size for an operation.
     *
     * @param op the operation
     * @param budget bytes the tiles in flight may use
     * @param threads tiles computed at once
     * @return output cells per tile, per spatial dimension (at least 1)
     */
    public static int[] auto(TiledOperation op, long budget, int threads) {
        int[] extent = op.outputSpatial();
        int largest = Arrays.stream(extent).max().orElse(1);
        int best = 1;
        for (long side = 1; side <= largest; side *= 2) {
            Box first = new Box(new int[extent.length], capped((int) side, extent));
            if (op.tileBytes(first) * threads > budget) {
                break;
            }
            best = (int) side;
        }
        return capped(best, extent);
    }

    /**
     * The core size for a blended deconvolution: the largest power of two per side whose tiles
     * (core, blend band and margin, on the method's padded Fourier grid) fit in the budget.
     *
     * @param spatial the signal's spatial extent
     * @param channels its channels
     * @param psfShape the PSF's extent
     * @param budget bytes the tiles in flight may use
     * @param threads tiles computed at once
     * @return core cells per tile, per spatial dimension (at least 1)
     */
    public static int[] autoDeconvolution(int[] spatial, int channels, int[] psfShape, long budget, int threads) {
        int largest = Arrays.stream(spatial).max().orElse(1);
        int[] margin = BlendedDeconvolution.defaultMargin(psfShape);
        int best = 1;
        for (long side = 1; side <= largest; side *= 2) {
            int[] core = capped((int) side, spatial);
            // the window, then the method's grid: the border extension of a PSF on each side, rounded
            // up to a fast size; about a dozen double buffers of it (spectra, estimate, ratio)
            long grid = 1;
            for (int d = 0; d < spatial.length; d++) {
                long window = Math.min(spatial[d], core[d] + 2L * (psfShape[d] + margin[d]));
                grid *= (long) ((window + 2L * psfShape[d]) * 1.1);
            }
            if (8L * 12 * channels * grid * threads > budget) {
                break;
            }
            best = (int) side;
        }
        return capped(best, spatial);
    }

    private static int[] capped(int side, int[] extent) {
        int[] t = new int[extent.length];
        for (int d = 0; d < t.length; d++) {
            t[d] = Math.max(1, Math.min(side, extent[d]));
        }
        return t;
    }
}
