package org.convkit.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.convkit.tile.ConvTiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit conv}: a convolution of .npy files. */
@Command(name = "conv", sortOptions = false,
        description = {
            "Convolve X with W (cross-correlation, as deep-learning frameworks do; --flip for true convolution).",
            "Per dimension: n_out = floor((n + p_before + p_after - d(k-1) - 1)/s) + 1."},
        footer = {"", "Example:",
            "  convkit conv --input x.npy --weight w.npy --stride 2 --padding same \\",
            "      --output y.npy"})
final class ConvCommand implements Callable<Integer> {
    @Mixin
    ConvOptions options;

    @Option(names = "--flip", description = "True convolution: the kernel reversed in every spatial dimension.")
    boolean flip;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConvSpec convSpec = options.spec().withFlip(flip);
        var engine = options.engine.toOptions();
        ConvOptions.Layer layer = options.readLayer();
        PrintWriter out = spec.commandLine().getOut();
        if (options.explain) {
            out.println(Conv.plan(layer.inputShape(), layer.weight(), convSpec, engine).explain());
        }
        int[] outShape = Conv.outputShape(layer.inputShape(), layer.weight().shape(), convSpec);
        if (options.streamed("conv", layer, outShape,
                e -> new ConvTiles(layer.inputShape(), layer.weight(), layer.bias(), convSpec, e), out)) {
            return 0;
        }
        ConvOptions.Operands ops = new ConvOptions.Operands(NpyFiles.read(options.input), layer.weight(),
                layer.bias());
        Tensor y = Conv.forward(ops.input(), ops.weight(), ops.bias(), convSpec, engine);
        NpyFiles.write(options.output, y);
        out.println("conv " + Arrays.toString(ops.input().shape()) + " with weight "
                + Arrays.toString(ops.weight().shape()) + " -> " + Arrays.toString(y.shape()) + ", written to "
                + options.output);
        return 0;
    }
}
