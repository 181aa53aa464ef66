package org.convkit.spark;

import org.convkit.ConvTranspose;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.tensor.Tensor;
import org.convkit.tile.ConvTransposeTiles;
import org.convkit.tile.TiledOperation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convkit-spark convt}: a transposed convolution of a {@code .npy} file as Spark tasks. */
@Command(name = "convt", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Transposed convolution of X with W as 'convkit convt' does, tile by tile as Spark tasks."})
final class ConvTransposeOnSpark extends TiledCommand {
    @Option(names = "--output-padding", paramLabel = "O",
            description = "Extra cells at the end of each dimension, each below max(stride, dilation) (default 0).")
    String outputPadding;

    @Override
    String label() {
        return "convt";
    }

    @Override
    ConvSpec convSpec() {
        ConvSpec s = super.convSpec();
        return outputPadding == null ? s : s.withOutputPadding(Ints.parseList("output_padding", outputPadding));
    }

    @Override
    TiledOperation operation(int[] inputShape, Tensor w, Tensor b) {
        return new ConvTransposeTiles(inputShape, w, b, convSpec(), taskOptions());
    }

    @Override
    int[] outputShape(int[] inputShape, Tensor w) {
        return ConvTranspose.outputShape(inputShape, w.shape(), convSpec());
    }
}
