package org.convkit.tile;

import java.io.IOException;

/**
 * Where a tile's output cells go: a row-major {@code (N, C, spatial...)} float array, in memory or
 * in a file, written one run of consecutive cells at a time. Tiles write disjoint cells, so a sink
 * is written from several threads at once.
 */
@FunctionalInterface
public interface CellSink {
    /**
     * Writes {@code length} consecutive cells.
     *
     * @param offset the first cell's index in the whole array
     * @param from the values
     * @param at the first index in {@code from}
     * @param length how many
     * @throws IOException if a file cannot be written
     */
    void write(long offset, float[] from, int at, int length) throws IOException;

    /**
     * A sink into an array in memory.
     *
     * @param data the whole array, row-major
     * @return a sink writing into it
     */
    static CellSink of(float[] data) {
        return (offset, from, at, length) -> System.arraycopy(from, at, data, Math.toIntExact(offset), length);
    }
}
