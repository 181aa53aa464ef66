package org.convkit.spark;

import org.convkit.Conv;
import org.convkit.tensor.Tensor;
import org.convkit.tile.ConvTiles;
import org.convkit.tile.TiledOperation;

import picocli.CommandLine.Command;

/** {@code convkit-spark conv}: a convolution of a {@code .npy} file, one Spark task per group of tiles. */
@Command(name = "conv", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Convolve X with W as 'convkit conv' does, tile by tile as Spark tasks."},
        footer = {"", "Example:",
            "  convkit-spark conv --master local[2] --input big.npy --weight w.npy \\",
            "      --padding same --tile 512 --output y.npy"})
final class ConvOnSpark extends TiledCommand {
    @Override
    String label() {
        return "conv";
    }

    @Override
    TiledOperation operation(int[] inputShape, Tensor w, Tensor b) {
        return new ConvTiles(inputShape, w, b, convSpec(), taskOptions());
    }

    @Override
    int[] outputShape(int[] inputShape, Tensor w) {
        return Conv.outputShape(inputShape, w.shape(), convSpec());
    }
}
