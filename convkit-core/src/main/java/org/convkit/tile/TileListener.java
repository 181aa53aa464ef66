package org.convkit.tile;

/** Hears each finished tile, for a progress display; called from the worker threads. */
@FunctionalInterface
public interface TileListener {
    /** Hears nothing. */
    TileListener NONE = (done, total, bytes) -> { };

    /**
     * A tile is written.
     *
     * @param done tiles finished so far
     * @param total tiles in all
     * @param bytes bytes read and written for the tiles finished so far (4 per float32 cell)
     */
    void tileDone(int done, int total, long bytes);
}
