package org.convkit.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.convkit.DepthwiseSeparable;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit dwsep}: a depthwise separable convolution of .npy files, and what it saves. */
@Command(name = "dwsep", sortOptions = false,
        description = {
            "Depthwise separable convolution: each input channel filtered on its own by the depthwise",
            "weight (C*M, 1, k...) with the geometry options, then mixed by the pointwise weight",
            "(C_out, C*M, 1...). Also prints its weights and multiply-adds against the standard",
            "convolution (C_out, C, k...) of the same geometry. --algorithm applies to both stages."},
        footer = {"", "Example:",
            "  convkit dwsep --input x.npy --depthwise dw.npy --pointwise pw.npy \\",
            "      --padding same --output y.npy"})
final class DepthwiseSeparableCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input, (N, C, spatial...) or unbatched (C, spatial...).")
    Path input;

    @Option(names = "--depthwise", required = true, paramLabel = "W1.npy",
            description = "Depthwise weight (C*M, 1, k...): M filters per input channel.")
    Path depthwise;

    @Option(names = "--depthwise-bias", paramLabel = "B1.npy", description = "Depthwise bias, C*M values.")
    Path depthwiseBias;

    @Option(names = "--pointwise", required = true, paramLabel = "W2.npy",
            description = "Pointwise weight (C_out, C*M, 1...).")
    Path pointwise;

    @Option(names = "--pointwise-bias", paramLabel = "B2.npy", description = "Pointwise bias, C_out values.")
    Path pointwiseBias;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Where to write the result (float32, written atomically).")
    Path output;

    @Mixin
    GeometryOptions geometry;

    @Option(names = "--padding-mode", paramLabel = "MODE", defaultValue = "zeros",
            description = "What lies outside the input: zeros, reflect, replicate, circular (default ${DEFAULT-VALUE}).")
    String paddingMode;

    @Option(names = "--flip", description = "True convolution in the depthwise stage: kernels reversed.")
    boolean flip;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConvSpec s = geometry.applyTo(ConvSpec.defaults()
                .withPaddingMode(PaddingModes.parse("--padding-mode", paddingMode))).withFlip(flip);
        var options = engine.toOptions();
        NpyFiles.checkNpyOutput("--output", output);
        Tensor x = NpyFiles.read(input);
        Tensor dw = NpyFiles.read(depthwise);
        Tensor db = NpyFiles.read(depthwiseBias);
        Tensor pw = NpyFiles.read(pointwise);
        Tensor pb = NpyFiles.read(pointwiseBias);
        Tensor y = DepthwiseSeparable.forward(x, dw, db, pw, pb, s, options);
        DepthwiseSeparable.Cost c = DepthwiseSeparable.cost(x.shape(), dw.shape(), pw.shape(), s);
        NpyFiles.write(output, y);
        spec.commandLine().getOut().println("dwsep " + Arrays.toString(x.shape()) + " -> " + Arrays.toString(y.shape())
                + ", written to " + output + String.format(Locale.ROOT,
                "%nweights: %,d (depthwise %,d + pointwise %,d) against %,d for the standard convolution (%.3f)"
                        + "%nmultiply-adds: %,d (%,d + %,d) against %,d (%.3f)",
                c.separableParameters(), c.depthwiseParameters(), c.pointwiseParameters(), c.standardParameters(),
                c.parameterRatio(), c.separableMultiplyAdds(), c.depthwiseMultiplyAdds(), c.pointwiseMultiplyAdds(),
                c.standardMultiplyAdds(), c.multiplyAddRatio()));
        return 0;
    }
}
