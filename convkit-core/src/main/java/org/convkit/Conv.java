package org.convkit;

import org.convkit.algo.Pass;
import org.convkit.plan.Plan;
import org.convkit.plan.Planner;
import org.convkit.algo.reference.ReferenceConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * Convolution as deep-learning frameworks define it: a cross-correlation (or, with
 * {@link ConvSpec#withFlip}, a true convolution) of an input {@code (N, Cin, spatial...)} with a
 * weight {@code (Cout, Cin/groups, k...)}, plus an optional bias {@code (Cout)}. The weight's rank
 * (3, 4, 5) sets the number of spatial dimensions (1, 2, 3).
 *
 * <p>Output size per dimension: {@code floor((n + p_before + p_after - d(k-1) - 1)/s) + 1}; see
 * {@link org.convkit.spec.Geometry}. The planner picks the algorithm (see {@link #plan}); pass
 * {@link ConvOptions} to force one or to set the thread count.
 */
public final class Conv {
    private Conv() {
    }

    /**
     * The convolution of {@code input} with {@code weight}, without bias, by the planner's choice.
     *
     * @param input {@code (N, Cin, spatial...)}, or unbatched {@code (Cin, spatial...)}
     * @param weight {@code (Cout, Cin/groups, k...)}; its rank is the input's batched rank
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor forward(Tensor input, Tensor weight, ConvSpec spec) {
        return forward(input, weight, null, spec);
    }

    /**
     * The convolution of {@code input} with {@code weight}, plus {@code bias}, by the planner's choice.
     *
     * @param input {@code (N, Cin, spatial...)}, or unbatched {@code (Cin, spatial...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param bias {@code (Cout)}, or null for none
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the shapes do not fit together, naming which and why
     */
    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, ConvSpec spec) {
        return forward(input, weight, bias, spec, ConvOptions.defaults());
    }

    /**
     * The convolution, with the algorithm, threads and tuning of {@code options}.
     *
     * @param input {@code (N, Cin, spatial...)}, or unbatched {@code (Cin, spatial...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param bias {@code (Cout)}, or null for none
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return {@code (N, Cout, out...)} (unbatched: {@code (Cout, out...)})
     * @throws IllegalArgumentException if the shapes do not fit together, or the forced algorithm
     *     cannot do this problem (the message says why)
     */
    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, ConvSpec spec, ConvOptions options) {
        ConvProblem p = ConvProblem.conv(input.shape(), weight.shape(), spec);
        p.checkBias(bias == null ? null : bias.shape());
        Tensor y = Tensor.zeros(p.userOutputShape());
        Planner.plan(p, Pass.GATHER, options, weight.data()).run(input.data(), y.data(), weight.data(), data(bias));
        return y;
    }

    /**
     * A layer prepared once for this weight and bias (which may be null) and inputs of
     * {@code inputShape}, to run many times: see {@link ConvLayer}. Its results are bitwise those of
     * {@link #forward} with the same options.
     *
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param bias {@code (Cout)}, or null for none
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the shape it is planned for
     * @return the prepared layer
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static ConvLayer prepare(Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape) {
        return prepare(weight, bias, spec, inputShape, ConvOptions.defaults());
    }

    /**
     * {@link #prepare(Tensor, Tensor, ConvSpec, int[])} with the algorithm, threads and tuning of
     * {@code options}.
     *
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param bias {@code (Cout)}, or null for none
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the shape it is planned for
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the prepared layer
     * @throws IllegalArgumentException if the shapes do not fit together, or the forced algorithm
     *     cannot do this problem
     */
    public static ConvLayer prepare(Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape, ConvOptions options) {
        return new ConvLayer(false, weight, bias, spec, inputShape, options);
    }

    /**
     * The plan {@link #forward} would follow, without running it.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the plan: {@link Plan#algorithm()} and, in {@link Plan#explain()}, why
     */
    public static Plan plan(int[] inputShape, Tensor weight, ConvSpec spec, ConvOptions options) {
        return Planner.plan(ConvProblem.conv(inputShape, weight.shape(), spec), Pass.GATHER, options, weight.data());
    }

    /**
     * The shape {@link #forward} would return, checked the same way.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weightShape {@code (Cout, Cin/groups, k...)}
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @return {@code (N, Cout, out...)} or {@code (Cout, out...)}
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static int[] outputShape(int[] inputShape, int[] weightShape, ConvSpec spec) {
        return ConvProblem.conv(inputShape, weightShape, spec).userOutputShape();
    }

    /**
     * Gradient with respect to the input of shape {@code inputShape}: the transposed convolution of
     * {@code gradOutput} (borders folded back for non-zero padding modes).
     *
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the forward input's
     * @param spec the forward pass's spec
     * @return the gradient with respect to the input, of {@code inputShape}
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec) {
        return gradInput(gradOutput, weight, inputShape, spec, ConvOptions.defaults());
    }

    /**
     * {@link #gradInput(Tensor, Tensor, int[], ConvSpec)} with the algorithm, threads and tuning of
     * {@code options}.
     *
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}: the forward input's
     * @param spec the forward pass's spec
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the gradient with respect to the input, of {@code inputShape}
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec,
                                   ConvOptions options) {
        ConvProblem p = ConvProblem.conv(inputShape, weight.shape(), spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        Tensor gx = Tensor.zeros(p.userInputShape());
        Planner.plan(p, Pass.SCATTER, options, weight.data()).run(gx.data(), gradOutput.data(), weight.data(), null);
        return gx;
    }

    /**
     * Gradient with respect to a weight of shape {@code weightShape}.
     *
     * @param input the forward pass's input: {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, Cout, out...)}
     * @param weightShape {@code (Cout, Cin/groups, k...)}
     * @param spec the forward pass's spec
     * @return the gradient with respect to the weight, of {@code weightShape}
     * @throws IllegalArgumentException if the shapes do not fit together
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
     * @param weightShape {@code (Cout, Cin/groups, k...)}
     * @param spec the forward pass's spec
     * @param options the algorithm (or {@link Algorithm#AUTO}), threads and tuning
     * @return the gradient with respect to the weight, of {@code weightShape}
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static Tensor gradWeight(Tensor input, Tensor gradOutput, int[] weightShape, ConvSpec spec,
                                    ConvOptions options) {
        ConvProblem p = ConvProblem.conv(input.shape(), weightShape, spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        Tensor gw = Tensor.zeros(weightShape);
        Planner.plan(p, Pass.WEIGHT_GRAD, options).run(input.data(), gradOutput.data(), gw.data(), null);
        return gw;
    }

    /**
     * Gradient with respect to the bias: the output gradient summed over batch and space, per channel.
     *
     * @param gradOutput {@code (N, Cout, out...)}
     * @return {@code (Cout)}
     */
    public static Tensor gradBias(Tensor gradOutput) {
        return gradBias(gradOutput, true);
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
        int[] s = gradOutput.shape();
        int min = batched ? 2 : 1;
        if (s.length < min) {
            throw new IllegalArgumentException("the output gradient has shape " + java.util.Arrays.toString(s)
                    + " but needs a channel dimension");
        }
        int[] b = batched ? s : prepend(s);
        double[] g = ReferenceConv.biasGrad(Tensors.batched(gradOutput, b));
        return new DoubleTensor(g, new int[] {g.length}).toTensor();
    }

    static float[] data(Tensor t) {
        return t == null ? null : t.data();
    }

    private static int[] prepend(int[] s) {
        int[] b = new int[s.length + 1];
        b[0] = 1;
        System.arraycopy(s, 0, b, 1, s.length);
        return b;
    }
}
