package org.convkit.deconv;

import java.util.Arrays;

import org.convkit.ConvOptions;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.tensor.Tensor;

/**
 * Whether a convolution layer's input is the only one giving its output, as far as two cheap tests
 * can prove the contrary: a group with fewer output values than input values (a linear map cannot
 * be injective then), and input cells that no window reads (a stride wider than the dilated kernel
 * skips them, so any value there gives the same output). Passing both does not prove uniqueness
 * (weights can be rank-deficient); failing one proves the layer has many inverses, and then a
 * least-squares solve from zero returns the one of least norm (see {@link LeastSquares}).
 */
public final class Uniqueness {
    private Uniqueness() {
    }

    /**
     * Why the layer's input is not determined by its output, or null if neither test shows it.
     *
     * @param inputShape the layer's input shape: {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weight the layer's weight: {@code (Cout, Cin/groups, k...)}
     * @param spec the layer's stride, padding, dilation, groups and padding mode
     * @return a sentence such as "the layer maps 147 input values to 50 output values", or null
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static String whyNot(int[] inputShape, Tensor weight, ConvSpec spec) {
        ConvProblem p = ConvProblem.conv(inputShape, weight.shape(), spec);
        long in = (long) p.inChannels() / p.groups() * Ints.product(p.bigSpatial());
        long out = (long) p.outChannels() / p.groups() * Ints.product(p.smallSpatial());
        String perGroup = p.groups() == 1 ? "" : " in each of its " + p.groups() + " groups";
        if (out < in) {
            return "the layer maps " + in + " input values to " + out + " output values" + perGroup
                    + " (per image), so many inputs give the same output";
        }
        int unread = unreadCells(inputShape, weight, spec);
        if (unread > 0) {
            return unread + " of " + Tensor.numel(inputShape) + " input values are read by no window (stride "
                    + Ints.times(p.geometry().stride()) + " steps over them, or their weights are 0), so any "
                    + "value there gives the same output";
        }
        return null;
    }

    /**
     * The input cells whose every product has a zero weight: the transposed convolution with |W| of
     * an all-ones output is 0 exactly there (sums of positive terms never cancel).
     */
    private static int unreadCells(int[] inputShape, Tensor weight, ConvSpec spec) {
        float[] w = weight.data().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i]);
        }
        ConvOperator layer = ConvOperator.of(inputShape, Tensor.of(w, weight.shape()), spec, ConvOptions.defaults());
        double[] ones = new double[layer.outputSize()];
        Arrays.fill(ones, 1);
        double[] reach = new double[layer.inputSize()];
        layer.applyAdjoint(ones, reach);
        int unread = 0;
        for (double r : reach) {
            if (r == 0) {
                unread++;
            }
        }
        return unread;
    }
}
