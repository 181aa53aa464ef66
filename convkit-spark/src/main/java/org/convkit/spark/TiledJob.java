package org.convkit.spark;

import java.io.IOException;
import java.io.Serializable;

import org.apache.hadoop.conf.Configuration;
import org.convkit.tile.TiledOperation;

/**
 * What every task rebuilds the tiled operation from: serializable, so it travels to the executors
 * inside the task; the operation itself (and its weights) is made there, once per executor JVM.
 */
public interface TiledJob extends Serializable {
    /**
     * The input {@code .npy} file, a Hadoop path.
     *
     * @return the path
     */
    String input();

    /**
     * The output {@code .npy} file, a Hadoop path.
     *
     * @return the path
     */
    String output();

    /**
     * Output cells per tile, per spatial dimension (or one for all).
     *
     * @param op the operation (a size chosen from memory depends on it)
     * @return the tile size
     */
    int[] tileSize(TiledOperation op);

    /**
     * The operation for an input of this shape, its weights read through {@code conf}.
     *
     * @param inputShape the input file's shape
     * @param conf the Hadoop configuration
     * @return the operation
     * @throws IOException if a weight cannot be read
     */
    TiledOperation operation(int[] inputShape, Configuration conf) throws IOException;

    /**
     * The output's shape as written (unbatched for an unbatched input).
     *
     * @param inputShape the input file's shape
     * @param conf the Hadoop configuration
     * @return the shape
     * @throws IOException if a weight cannot be read
     */
    int[] outputShape(int[] inputShape, Configuration conf) throws IOException;
}
