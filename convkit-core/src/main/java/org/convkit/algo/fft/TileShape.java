package org.convkit.algo.fft;

/**
 * How tiles sit in a {@link Block}. A tile has power-of-two sizes {@code T_0..T_{D-1}}; a block
 * holds {@code 2M} tiles, M in the real parts and M in the imaginary parts (two real signals share
 * one complex transform, and since every kernel is real the two results come back apart as the real
 * and imaginary parts of one inverse transform).
 *
 * <p>Natural layout: rows {@code (m, t_0, ..., t_{D-2})}, lanes {@code t_{D-1}}. Spectral layout,
 * its transpose: rows {@code f_{D-1}}, lanes {@code (m, f_0, ..., f_{D-2})}, frequencies in natural
 * order. For 2-D and 3-D tiles M is 1 and the lanes are a tile's last axis; a 1-D tile has
 * no other axis to vectorize over, so M tiles side by side provide the lanes instead.
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

    Block spectralBlock() {
        return new Block(naturalLanes, naturalRows);
    }

    long blockDoubles() {
        return Block.doubles(naturalRows, naturalLanes);
    }

    /** The same tile with one tile per part: the shape of a kernel's spectrum. */
    TileShape single() {
        return tilesPerPart == 1 ? this : new TileShape(size, 1);
    }
}
