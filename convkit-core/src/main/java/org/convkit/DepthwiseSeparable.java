package org.convkit;

import java.util.Arrays;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

/**
 * Depthwise separable convolution (MobileNet, Xception): a depthwise convolution, each input
 * channel filtered on its own by M kernels (groups = C, weight {@code (C*M, 1, k...)}, with the
 * spec's stride, padding, dilation, padding mode and flip), then a pointwise 1x1 convolution mixing
 * the C*M channels into C_out (weight {@code (C_out, C*M, 1...)}). Either stage may have a bias.
 * 1-D, 2-D and 3-D; batched {@code (N, C, spatial...)} or unbatched {@code (C, spatial...)}.
 *
 * <p>Both stages are ordinary {@link Conv} calls, so each gets the planner's fastest path (direct
 * depthwise and 1x1 GEMM) and its reference. It replaces a standard convolution
 * {@code (C_out, C, k...)} of the same geometry at a fraction of the cost: see {@link #cost}.
 */
public final class DepthwiseSeparable {
    private DepthwiseSeparable() {
    }

    /**
     * {@code pointwise(depthwise(input) + depthwiseBias) + pointwiseBias}.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param depthwise {@code (C*M, 1, k...)} for a channel multiplier M
     * @param depthwiseBias {@code (C*M)}, or null for none
     * @param pointwise {@code (Cout, C*M, 1...)}
     * @param pointwiseBias {@code (Cout)}, or null for none
     * @param spec the depthwise stage's stride, padding, dilation and padding mode (groups left at 1 or C)
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the weights do not fit the input or each other, naming the shapes
     */
    public static Tensor forward(Tensor input, Tensor depthwise, Tensor depthwiseBias, Tensor pointwise,
                                 Tensor pointwiseBias, ConvSpec spec) {
        return forward(input, depthwise, depthwiseBias, pointwise, pointwiseBias, spec, ConvOptions.defaults());
    }

    /**
     * {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, ConvSpec)} with the algorithm, threads
     * and tuning of {@code options}.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param depthwise {@code (C*M, 1, k...)} for a channel multiplier M
     * @param depthwiseBias {@code (C*M)}, or null for none
     * @param pointwise {@code (Cout, C*M, 1...)}
     * @param pointwiseBias {@code (Cout)}, or null for none
     * @param spec the depthwise stage's stride, padding, dilation and padding mode (groups left at 1 or C)
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning of both stages
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the weights do not fit the input or each other, naming the shapes
     */
    public static Tensor forward(Tensor input, Tensor depthwise, Tensor depthwiseBias, Tensor pointwise,
                                 Tensor pointwiseBias, ConvSpec spec, ConvOptions options) {
        Stages s = Stages.of(input.shape(), depthwise.shape(), pointwise.shape(), spec);
        Tensor h = Conv.forward(input, depthwise, depthwiseBias, s.depthwise, options);
        return Conv.forward(h, pointwise, pointwiseBias, s.pointwise, options);
    }

    /**
     * The intermediate: the depthwise stage alone.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param depthwise {@code (C*M, 1, k...)} for a channel multiplier M
     * @param depthwiseBias {@code (C*M)}, or null for none
     * @param spec the depthwise stage's stride, padding, dilation and padding mode (groups left at 1 or C)
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning of both stages
     * @return {@code (N, C*M, out...)} (unbatched: {@code (C*M, out...)})
     * @throws IllegalArgumentException if the weights do not fit the input or each other, naming the shapes
     */
    public static Tensor depthwise(Tensor input, Tensor depthwise, Tensor depthwiseBias, ConvSpec spec,
                                   ConvOptions options) {
        int[] pw = new int[depthwise.rank()];
        Arrays.fill(pw, 1);
        pw[1] = depthwise.shape()[0];
        Stages s = Stages.of(input.shape(), depthwise.shape(), pw, spec);
        return Conv.forward(input, depthwise, depthwiseBias, s.depthwise, options);
    }

