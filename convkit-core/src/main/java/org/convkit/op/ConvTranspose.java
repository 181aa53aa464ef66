package org.convkit.op;

import org.convkit.algo.reference.ReferenceConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.DoubleTensor;
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
        ConvProblem p = ConvProblem.convTranspose(input.shape(), weight.shape(), spec);
        p.checkBias(bias == null ? null : bias.shape());
        DoubleTensor y = ReferenceConv.scatter(p, Tensors.batched(input, p.inputShape()), DoubleTensor.of(weight),
                Tensors.widen(bias));
        return Tensors.result(y, p.userOutputShape());
    }

    /** The shape {@link #forward} would return, checked the same way. */
    public static int[] outputShape(int[] inputShape, int[] weightShape, ConvSpec spec) {
        return ConvProblem.convTranspose(inputShape, weightShape, spec).userOutputShape();
    }

    /** Gradient with respect to the input: the convolution of {@code gradOutput}. */
    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec) {
        ConvProblem p = ConvProblem.convTranspose(inputShape, weight.shape(), spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        DoubleTensor gx = ReferenceConv.gather(p, Tensors.batched(gradOutput, p.outputShape()),
                DoubleTensor.of(weight), null);
        return Tensors.result(gx, p.userInputShape());
    }

    /** Gradient with respect to a weight of shape {@code weightShape}. */
    public static Tensor gradWeight(Tensor input, Tensor gradOutput, int[] weightShape, ConvSpec spec) {
        ConvProblem p = ConvProblem.convTranspose(input.shape(), weightShape, spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        DoubleTensor gw = ReferenceConv.weightGrad(p, Tensors.batched(gradOutput, p.outputShape()),
                Tensors.batched(input, p.inputShape()));
        return gw.toTensor();
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
