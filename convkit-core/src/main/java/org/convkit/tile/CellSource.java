package org.convkit.tile;

import java.io.IOException;

/**
 * Where a tile's input cells come from: a row-major {@code (N, C, spatial...)} float array, in
 * memory or in a file, read one run of consecutive cells at a time.
 */
@FunctionalInterface
public interface CellSource {
    /**
     * Reads {@code length} consecutive cells.
     *
     * @param offset the first cell's index in the whole array (a long: files may hold more cells than an int counts)
     * @param into where they go
     * @param at the first index in {@code into}
     * @param length how many
     * @throws IOException if a file cannot be read
     */
    void read(long offset, float[] into, int at, int length) throws IOException;

    /**
     * A source over an array in memory.
     *
     * @param data the whole array, row-major
     * @return a source reading from it
     */
    static CellSource of(float[] data) {
        return (offset, into, at, length) -> System.arraycopy(data, Math.toIntExact(offset), into, at, length);
    }
}
