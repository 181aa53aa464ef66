package org.convkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.convkit.tile.TiledOperation;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options a convolution and a transposed convolution share: their files, their geometry, and
 * how the library runs them (algorithm, threads, --explain).
 */
final class ConvOptions {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input, (N, C_in, spatial...) or unbatched (C_in, spatial...).")
    Path input;

    @Option(names = {"-w", "--weight"}, required = true, paramLabel = "W.npy",
            description = "Weight; its rank (3, 4, 5) sets 1-D, 2-D or 3-D.")
    Path weight;

    @Option(names = "--bias", paramLabel = "B.npy", description = "Bias, one value per output channel.")
    Path bias;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Where to write the result (float32, written atomically).")
    Path output;

    @Mixin
    LayerOptions layer;

    @Mixin
    EngineOptions engine;

    @Mixin
    TileOptions tiles;

    @Option(names = "--explain",
            description = "Print the planner's choice of algorithm and its reasons before the result line.")
    boolean explain;

    /** The spec these options describe, checked by the library. */
    ConvSpec spec() {
        return layer.spec();
    }

    /** Input, weight and (possibly null) bias. */
    record Operands(Tensor input, Tensor weight, Tensor bias) {
    }

    /** The weight and bias, and the input's shape only (its header): what a streamed run needs first. */
    Layer readLayer() {
        NpyFiles.checkNpyOutput("--output", output);
        return new Layer(NpyFiles.shape(input), NpyFiles.read(weight), NpyFiles.read(bias));
    }

    /**
     * Runs tile by tile from file to file when --tile asks for it or the arrays would not fit in
     * the heap, and prints the result line; false (nothing done) otherwise.
     *
     * @param tiled the tiled operation for the library options each tile runs with (one thread:
     *     the threads go across tiles)
     */
    boolean streamed(String label, Layer layer, int[] outShape, Function<org.convkit.ConvOptions, TiledOperation> tiled,
                     PrintWriter out) {
        if (!tiles.streams(TileOptions.cells(layer.inputShape()), TileOptions.cells(outShape))) {
            return false;
        }
        int threads = TileOptions.threads(engine.threads);
        TiledOperation op = tiled.apply(engine.toOptions().withThreads(1));
        TileOptions.Report r = tiles.run(label, op, outShape, input, output, threads, out);
        out.println(label + " " + Arrays.toString(layer.inputShape()) + " with weight "
                + Arrays.toString(layer.weight().shape()) + " -> " + Arrays.toString(outShape) + " in " + r.text()
                + ", written to " + output);
        return true;
    }

    /** The input's shape, the weight and (possibly null) bias. */
    record Layer(int[] inputShape, Tensor weight, Tensor bias) {
    }
}
