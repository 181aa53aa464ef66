package org.convkit.algo.fft;

/**
 * How tiles sit in a {@link Block}. A tile has power-of-two sizes {@code T_0..T_{D-1}}; a block
 * holds {@code 2M} tiles, M in the real parts and M in the imaginary parts (two real signals share
 * one complex transform, and since every kernel is real the two results come back apart as the real
 * and imaginary parts of one inverse transform).
 *
 * <p>Layout, natural and spectral alike: rows {@code (m, t_0, ..., t_{D-2})}, lanes
 * {@code t_{D-1}} (frequencies in natural order where the positions were). For 2-D and 3-D tiles
 * M is 1; a 1-D tile is a single row, and M tiles side by side make the block M rows, which the
 * spectral products then run over as one loop each.
 */
final class TileShape {
    final int[] size;
    final int tilesPerPart;
    final int rowsPerTile;
    final int naturalRows;
    final int naturalLanes;

    TileShape(int[] size, int tilesPerPart) {
        this.size = size.clone();
        this.tilesPerPart = tilesPerPart;
        int rows = 1;
        for (int d = 0; d < size.length - 1; d++) {
            rows *= size[d];
        }
        this.rowsPerTile = rows;
        this.naturalRows = tilesPerPart * rows;
        this.naturalLanes = size[size.length - 1];
    }

    int dims() {
        return size.length;
    }

    /** Cells of one tile. */
    int tileVolume() {
        return rowsPerTile * naturalLanes;
    }

    /** Complex cells of a block. */
    long volume() {
        return (long) naturalRows * naturalLanes;
    }

    int largestSize() {
        int m = 1;
        for (int t : size) {
            m = Math.max(m, t);
        }
        return m;
    }

    Block naturalBlock() {
        return new Block(naturalRows, naturalLanes);
    }

    /** A block for spectra: the natural layout, since the transform keeps it. */
    Block spectralBlock() {
        return new Block(naturalRows, naturalLanes);
    }

    long blockDoubles() {
        return Block.doubles(naturalRows, naturalLanes);
    }

    /** The same tile with one tile per part: the shape of a kernel's spectrum. */
    TileShape single() {
        return tilesPerPart == 1 ? this : new TileShape(size, 1);
    }
}
