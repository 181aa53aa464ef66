package org.convkit.tile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.convkit.tensor.Tensor;

/**
 * Runs a tiled operation: each tile's window is read from the source, computed and written to the
 * sink, with threads across tiles. At most {@code threads} tiles are in memory at once, so memory is
 * bounded by the tile size, not by the array's.
 */
public final class TileRunner {
    private TileRunner() {
    }

    /**
     * Runs every tile.
     *
     * @param op the operation
     * @param tiles its tiles (from {@link TiledOperation#tiles})
     * @param source the whole input, {@link TiledOperation#inputShape}
     * @param sink the whole output, {@link TiledOperation#outputShape}
     * @param threads tiles computed at once, at least 1
     * @param listener hears each finished tile
     * @throws IOException if the source or the sink fails (the first failure; the other tiles stop)
     * @throws InterruptedException if the calling thread is interrupted (the workers are stopped)
     */
    public static void run(TiledOperation op, List<Tile> tiles, CellSource source, CellSink sink, int threads,
                           TileListener listener) throws IOException, InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        TileWorkers.run(Math.min(threads, Math.max(1, tiles.size())), () -> {
            for (int i = next.getAndIncrement(); i < tiles.size(); i = next.getAndIncrement()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("tiling interrupted");
                }
                long moved = runOne(op, tiles.get(i), source, sink);
                listener.tileDone(done.incrementAndGet(), tiles.size(), bytes.addAndGet(moved));
            }
        });
    }

    /**
     * Reads, computes and writes one tile: the unit a Spark task or a worker thread runs.
     *
     * @param op the operation
     * @param tile the tile
     * @param source the whole input
     * @param sink the whole output
     * @return the bytes read and written
     * @throws IOException if the source or the sink fails
     */
    public static long runOne(TiledOperation op, Tile tile, CellSource source, CellSink sink) throws IOException {
        Tensor window = tile.input().read(source, op.batch(), op.inChannels(), op.inputSpatial());
        Tensor out = op.compute(tile, window);
        Blocks.write(out, tile.output(), op.outputSpatial(), sink);
        return 4L * (window.numel() + out.numel());
    }

    /**
     * Runs every tile on arrays in memory: the stitched result, for comparing with the untiled one.
     *
     * @param op the operation
     * @param input the whole input, any shape with {@link TiledOperation#inputShape}'s cells
     * @param tileSize output cells per tile: one value for every spatial dimension, or one per dimension
     * @return the output, {@link TiledOperation#outputShape} (batched)
     */
    public static Tensor apply(TiledOperation op, Tensor input, int... tileSize) {
        if (input.numel() != Tensor.numel(op.inputShape())) {
            throw new IllegalArgumentException("the input has " + input.numel() + " cells but the tiled operation "
                    + "takes " + Tensor.numel(op.inputShape()));
        }
        int[] outShape = op.outputShape();
        float[] out = new float[Math.toIntExact(Tensor.numel(outShape))];
        try {
            run(op, op.tiles(tileSize), CellSource.of(input.data()), CellSink.of(out), 1, TileListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // arrays in memory do not fail
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tiling", e);
        }
        return Tensor.of(out, outShape);
    }
}
