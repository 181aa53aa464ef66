package org.convkit.tile;

import org.convkit.ConvOptions;
import org.convkit.spec.ConvProblem;
import org.convkit.tensor.Tensor;

/**
 * What a tiled convolution and a tiled transposed convolution share: the checked problem, its
 * weight and bias, and the library options every tile runs with.
 */
abstract class LayerTiles implements TiledOperation {
    final ConvProblem problem;
    final Tensor weight;
    final Tensor bias;
    final ConvOptions options;

    LayerTiles(ConvProblem problem, Tensor weight, Tensor bias, ConvOptions options) {
        problem.checkBias(bias == null ? null : bias.shape());
        this.problem = problem;
        this.weight = weight;
        this.bias = bias;
        this.options = options;
    }

    @Override
    public int batch() {
        return problem.batch();
    }

    @Override
    public int inChannels() {
        return problem.inChannels();
    }

    @Override
    public int[] inputSpatial() {
        return problem.geometry().input();
    }

    @Override
    public int outChannels() {
        return problem.outChannels();
    }

    @Override
    public int[] outputSpatial() {
        return problem.geometry().output();
    }
}