    /**
     * Every gradient of {@link #forward} given the output gradient; the intermediate is recomputed.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param depthwise {@code (C*M, 1, k...)} for a channel multiplier M
     * @param depthwiseBias {@code (C*M)}, or null for none
     * @param pointwise {@code (Cout, C*M, 1...)}
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param spec the depthwise stage's stride, padding, dilation and padding mode (groups left at 1 or C)
     * @return the gradients with respect to the input, both weights and both biases
     * @throws IllegalArgumentException if the weights do not fit the input or each other, naming the shapes
     */
    public static Gradients backward(Tensor input, Tensor depthwise, Tensor depthwiseBias, Tensor pointwise,
                                     Tensor gradOutput, ConvSpec spec) {
        return backward(input, depthwise, depthwiseBias, pointwise, gradOutput, spec, ConvOptions.defaults());
    }

    /**
     * {@link #backward(Tensor, Tensor, Tensor, Tensor, Tensor, ConvSpec)} with the algorithm,
     * threads and tuning of {@code options}.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param depthwise {@code (C*M, 1, k...)} for a channel multiplier M
     * @param depthwiseBias {@code (C*M)}, or null for none
     * @param pointwise {@code (Cout, C*M, 1...)}
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param spec the depthwise stage's stride, padding, dilation and padding mode (groups left at 1 or C)
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning of both stages
     * @return the gradients with respect to the input, both weights and both biases
     * @throws IllegalArgumentException if the weights do not fit the input or each other, naming the shapes
     */
    public static Gradients backward(Tensor input, Tensor depthwise, Tensor depthwiseBias, Tensor pointwise,
                                     Tensor gradOutput, ConvSpec spec, ConvOptions options) {
        Stages s = Stages.of(input.shape(), depthwise.shape(), pointwise.shape(), spec);
        boolean batched = input.rank() == depthwise.rank();
        Tensor h = Conv.forward(input, depthwise, depthwiseBias, s.depthwise, options);
        Tensor gPointwise = Conv.gradWeight(h, gradOutput, pointwise.shape(), s.pointwise, options);
        Tensor gPointwiseBias = Conv.gradBias(gradOutput, batched);
        Tensor gh = Conv.gradInput(gradOutput, pointwise, h.shape(), s.pointwise, options);
        Tensor gDepthwise = Conv.gradWeight(input, gh, depthwise.shape(), s.depthwise, options);
        Tensor gDepthwiseBias = Conv.gradBias(gh, batched);
        Tensor gInput = Conv.gradInput(gh, depthwise, input.shape(), s.depthwise, options);
        return new Gradients(gInput, gDepthwise, gDepthwiseBias, gPointwise, gPointwiseBias);
    }

    /**
     * The gradients with respect to each of {@link #forward}'s tensors (the biases' whether or not they were given).
     *
     * @param input with respect to the input, of its shape
     * @param depthwise with respect to the depthwise weight {@code (C*M, 1, k...)}
     * @param depthwiseBias with respect to the depthwise bias {@code (C*M)}
     * @param pointwise with respect to the pointwise weight {@code (Cout, C*M, 1...)}
     * @param pointwiseBias with respect to the pointwise bias {@code (Cout)}
     */
    public record Gradients(Tensor input, Tensor depthwise, Tensor depthwiseBias, Tensor pointwise, Tensor pointwiseBias) {
    }

    /**
     * What this convolution costs against the standard convolution it replaces, from shapes alone.
     *
     * @param inputShape {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param depthwiseShape {@code (C*M, 1, k...)} for a channel multiplier M
     * @param pointwiseShape {@code (Cout, C*M, 1...)}
     * @param spec the depthwise stage's stride, padding, dilation and padding mode (groups left at 1 or C)
     * @return weights and multiply-adds of the standard convolution and of each stage
     * @throws IllegalArgumentException if the weights do not fit the input or each other, naming the shapes
     */
    public static Cost cost(int[] inputShape, int[] depthwiseShape, int[] pointwiseShape, ConvSpec spec) {
        Stages s = Stages.of(inputShape, depthwiseShape, pointwiseShape, spec);
        ConvProblem p = ConvProblem.conv(inputShape, depthwiseShape, s.depthwise);
        long outputs = (long) p.batch() * Tensor.numel(p.smallSpatial());
        long taps = Tensor.numel(p.geometry().kernel());
        long c = p.inChannels();
        long cm = depthwiseShape[0];
        long cout = pointwiseShape[0];
        return new Cost(cout * c * taps, cm * taps, cout * cm, outputs * cout * c * taps, outputs * cm * taps,
                outputs * cout * cm);
    }

