package org.convkit.deconv;

import java.util.Arrays;

import org.convkit.ConvOptions;
import org.convkit.algo.Pass;
import org.convkit.plan.Plan;
import org.convkit.plan.Planner;
import org.convkit.algo.reference.ReferenceConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * A convolution (any {@link ConvSpec}: channels, stride, groups, dilation, padding and padding
 * mode) on an input of a given shape, as a {@link LinearOperator}: {@code apply} is the convolution
 * without its bias and {@code applyAdjoint} its input gradient, the transposed convolution C^T.
 *
 * <p>Two ways to compute: {@link #of} plans the library's fast float32 engine once for both
 * passes (doubles are rounded to float32 on the way in, so each product carries float32 error, a
 * few 1e-7 relative); {@link #exact} runs the double-precision reference loops (slow, but the
 * products are exact to double rounding, which lets a solve go as far as the conditioning allows).
 */
public final class ConvOperator implements LinearOperator {
    private final ConvProblem problem;
    private final float[] weight;
    private final double[] weightDouble;
    private final Plan forward;
    private final Plan adjoint;
    private final int inputSize;
    private final int outputSize;
    private final float[] big;
    private final float[] small;

    private ConvOperator(ConvProblem problem, Tensor weight, ConvOptions options) {
        this.problem = problem;
        this.weight = weight.data();
        this.inputSize = Math.toIntExact(Tensor.numel(problem.inputShape()));
        this.outputSize = Math.toIntExact(Tensor.numel(problem.outputShape()));
        if (options == null) {
            weightDouble = DoubleTensor.of(weight).data();
            forward = adjoint = null;
            big = small = null;
        } else {
            weightDouble = null;
            forward = Planner.plan(problem, Pass.GATHER, options, this.weight);
            adjoint = Planner.plan(problem, Pass.SCATTER, options, this.weight);
            big = new float[inputSize];
            small = new float[outputSize];
        }
    }

    /**
     * The layer on the fast engine with {@code options} (algorithm, threads).
     *
     * @param inputShape the layer's input shape: {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param spec stride, padding, dilation, groups and padding mode
     * @param options the algorithm, threads and tuning of both passes
     * @return the operator, x the flat input and A x the flat output
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static ConvOperator of(int[] inputShape, Tensor weight, ConvSpec spec, ConvOptions options) {
        return new ConvOperator(ConvProblem.conv(inputShape, weight.shape(), spec), weight, options);
    }

    /**
     * The layer on the double-precision reference loops.
     *
     * @param inputShape the layer's input shape: {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param spec stride, padding, dilation, groups and padding mode
     * @return the operator, x the flat input and A x the flat output
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static ConvOperator exact(int[] inputShape, Tensor weight, ConvSpec spec) {
        return new ConvOperator(ConvProblem.conv(inputShape, weight.shape(), spec), weight, null);
    }

    /**
     * The input shape as given (batched or not).
     *
     * @return a copy
     */
    public int[] inputShape() {
        return problem.userInputShape();
    }

    /**
     * The output shape as the convolution returns it.
     *
     * @return a copy
     */
    public int[] outputShape() {
        return problem.userOutputShape();
    }

    /**
     * The checked convolution.
     *
     * @return the problem
     */
    public ConvProblem problem() {
        return problem;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public void apply(double[] x, double[] out) {
        if (forward == null) {
            DoubleTensor y = ReferenceConv.gather(problem, new DoubleTensor(x, problem.inputShape()),
                    new DoubleTensor(weightDouble, problem.weightShape()), null);
            System.arraycopy(y.data(), 0, out, 0, outputSize);
            return;
        }
        narrow(x, big);
        Arrays.fill(small, 0);
        forward.run(big, small, weight, null);
        widen(small, out);
    }

    @Override
    public void applyAdjoint(double[] y, double[] out) {
        if (adjoint == null) {
            DoubleTensor x = ReferenceConv.scatter(problem, new DoubleTensor(y, problem.outputShape()),
                    new DoubleTensor(weightDouble, problem.weightShape()), null);
            System.arraycopy(x.data(), 0, out, 0, inputSize);
            return;
        }
        narrow(y, small);
        Arrays.fill(big, 0);
        adjoint.run(big, small, weight, null);
        widen(big, out);
    }

    private static void narrow(double[] from, float[] to) {
        for (int i = 0; i < to.length; i++) {
            to[i] = (float) from[i];
        }
    }

    private static void widen(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i];
        }
    }
}
