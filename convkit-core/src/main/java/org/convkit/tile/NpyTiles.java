package org.convkit.tile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.convkit.io.NpyFile;
import org.convkit.io.NpyOutputFile;
import org.convkit.tensor.Tensor;

/**
 * Tiled operations from one {@code .npy} file to another, window by window: the input is read by
 * position (never whole), the output is written in place into a hidden temporary file that
 * becomes the output only when every tile is in. Memory is bounded by the tile size times the
 * threads, not by the files' sizes.
 */
public final class NpyTiles {
    private NpyTiles() {
    }

    /**
     * Runs a tiled operation between files.
     *
     * @param op the operation, made for the input file's shape
     * @param tiles its tiles
     * @param input the input file
     * @param output where the result goes (float32), published when complete
     * @param outputShape the output's shape as written (the batch dimension dropped for an unbatched input)
     * @param threads tiles computed at once
     * @param listener hears each finished tile
     * @throws IOException if a file cannot be read or written (the output is then untouched)
     * @throws InterruptedException if interrupted (the output is then untouched)
     */
    public static void run(TiledOperation op, List<Tile> tiles, Path input, Path output, int[] outputShape,
                           int threads, TileListener listener) throws IOException, InterruptedException {
        checkCells("output shape", outputShape, op.outputShape());
        try (NpyFile in = NpyFile.open(input); NpyOutputFile out = NpyOutputFile.create(output, outputShape)) {
            checkCells("input " + input, in.shape(), op.inputShape());
            TileRunner.run(op, tiles, in::read, out::write, threads, listener);
            out.commit();
        }
    }

    /**
     * Runs a blended deconvolution between files.
     *
     * @param tiling the tiling, made for the input file's shape
     * @param input the observed signal's file
     * @param output where the estimate goes (float32, the input's shape), published when complete
     * @param threads tiles computed at once
     * @param listener hears each finished tile
     * @throws IOException if a file cannot be read or written (the output is then untouched)
     * @throws InterruptedException if interrupted (the output is then untouched)
     */
    public static void run(BlendedDeconvolution tiling, Path input, Path output, int threads, TileListener listener)
            throws IOException, InterruptedException {
        try (NpyFile in = NpyFile.open(input); NpyOutputFile out = NpyOutputFile.create(output, in.shape())) {
            tiling.run(in::read, out::read, out::write, threads, listener);
            out.commit();
        }
    }

    private static void checkCells(String what, int[] got, int[] expected) {
        if (Tensor.numel(got) != Tensor.numel(expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(got) + " but the tiled "
                    + "operation was made for " + Arrays.toString(expected));
        }
    }
}
