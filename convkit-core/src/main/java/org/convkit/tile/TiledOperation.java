package org.convkit.tile;

import java.util.ArrayList;
import java.util.List;

import org.convkit.tensor.Tensor;

/**
 * An operation whose output can be computed tile by tile, each tile from the input window its
 * geometry reads. Arrays are batched, {@code (N, C, spatial...)}, row-major; tiles cut the spatial
 * dimensions and carry every batch entry and channel.
 */
public interface TiledOperation {
    /**
     * The batch size, N.
     *
     * @return at least 1
     */
    int batch();

    /**
     * The input's channels.
     *
     * @return C_in
     */
    int inChannels();

    /**
     * The input's spatial extent.
     *
     * @return one extent per spatial dimension
     */
    int[] inputSpatial();

    /**
     * The output's channels.
     *
     * @return C_out
     */
    int outChannels();

    /**
     * The output's spatial extent.
     *
     * @return one extent per spatial dimension
     */
    int[] outputSpatial();

    /**
     * The input cells that the output cells of {@code box} read.
     *
     * @param box output cells
     * @return the window
     */
    Window window(Box box);

    /**
     * Computes one tile from its window.
     *
     * @param tile the tile
     * @param window the tile's input window as {@link Window#read} returns it
     * @return the tile's output, {@code (N, C_out, box size...)}
     */
    Tensor compute(Tile tile, Tensor window);

    /**
     * The memory one tile of this box needs while it runs: its window and output, each twice
     * (read, then copied), plus what the operation lowers them to.
     *
     * @param box output cells
     * @return an estimate in bytes, for choosing the tile size
     */
    default long tileBytes(Box box) {
        return 4L * batch() * (2L * inChannels() * window(box).volume() + 2L * outChannels() * box.volume());
    }

    /**
     * The output cut into tiles of at most {@code tileSize} cells per spatial dimension.
     *
     * @param tileSize one value for every spatial dimension, or one per dimension, each at least 1
     * @return the tiles, row-major
     * @throws IllegalArgumentException if a size is below 1 or the counts do not match
     */
    default List<Tile> tiles(int... tileSize) {
        List<Box> boxes = Box.grid(outputSpatial(), tileSize);
        List<Tile> tiles = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            tiles.add(new Tile(tiles.size(), b, window(b)));
        }
        return tiles;
    }

    /**
     * The shape of the whole output, batched.
     *
     * @return {@code (N, C_out, out...)}
     */
    default int[] outputShape() {
        return batched(batch(), outChannels(), outputSpatial());
    }

    /**
     * The shape of the whole input, batched.
     *
     * @return {@code (N, C_in, spatial...)}
     */
    default int[] inputShape() {
        return batched(batch(), inChannels(), inputSpatial());
    }

    private static int[] batched(int n, int c, int[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = n;
        s[1] = c;
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }
}
