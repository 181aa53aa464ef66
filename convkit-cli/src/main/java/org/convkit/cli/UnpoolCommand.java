package org.convkit.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.convkit.Pool;
import org.convkit.io.NpyArray;
import org.convkit.spec.IndexLayout;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code convkit unpool}: max-unpooling (PyTorch's max_unpool, ONNX's MaxUnpool), the values of a
 * max pooling put back at their indices in a zero output.
 */
@Command(name = "unpool", sortOptions = false,
        description = {
            "Max-unpooling: puts each value of X at its index from 'pool --indices' in an output of zeros.",
            "Give the max pooling's --kernel, --stride and --padding; the output's spatial size is",
            "(n - 1)s - p_before - p_after + k per dimension (the pooled input's size, up to what the",
            "floor dropped) unless --output-size gives it."},
        footer = {"", "Examples:",
            "  convkit pool --input x.npy --kind max --kernel 2 --indices i.npy \\",
            "      --output y.npy",
            "  convkit unpool --input y.npy --indices i.npy --kernel 2 --output x2.npy",
            "  # ONNX's MaxUnpool, fed by ONNX's MaxPool (its stride defaults to 1):",
            "  convkit unpool --input y.npy --indices i.npy --kernel 2 --stride 2 \\",
            "      --index-scope tensor --output x2.npy"})
final class UnpoolCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy", description = "The pooled values.")
    Path input;

    @Option(names = "--indices", required = true, paramLabel = "IDX.npy",
            description = "One integer per value of X: where it goes in the output, as 'pool --indices' wrote it.")
    Path indices;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K",
            description = "The max pooling's window: " + GeometryOptions.PER_DIM + ".")
    String kernel;

    @Option(names = "--stride", paramLabel = "S",
            description = "The max pooling's stride: " + GeometryOptions.PER_DIM + " (default: the kernel).")
    String stride;

    @Option(names = "--padding", paramLabel = "P",
            description = "The max pooling's padding: N or N,M,... (symmetric), or before:after per dimension "
                    + "(1:2,0:1). Default 0.")
    String padding;

    @Option(names = "--output-size", paramLabel = "N",
            description = "The output's spatial size: " + GeometryOptions.PER_DIM + " (ONNX's output_shape, "
                    + "without N and C).")
    String outputSize;

    @Mixin
    IndexLayoutOptions indexLayout = new IndexLayoutOptions();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy", description = "Where to write the result (float32).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IndexLayout layout = indexLayout.layout();
        PoolSpec poolSpec = PoolSpec.max(Ints.parseList("kernel", kernel));
        if (stride != null) {
            poolSpec = poolSpec.withStride(Ints.parseList("stride", stride));
        }
        if (padding != null) {
            Padding p = Padding.parse(padding);
            if (p.isWord()) {
                throw new ParameterException(spec.commandLine(), "unpool --padding takes numbers, not '" + padding
                        + "': give the padding the word resolved to, or the output size with --output-size");
            }
            poolSpec = poolSpec.withPadding(p);
        }
        int[] size = outputSize == null ? null : Ints.parseList("output size", outputSize);
        NpyFiles.checkNpyOutput("--output", output);
        Tensor x = NpyFiles.read(input);
        NpyArray idx = NpyFiles.readArray(indices);
        if (!Arrays.equals(idx.shape(), x.shape())) {
            throw new ParameterException(spec.commandLine(), "--indices " + indices + " has shape "
                    + Arrays.toString(idx.shape()) + " but --input " + input + " has " + Arrays.toString(x.shape())
                    + ": give the indices that 'pool --indices' wrote with these values");
        }
        if (size != null) {
            size = Ints.broadcast("output size", size, PoolProblem.spatialDims("max-unpooling", x.shape(), poolSpec));
        }
        Tensor y = Pool.maxUnpool(x, idx.toInts(), size, poolSpec, layout);
        NpyFiles.write(output, y);
        spec.commandLine().getOut().println("unpool " + Arrays.toString(x.shape()) + " -> " + Arrays.toString(y.shape())
                + ", written to " + output);
        return 0;
    }
}
