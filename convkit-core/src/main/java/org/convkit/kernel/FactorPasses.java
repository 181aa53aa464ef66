package org.convkit.kernel;

import java.util.Arrays;
import java.util.List;

import org.convkit.ConvOptions;
import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;

/**
 * A sum of r rank-1 terms applied to every channel as one 1-D pass per dimension, each an ordinary
 * {@link Conv} (so the planner picks its fastest path): the first pass turns each of the C channels
 * into r, one per term (depthwise, channel multiplier r, the terms' first factors); middle passes
 * (3-D) filter each of the C r channels with its term's factor; the last pass filters each term's
 * channel with its last factor and sums the r of them back into one channel per input channel (a
 * grouped convolution with groups C and r inputs per group). Pass d carries the spec's stride,
 * dilation and padding of dimension d only: padding, of every mode, is per dimension, so padding
 * one dimension at a time reads the same cells as padding them all at once.
 */
final class FactorPasses {
    private FactorPasses() {
    }

    static Tensor apply(List<Factors> terms, int[] kernel, Tensor input, ConvSpec spec, ConvOptions options) {
        int dims = kernel.length;
        int[] shape = input.shape();
        if (shape.length != dims + 1 && shape.length != dims + 2) {
            throw new IllegalArgumentException("input has shape " + Arrays.toString(shape) + " but a " + dims
                    + "-D kernel needs (N, C, " + dims + " spatial) or unbatched (C, " + dims + " spatial)");
        }
        if (spec.groups() != 1) {
            throw new IllegalArgumentException("groups " + spec.groups() + ": the kernel is applied to every channel "
                    + "on its own already; leave groups at 1");
        }
        int channels = shape[shape.length - dims - 1];
        int[] spatial = Arrays.copyOfRange(shape, shape.length - dims, shape.length);
        Geometry g = Geometry.conv(spatial, kernel, spec);
        List<Factors> t = terms.isEmpty() ? List.of(new Factors(zeros(kernel))) : terms;
        int r = t.size();
        Tensor x = input;
        for (int d = 0; d < dims; d++) {
            boolean last = d == dims - 1;
            int outChannels = last ? channels : channels * r;
            int perGroup = last ? r : 1;
            int groups = d == 0 ? channels : last ? channels : channels * r;
            Tensor w = weight(t, d, kernel[d], dims, outChannels, perGroup, channels, last);
            x = Conv.forward(x, w, null, pass(spec, g, d, groups), options);
        }
        return x;
    }

    /** Weight (outChannels, perGroup, 1.., k, ..1) holding term (o mod r)'s factor d, or in the last pass term i at [c, i]. */
    private static Tensor weight(List<Factors> t, int d, int k, int dims, int outChannels, int perGroup, int channels,
                                 boolean last) {
        int r = t.size();
        int[] shape = new int[dims + 2];
        Arrays.fill(shape, 1);
        shape[0] = outChannels;
        shape[1] = perGroup;
        shape[2 + d] = k;
        float[] w = new float[outChannels * perGroup * k];
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < perGroup; i++) {
                double[] f = t.get(last ? i : o % r).view(d);
                for (int j = 0; j < k; j++) {
                    w[(o * perGroup + i) * k + j] = (float) f[j];
                }
            }
        }
        return Tensor.of(w, shape);
    }

    /** The spec's geometry along dimension d only, padding resolved (words are defined on the full kernel). */
    private static ConvSpec pass(ConvSpec spec, Geometry g, int d, int groups) {
        int dims = g.dims();
        int[] stride = ones(dims);
        int[] dilation = ones(dims);
        int[] before = new int[dims];
        int[] after = new int[dims];
        stride[d] = g.stride()[d];
        dilation[d] = g.dilation()[d];
        before[d] = g.padBefore()[d];
        after[d] = g.padAfter()[d];
        return spec.withStride(stride).withDilation(dilation).withPadding(Padding.of(before, after)).withGroups(groups);
    }

    private static int[] ones(int n) {
        int[] v = new int[n];
        Arrays.fill(v, 1);
        return v;
    }

    private static double[][] zeros(int[] kernel) {
        double[][] f = new double[kernel.length][];
        for (int d = 0; d < kernel.length; d++) {
            f[d] = new double[kernel[d]];
        }
        return f;
    }
}
