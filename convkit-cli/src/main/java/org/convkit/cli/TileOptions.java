package org.convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.convkit.spec.Ints;
import org.convkit.tensor.Tensor;
import org.convkit.tile.BlendedDeconvolution;
import org.convkit.tile.NpyTiles;
import org.convkit.tile.Tile;
import org.convkit.tile.TileListener;
import org.convkit.tile.TileSize;
import org.convkit.tile.TiledOperation;

import picocli.CommandLine.Option;

/**
 * {@code --tile}: run window by window from file to file instead of in memory, so that inputs
 * larger than the heap go through. Chosen by the user (a size or {@code auto}), or automatically
 * when the input and output would not fit in the heap. Tiles run on threads (one thread each);
 * a progress bar shows the tiles done and the data rate.
 */
final class TileOptions {
    /** Arrays plus the library's workspace: an untiled run needs about this many times their bytes. */
    private static final int IN_MEMORY_FACTOR = 3;
    /** The share of the heap that the tiles in flight may use; the rest is the JVM's and the weights'. */
    private static final int BUDGET_SHARE = 4;

    @Option(names = "--tile", paramLabel = "SIZE",
            description = {"Stream from file to file in tiles of SIZE output cells per side (one value, "
                + "or one per dimension: 512 or 64,512), or 'auto' (sized from the heap). Default: auto when "
                + "the arrays would not fit in the heap, else in memory."})
    String tile;

    /** Whether to stream: asked for, or the arrays' cells would not fit in memory. */
    boolean streams(long inputCells, long outputCells) {
        if (tile != null) {
            return true;
        }
        return 4L * (inputCells + outputCells) * IN_MEMORY_FACTOR > Runtime.getRuntime().maxMemory();
    }

    /** Threads across tiles: --threads, or every core. */
    static int threads(Integer threads) {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    private static long budget() {
        return Runtime.getRuntime().maxMemory() / BUDGET_SHARE;
    }

    /** The tile size: the one given, or the largest that fits the budget. */
    int[] size(TiledOperation op, int threads) {
        return tile == null || tile.equals("auto") ? TileSize.auto(op, budget(), threads) : parsed();
    }

    /** The core size of a blended deconvolution: the one given, or the largest that fits the budget. */
    int[] deconvolutionSize(int[] spatial, int channels, int[] psfShape, int threads) {
        return tile == null || tile.equals("auto")
                ? TileSize.autoDeconvolution(spatial, channels, psfShape, budget(), threads) : parsed();
    }

    private int[] parsed() {
        return Ints.parseList("tile size", tile);
    }

    /** What happened, for the result line. */
    record Report(int tiles, int[] size, double seconds, long bytes) {
        String text() {
            return tiles + " tiles of " + Arrays.stream(size).mapToObj(Integer::toString)
                    .reduce((a, b) -> a + "x" + b).orElse("") + ", streamed at " + rate(bytes, seconds) + " ("
                    + String.format(Locale.ROOT, "%.2f", seconds) + " s)";
        }
    }

    private static String rate(long bytes, double seconds) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / Math.max(seconds, 1e-9));
    }

    /** Runs an operation's tiles from {@code input} to {@code output}, with a progress bar. */
    Report run(String label, TiledOperation op, int[] outputShape, Path input, Path output, int threads,
               PrintWriter out) {
        int[] size = size(op, threads);
        List<Tile> tiles = op.tiles(size);
        return timed(label, tiles.size(), tiles.get(0).output().size(), out, listener -> NpyTiles.run(op, tiles, input,
                output, outputShape, threads, listener));
    }

    /** Runs a blended deconvolution from {@code input} to {@code output}, with a progress bar. */
    Report run(String label, BlendedDeconvolution tiling, Path input, Path output, int threads, PrintWriter out) {
        return timed(label, tiling.cores().size(), tiling.cores().get(0).size(), out,
                listener -> NpyTiles.run(tiling, input, output, threads, listener));
    }

    /** A run that hears each tile. */
    @FunctionalInterface
    private interface Streamed {
        void run(TileListener listener) throws IOException, InterruptedException;
    }

    private static Report timed(String label, int tiles, int[] size, PrintWriter out, Streamed run) {
        ProgressBar bar = ProgressBar.onTerminal(out, label + " tiles");
        long start = System.nanoTime();
        long[] moved = {0};
        TileListener listener = (done, total, bytes) -> {
            synchronized (bar) {
                moved[0] = Math.max(moved[0], bytes);
                bar.update(done, total, rate(bytes, (System.nanoTime() - start) / 1e9));
            }
        };
        try {
            run.run(listener);
        } catch (IOException e) {
            throw new CliException("streaming failed: " + NpyFiles.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted; the output was not written", e);
        } finally {
            bar.clear();
        }
        synchronized (bar) {
            return new Report(tiles, size, (System.nanoTime() - start) / 1e9, moved[0]);
        }
    }

    /** The cells of a shape, for {@link #streams}. */
    static long cells(int[] shape) {
        return Tensor.numel(shape);
    }
}
