package org.convkit.cli;

import java.nio.file.Path;

import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options a convolution and a transposed convolution share: their files, their geometry, and
 * how the library runs them (algorithm, threads, --explain).
 */
final class ConvOptions {
    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Input, (N, C_in, spatial...) or unbatched (C_in, spatial...).")
    Path input;

    @Option(names = "--weight", required = true, paramLabel = "W.npy",
            description = "Weight; its rank (3, 4, 5) sets 1-D, 2-D or 3-D.")
    Path weight;

    @Option(names = "--bias", paramLabel = "B.npy", description = "Bias, one value per output channel.")
    Path bias;

    @Option(names = "--output", required = true, paramLabel = "Y.npy",
            description = "Where to write the result (float32, written atomically).")
    Path output;

    @Mixin
    LayerOptions layer;

    @Mixin
    EngineOptions engine;

    @Option(names = "--explain",
            description = "Print the planner's choice of algorithm and its reasons before the result line.")
    boolean explain;

    /** The spec these options describe, checked by the library. */
    ConvSpec spec() {
        return layer.spec();
    }

    /** The three operands, read after the output's directory is known to be writable. */
    Operands read() {
        NpyFiles.checkWritable(output);
        return new Operands(NpyFiles.read(input), NpyFiles.read(weight), NpyFiles.read(bias));
    }

    /** Input, weight and (possibly null) bias. */
    record Operands(Tensor input, Tensor weight, Tensor bias) {
    }
}
