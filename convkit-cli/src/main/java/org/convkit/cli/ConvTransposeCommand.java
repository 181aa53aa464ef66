package org.convkit.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.convkit.ConvTranspose;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.tensor.Tensor;
import org.convkit.tile.ConvTransposeTiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit convt}: a transposed convolution of .npy files. */
@Command(name = "convt", sortOptions = false,
        description = {
            "Transposed convolution of X with W (C_in, C_out/groups, k...): the adjoint of 'conv' with the same",
            "options, which upsamples; it restores a convolution's input shape, not its values.",
            "Per dimension: n_out = (n - 1)s - p_before - p_after + d(k-1) + output_padding + 1.",
            "Padding and padding words mean those of the convolution it is the adjoint of."},
        footer = {"", "Examples:",
            "  convkit convt --input y.npy --weight w.npy --stride 2 --output-padding 1 \\",
            "      --output x.npy",
            "  convkit convt --input y.npy --weight w.npy --stride 2 --output-size 15,15 \\",
            "      --output x.npy"})
final class ConvTransposeCommand implements Callable<Integer> {
    @Mixin
    ConvOptions options;

    @Option(names = "--output-padding", paramLabel = "O",
            description = "Extra cells at the end of each dimension, each below max(stride, dilation): "
                    + GeometryOptions.PER_DIM + " (default 0).")
    String outputPadding;

    @Option(names = "--output-size", paramLabel = "N",
            description = "The output's spatial size, reached by cropping (ONNX's output_shape): "
                    + GeometryOptions.PER_DIM + ". An odd crop's extra cell goes after, or before with "
                    + "--padding same-lower; a size beyond the uncropped output adds output padding.")
    String outputSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConvSpec convSpec = options.spec();
        if (outputPadding != null) {
            convSpec = convSpec.withOutputPadding(Ints.parseList("output_padding", outputPadding));
        }
        if (outputSize != null) {
            convSpec = convSpec.withOutputSize(Ints.parseList("output size", outputSize));
        }
        var engine = options.engine.toOptions();
        ConvOptions.Layer layer = options.readLayer();
        PrintWriter out = spec.commandLine().getOut();
        if (options.explain) {
            var plan = ConvTranspose.plan(layer.inputShape(), layer.weight(), convSpec, engine);
            out.println(plan.explain());
            if (outputSize != null) {
                // how the output size became padding: the shape arithmetic, which the plan does not show
                out.println(plan.problem().geometry().explain());
            }
        }
        ConvSpec tiledSpec = convSpec;
        int[] outShape = ConvTranspose.outputShape(layer.inputShape(), layer.weight().shape(), convSpec);
        if (options.streamed("convt", layer, outShape,
                e -> new ConvTransposeTiles(layer.inputShape(), layer.weight(), layer.bias(), tiledSpec, e), out)) {
            return 0;
        }
        ConvOptions.Operands ops = new ConvOptions.Operands(NpyFiles.read(options.input), layer.weight(),
                layer.bias());
        Tensor y = ConvTranspose.forward(ops.input(), ops.weight(), ops.bias(), convSpec, engine);
        NpyFiles.write(options.output, y);
        out.println("convt " + Arrays.toString(ops.input().shape()) + " with weight "
                + Arrays.toString(ops.weight().shape()) + " -> " + Arrays.toString(y.shape()) + ", written to "
                + options.output);
        return 0;
    }
}