    /**
     * Weights (biases not counted) and multiply-adds (over the whole batch) of the standard
     * convolution {@code (C_out, C, k...)} with the same geometry and output, and of the two stages.
     * For a channel multiplier of 1 the ratio is {@code 1/C_out + 1/prod(k)} for both.
     *
     * @param standardParameters the standard convolution's weights
     * @param depthwiseParameters the depthwise stage's weights
     * @param pointwiseParameters the pointwise stage's weights
     * @param standardMultiplyAdds the standard convolution's multiply-adds
     * @param depthwiseMultiplyAdds the depthwise stage's multiply-adds
     * @param pointwiseMultiplyAdds the pointwise stage's multiply-adds
     */
    public record Cost(long standardParameters, long depthwiseParameters, long pointwiseParameters,
                       long standardMultiplyAdds, long depthwiseMultiplyAdds, long pointwiseMultiplyAdds) {
        /**
         * Weights of both stages.
         *
         * @return depthwise plus pointwise weights
         */
        public long separableParameters() {
            return depthwiseParameters + pointwiseParameters;
        }

        /**
         * Multiply-adds of both stages.
         *
         * @return depthwise plus pointwise multiply-adds
         */
        public long separableMultiplyAdds() {
            return depthwiseMultiplyAdds + pointwiseMultiplyAdds;
        }

        /**
         * Separable over standard weights.
         *
         * @return the ratio, below 1 when the separable form is smaller
         */
        public double parameterRatio() {
            return (double) separableParameters() / standardParameters;
        }

        /**
         * Separable over standard multiply-adds (NaN for an empty batch).
         *
         * @return the ratio, below 1 when the separable form is cheaper
         */
        public double multiplyAddRatio() {
            return (double) separableMultiplyAdds() / standardMultiplyAdds;
        }
    }

    /** The two stages' specs, after checking that the weights fit the input and each other. */
    private record Stages(ConvSpec depthwise, ConvSpec pointwise) {
        static Stages of(int[] input, int[] dw, int[] pw, ConvSpec spec) {
            int dims = dw.length - 2;
            if (dw.length < 3 || dw.length > 5) {
                throw new IllegalArgumentException("the depthwise weight has shape " + Arrays.toString(dw)
                        + " but must be (C*M, 1, k...) with 1 to 3 spatial dimensions");
            }
            if (input.length != dw.length && input.length != dw.length - 1) {
                throw new IllegalArgumentException("the input has shape " + Arrays.toString(input) + " but a " + dims
                        + "-D depthwise weight takes (N, C, spatial...) or unbatched (C, spatial...)");
            }
            int c = input[input.length == dw.length ? 1 : 0];
            if (c < 1 || dw[1] != 1 || dw[0] < 1 || dw[0] % c != 0) {
                throw new IllegalArgumentException("the depthwise weight has shape " + Arrays.toString(dw)
                        + " but must be (C*M, 1, k...) for C = " + c + " input channels and a channel multiplier M"
                        + (c >= 1 ? ", e.g. (" + c + ", 1, ...)" : ""));
            }
            if (pw.length != dw.length || pw[1] != dw[0] || !allOnes(pw, 2)) {
                int[] want = new int[dw.length];
                Arrays.fill(want, 1);
                want[0] = pw.length > 0 ? pw[0] : 1;
                want[1] = dw[0];
                throw new IllegalArgumentException("the pointwise weight has shape " + Arrays.toString(pw)
                        + " but must be (C_out, C*M, 1...) = " + Arrays.toString(want).replace('[', '(').replace(']', ')')
                        + " after a depthwise weight " + Arrays.toString(dw));
            }
            if (spec.groups() != 1 && spec.groups() != c) {
                throw new IllegalArgumentException("groups " + spec.groups() + " does not fit: the depthwise stage "
                        + "always has groups = C = " + c + "; leave groups at 1 (or " + c + ")");
            }
            if (spec.hasOutputPadding()) {
                throw new IllegalArgumentException("output_padding belongs to transposed convolutions; drop it");
            }
            int[] ones = new int[dims];
            Arrays.fill(ones, 1);
            return new Stages(spec.withGroups(c), ConvSpec.defaults().withStride(ones).withPadding(0));
        }

        private static boolean allOnes(int[] v, int from) {
            for (int i = from; i < v.length; i++) {
                if (v[i] != 1) {
                    return false;
                }
            }
            return true;
        }
    }
}
