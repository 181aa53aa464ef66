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

    public static Tensor forward(Tensor input, Tensor weight, ConvSpec spec) {
        return forward(input, weight, null, spec);
    }

    /** {@code bias} may be null. */
    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, ConvSpec spec) {
        return forward(input, weight, bias, spec, ConvOptions.defaults());
    }

    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, ConvSpec spec, ConvOptions options) {
        ConvProblem p = ConvProblem.convTranspose(input.shape(), weight.shape(), spec);
        p.checkBias(bias == null ? null : bias.shape());
        Tensor y = Tensor.zeros(p.userOutputShape());
        Planner.plan(p, Pass.SCATTER, options, weight.data()).run(y.data(), input.data(), weight.data(),
                Conv.data(bias));
        return y;
    }

    /**
     * A layer prepared once for this weight and bias (which may be null) and inputs of
     * {@code inputShape}, to run many times: see {@link ConvLayer}. Its results are bitwise those of
     * {@link #forward} with the same options.
     */
    public static ConvLayer prepare(Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape) {
        return prepare(weight, bias, spec, inputShape, ConvOptions.defaults());
    }

    public static ConvLayer prepare(Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape, ConvOptions options) {
        return new ConvLayer(true, weight, bias, spec, inputShape, options);
    }

    /** The plan {@link #forward} would follow: its {@link Plan#explain()} says which algorithm and why. */
    public static Plan plan(int[] inputShape, Tensor weight, ConvSpec spec, ConvOptions options) {
        return Planner.plan(ConvProblem.convTranspose(inputShape, weight.shape(), spec), Pass.SCATTER, options,
                weight.data());
    }

    /** The shape {@link #forward} would return, checked the same way. */
    public static int[] outputShape(int[] inputShape, int[] weightShape, ConvSpec spec) {
        return ConvProblem.convTranspose(inputShape, weightShape, spec).userOutputShape();
    }

    /** Gradient with respect to the input: the convolution of {@code gradOutput}. */
    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec) {
        return gradInput(gradOutput, weight, inputShape, spec, ConvOptions.defaults());
    }

    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec,
                                   ConvOptions options) {
        ConvProblem p = ConvProblem.convTranspose(inputShape, weight.shape(), spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        Tensor gx = Tensor.zeros(p.userInputShape());
        Planner.plan(p, Pass.GATHER, options, weight.data()).run(gradOutput.data(), gx.data(), weight.data(), null);
        return gx;
    }

    /** Gradient with respect to a weight of shape {@code weightShape}. */
    public static Tensor gradWeight(Tensor input, Tensor gradOutput, int[] weightShape, ConvSpec spec) {
        return gradWeight(input, gradOutput, weightShape, spec, ConvOptions.defaults());
    }

    public static Tensor gradWeight(Tensor input, Tensor gradOutput, int[] weightShape, ConvSpec spec,
                                    ConvOptions options) {
        ConvProblem p = ConvProblem.convTranspose(input.shape(), weightShape, spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        Tensor gw = Tensor.zeros(weightShape);
        Planner.plan(p, Pass.WEIGHT_GRAD, options).run(gradOutput.data(), input.data(), gw.data(), null);
        return gw;
    }

    /** Gradient with respect to the bias (batched gradient). */
    public static Tensor gradBias(Tensor gradOutput) {
        return Conv.gradBias(gradOutput);
    }

    /** As {@link #gradBias(Tensor)}; {@code batched=false} for an unbatched gradient. */
    public static Tensor gradBias(Tensor gradOutput, boolean batched) {
        return Conv.gradBias(gradOutput, batched);
    }
}
