package org.convkit;

import java.util.Arrays;

import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.plan.Plan;
import org.convkit.plan.Planner;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

/**
 * A convolution or transposed convolution prepared once for its weight and bias and run many
 * times, as a layer of a network is ({@link Conv#prepare}, {@link ConvTranspose#prepare}): the
 * planner's choice, its tables and the algorithm's own form of the weight (packed GEMM panels,
 * for example) are made when the layer first sees an input shape, not on every call. The layer
 * copies what it needs of the weight and bias, so changing those tensors later does not change it;
 * it is immutable and thread-safe, and {@link #forward(Tensor, Tensor)} writes into a caller's
 * tensor, so repeated calls allocate nothing beyond pooled workspaces.
 *
 * <p>Results are bitwise those of {@link Conv#forward} (or {@link ConvTranspose#forward}) with the
 * same options. Inputs of other shapes are welcome (another batch size, say): each new shape is
 * prepared on first use and kept, up to {@link #MAX_SHAPES} shapes.
 */
public final class ConvLayer {
    /** Input shapes a layer keeps prepared; past this it prepares again rather than grow. */
    public static final int MAX_SHAPES = PreparedShapes.MAX_SHAPES;

    private final boolean transposed;
    private final float[] weight;
    private final int[] weightShape;
    private final float[] bias;
    private final ConvSpec spec;
    private final ConvOptions options;
    private final PreparedShapes<Ready> ready = new PreparedShapes<>(this::prepare);

    /** One input shape made ready: its problem, plan and prepared pass. */
    private record Ready(ConvProblem problem, Plan plan, ConvAlgorithm.Prepared pass) {
    }

    ConvLayer(boolean transposed, Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape, ConvOptions options) {
        this.transposed = transposed;
        this.weight = weight.data().clone();
        this.weightShape = weight.shape();
        this.bias = bias == null ? null : bias.data().clone();
        this.spec = spec;
        this.options = options;
        Ready first = ready.get(inputShape);
        first.problem.checkBias(bias == null ? null : bias.shape());
    }

    /**
     * The output for {@code input}, in a new tensor.
     *
     * @param input {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}; a shape not seen before is
     *     prepared on first use
     * @return {@code (N, Cout, out...)} or {@code (Cout, out...)}
     * @throws IllegalArgumentException if the input does not fit the weight
     */
    public Tensor forward(Tensor input) {
        Ready r = ready.get(input.shape());
        Tensor y = Tensor.zeros(r.problem.userOutputShape());
        run(r, input, y);
        return y;
    }

    /**
     * Writes the output for {@code input} into {@code output}.
     *
     * @param input {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param output of {@link #outputShape(int[])} for the input's shape, not sharing the input's data
     * @return {@code output}
     * @throws IllegalArgumentException if a shape does not fit, or the output shares the input's data
     */
    public Tensor forward(Tensor input, Tensor output) {
        Ready r = ready.get(input.shape());
        PreparedShapes.checkOutput(input, output, r.problem.userOutputShape());
        run(r, input, output);
        return output;
    }

    /**
     * The output shape for an input of this shape.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @return {@code (N, Cout, out...)} or {@code (Cout, out...)}
     * @throws IllegalArgumentException if the input does not fit the weight
     */
    public int[] outputShape(int[] inputShape) {
        return ready.get(inputShape).problem.userOutputShape();
    }

    /**
     * The plan for inputs of this shape.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @return the plan: {@link Plan#algorithm()} and, in {@link Plan#explain()}, why
     * @throws IllegalArgumentException if the input does not fit the weight
     */
    public Plan plan(int[] inputShape) {
        return ready.get(inputShape).plan;
    }

    /**
     * Whether this is a transposed convolution.
     *
     * @return true for a layer from {@link ConvTranspose#prepare}
     */
    public boolean transposed() {
        return transposed;
    }

    /**
     * The weight's shape (the layer holds its own copy of the values).
     *
     * @return {@code (Cout, Cin/groups, k...)}, or {@code (Cin, Cout/groups, k...)} when transposed
     */
    public int[] weightShape() {
        return weightShape.clone();
    }

    private void run(Ready r, Tensor input, Tensor output) {
        if (transposed) {
            r.pass.run(output.data(), input.data(), bias);
        } else {
            r.pass.run(input.data(), output.data(), bias);
        }
    }

    private Ready prepare(int[] inputShape) {
        ConvProblem p = transposed ? ConvProblem.convTranspose(inputShape, weightShape, spec)
                : ConvProblem.conv(inputShape, weightShape, spec);
        Pass pass = transposed ? Pass.SCATTER : Pass.GATHER;
        Plan plan = Planner.plan(p, pass, options, weight);
        return new Ready(p, plan, plan.prepare(weight));
    }

    @Override
    public String toString() {
        return (transposed ? "ConvTranspose" : "Conv") + " layer, weight " + Arrays.toString(weightShape)
                + (bias == null ? "" : " with bias") + ", " + spec;
    }
}
