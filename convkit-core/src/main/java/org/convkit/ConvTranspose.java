package org.convkit;

import org.convkit.algo.Pass;
import org.convkit.plan.Plan;
import org.convkit.plan.Planner;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

/**
 * Transposed convolution ("fractionally strided"; not a deconvolution, which is the true inverse):
 * the adjoint of the {@link Conv} with the same parameters, mapping an input {@code (N, Cin,
 * spatial...)} with a weight {@code (Cin, Cout/groups, k...)} to {@code (N, Cout, spatial...)}.
 *
 * <p>Output size per dimension: {@code (n - 1)s - p_before - p_after + d(k-1) + output_padding + 1}.
 * Unlike other libraries, any padding mode is accepted: with reflect, replicate or circular the
 * result is the exact adjoint of the convolution padded that way, so what would land in the border
 * is folded back onto the cells the border copies.
 */
public final class ConvTranspose {
    private ConvTranspose() {
    }

    /**
     * The transposed convolution of {@code input} with {@code weight}, without bias.
     *
     * @param input {@code (N, Cin, spatial...)}, or unbatched {@code (Cin, spatial...)}
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param spec the spec of the convolution this is the transpose of, with its output padding
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor forward(Tensor input, Tensor weight, ConvSpec spec) {
        return forward(input, weight, null, spec);
    }

    /**
     * The transposed convolution of {@code input} with {@code weight}, plus {@code bias}.
     *
     * @param input {@code (N, Cin, spatial...)}, or unbatched {@code (Cin, spatial...)}
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param bias {@code (Cout)}, or null for none
     * @param spec the spec of the convolution this is the transpose of, with its output padding
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, ConvSpec spec) {
        return forward(input, weight, bias, spec, ConvOptions.defaults());
    }

    /**
     * The transposed convolution, with the algorithm, threads and tuning of {@code options}.
     *
     * @param input {@code (N, Cin, spatial...)}, or unbatched {@code (Cin, spatial...)}
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param bias {@code (Cout)}, or null for none
     * @param spec the spec of the convolution this is the transpose of, with its output padding
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the shapes do not fit together, or the forced algorithm
     *     cannot do this problem (the message says why)
     */
    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, ConvSpec spec, ConvOptions options) {
        ConvProblem p = ConvProblem.convTranspose(input.shape(), weight.shape(), spec);
        p.checkBias(bias == null ? null : bias.shape());
        Tensor y = Tensor.zeros(p.userOutputShape());
        Planner.plan(p, Pass.SCATTER, options, weight.data()).run(y.data(), input.data(), weight.data(),
                Conv.data(bias));
        return y;
    }

    /**
     * A layer prepared once for this weight and bias and inputs of {@code inputShape}, to run many
     * times: see {@link ConvLayer}. Its results are bitwise those of {@link #forward} with the same
     * options.
     *
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param bias {@code (Cout)}, or null for none
     * @param spec the spec of the convolution this is the transpose of, with its output padding
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the shape it is planned for
     * @return the prepared layer
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static ConvLayer prepare(Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape) {
        return prepare(weight, bias, spec, inputShape, ConvOptions.defaults());
    }

    /**
     * {@link #prepare(Tensor, Tensor, ConvSpec, int[])} with the algorithm, threads and tuning of
     * {@code options}.
     *
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param bias {@code (Cout)}, or null for none
     * @param spec the spec of the convolution this is the transpose of, with its output padding
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the shape it is planned for
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the prepared layer
     * @throws IllegalArgumentException if the shapes do not fit together, or the forced algorithm
     *     cannot do this problem
     */
    public static ConvLayer prepare(Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape, ConvOptions options) {
        return new ConvLayer(true, weight, bias, spec, inputShape, options);
    }

    /**
     * The plan {@link #forward} would follow, without running it.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param spec the spec of the convolution this is the transpose of, with its output padding
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the plan: {@link Plan#algorithm()} and, in {@link Plan#explain()}, why
     */
    public static Plan plan(int[] inputShape, Tensor weight, ConvSpec spec, ConvOptions options) {
        return Planner.plan(ConvProblem.convTranspose(inputShape, weight.shape(), spec), Pass.SCATTER, options,
                weight.data());
    }

    /**
     * The shape {@link #forward} would return, checked the same way.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weightShape {@code (Cin, Cout/groups, k...)}
     * @param spec the spec of the convolution this is the transpose of, with its output padding
     * @return {@code (N, Cout, out...)} or {@code (Cout, out...)}
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static int[] outputShape(int[] inputShape, int[] weightShape, ConvSpec spec) {
        return ConvProblem.convTranspose(inputShape, weightShape, spec).userOutputShape();
    }

    /**
     * Gradient with respect to the input: the convolution of {@code gradOutput}.
     *
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the forward input's
     * @param spec the forward pass's spec
     * @return the gradient with respect to the input, of {@code inputShape}
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec) {
        return gradInput(gradOutput, weight, inputShape, spec, ConvOptions.defaults());
    }

    /**
     * {@link #gradInput(Tensor, Tensor, int[], ConvSpec)} with the algorithm, threads and tuning of
     * {@code options}.
     *
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param weight {@code (Cin, Cout/groups, k...)}: note the order, as PyTorch's
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the forward input's
     * @param spec the forward pass's spec
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the gradient with respect to the input, of {@code inputShape}
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec,
                                   ConvOptions options) {
        ConvProblem p = ConvProblem.convTranspose(inputShape, weight.shape(), spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        Tensor gx = Tensor.zeros(p.userInputShape());
        Planner.plan(p, Pass.GATHER, options, weight.data()).run(gradOutput.data(), gx.data(), weight.data(), null);
        return gx;
    }

    /**
     * Gradient with respect to a weight of shape {@code weightShape}.
     *
     * @param input the forward pass's input: {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param weightShape {@code (Cin, Cout/groups, k...)}
     * @param spec the forward pass's spec
     * @return the gradient with respect to the weight, of {@code weightShape}
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor gradWeight(Tensor input, Tensor gradOutput, int[] weightShape, ConvSpec spec) {
        return gradWeight(input, gradOutput, weightShape, spec, ConvOptions.defaults());
    }

    /**
     * {@link #gradWeight(Tensor, Tensor, int[], ConvSpec)} with the algorithm, threads and tuning of
     * {@code options}.
     *
     * @param input the forward pass's input: {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param weightShape {@code (Cin, Cout/groups, k...)}
     * @param spec the forward pass's spec
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the gradient with respect to the weight, of {@code weightShape}
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor gradWeight(Tensor input, Tensor gradOutput, int[] weightShape, ConvSpec spec,
                                    ConvOptions options) {
        ConvProblem p = ConvProblem.convTranspose(input.shape(), weightShape, spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        Tensor gw = Tensor.zeros(weightShape);
        Planner.plan(p, Pass.WEIGHT_GRAD, options).run(gradOutput.data(), input.data(), gw.data(), null);
        return gw;
    }

    /**
     * Gradient with respect to the bias: the output gradient summed over batch and space, per channel.
     *
     * @param gradOutput {@code (N, Cout, out...)}
     * @return {@code (Cout)}
     */
    public static Tensor gradBias(Tensor gradOutput) {
        return Conv.gradBias(gradOutput);
    }

    /**
     * As {@link #gradBias(Tensor)}, for a batched or an unbatched gradient.
     *
     * @param gradOutput {@code (N, Cout, out...)}, or {@code (Cout, out...)} when not batched
     * @param batched whether {@code gradOutput} has a batch dimension
     * @return {@code (Cout)}
     * @throws IllegalArgumentException if {@code gradOutput} has no channel dimension
     */
    public static Tensor gradBias(Tensor gradOutput, boolean batched) {
        return Conv.gradBias(gradOutput, batched);
    }
}
