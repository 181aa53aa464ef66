package org.convkit.op;

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
 * {@link org.convkit.spec.Geometry}. Results are computed in double and rounded once to float32.
 */
public final class Conv {
    private Conv() {
    }

    public static Tensor forward(Tensor input, Tensor weight, ConvSpec spec) {
        return forward(input, weight, null, spec);
    }

    /** {@code bias} may be null. */
    public static Tensor forward(Tensor input, Tensor weight, Tensor bias, ConvSpec spec) {
        ConvProblem p = ConvProblem.conv(input.shape(), weight.shape(), spec);
        p.checkBias(bias == null ? null : bias.shape());
        DoubleTensor y = ReferenceConv.gather(p, Tensors.batched(input, p.inputShape()), DoubleTensor.of(weight),
                Tensors.widen(bias));
        return Tensors.result(y, p.userOutputShape());
    }

    /** The shape {@link #forward} would return, checked the same way. */
    public static int[] outputShape(int[] inputShape, int[] weightShape, ConvSpec spec) {
        return ConvProblem.conv(inputShape, weightShape, spec).userOutputShape();
    }

    /**
     * Gradient with respect to the input of shape {@code inputShape}: the transposed convolution of
     * {@code gradOutput} (borders folded back for non-zero padding modes).
     */
    public static Tensor gradInput(Tensor gradOutput, Tensor weight, int[] inputShape, ConvSpec spec) {
        ConvProblem p = ConvProblem.conv(inputShape, weight.shape(), spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        DoubleTensor gx = ReferenceConv.scatter(p, Tensors.batched(gradOutput, p.outputShape()),
                DoubleTensor.of(weight), null);
        return Tensors.result(gx, p.userInputShape());
    }

    /** Gradient with respect to a weight of shape {@code weightShape}. */
    public static Tensor gradWeight(Tensor input, Tensor gradOutput, int[] weightShape, ConvSpec spec) {
        ConvProblem p = ConvProblem.conv(input.shape(), weightShape, spec);
        ConvProblem.checkShape("the output gradient", gradOutput.shape(), p.userOutputShape());
        DoubleTensor gw = ReferenceConv.weightGrad(p, Tensors.batched(input, p.inputShape()),
                Tensors.batched(gradOutput, p.outputShape()));
        return gw.toTensor();
    }

    /** Gradient with respect to the bias: the output gradient summed over batch and space, per channel. */
    public static Tensor gradBias(Tensor gradOutput) {
        return gradBias(gradOutput, true);
    }

    /** As {@link #gradBias(Tensor)}; {@code batched=false} for an unbatched {@code (C, spatial...)} gradient. */
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

    private static int[] prepend(int[] s) {
        int[] b = new int[s.length + 1];
        b[0] = 1;
        System.arraycopy(s, 0, b, 1, s.length);
        return b;
    }
}
