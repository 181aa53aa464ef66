package org.convkit;

import org.convkit.algo.pool.DirectPool;
import org.convkit.algo.reference.ReferencePool;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;

/**
 * A max, average or Lp pooling prepared once and run many times, as a layer of a network is
 * ({@link Pool#prepare}): its windows, the path the kernels take and that path's tables are made
 * when the layer first sees an input shape, not on every call, and {@link #forward(Tensor, Tensor)}
 * writes into a caller's tensor, so repeated calls allocate nothing beyond pooled workspaces (on
 * small maps a new output costs about as much as the pooling itself). It is immutable and
 * thread-safe.
 *
 * <p>Results are bitwise those of {@link Pool#forward(Tensor, PoolSpec, ConvOptions)} with the same
 * options. Inputs of other shapes are welcome: each new shape is prepared on first use and kept, up
 * to {@link ConvLayer#MAX_SHAPES} shapes.
 */
public final class PoolLayer {
    private final PoolSpec spec;
    private final ConvOptions options;
    private final PreparedShapes<Ready> ready = new PreparedShapes<>(this::prepare);

    /** One input shape made ready: its problem and, unless the reference runs, its prepared pass. */
    private record Ready(PoolProblem problem, DirectPool.Forward pass) {
    }

    PoolLayer(PoolSpec spec, int[] inputShape, ConvOptions options) {
        Pool.checkAlgorithm(options);
        this.spec = spec;
        this.options = options;
        ready.get(inputShape);
    }

    /**
     * The pooled input, in a new tensor.
     *
     * @param input {@code (N, C, spatial...)} or {@code (C, spatial...)}; a shape not seen before is
     *     prepared on first use
     * @return {@code (N, C, out...)} or {@code (C, out...)}
     * @throws IllegalArgumentException if the window does not fit the input
     */
    public Tensor forward(Tensor input) {
        Ready r = ready.get(input.shape());
        Tensor y = Tensor.zeros(r.problem.userOutputShape());
        run(r, input, y);
        return y;
    }

    /**
     * Writes the pooled input into {@code output}.
     *
     * @param input {@code (N, C, spatial...)} or {@code (C, spatial...)}
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
     * @param inputShape {@code (N, C, spatial...)} or {@code (C, spatial...)}
     * @return {@code (N, C, out...)} or {@code (C, out...)}
     * @throws IllegalArgumentException if the window does not fit the input
     */
    public int[] outputShape(int[] inputShape) {
        return ready.get(inputShape).problem.userOutputShape();
    }

    /**
     * The pooling's parameters.
     *
     * @return the spec the layer was prepared with
     */
    public PoolSpec spec() {
        return spec;
    }

    private void run(Ready r, Tensor input, Tensor output) {
        if (r.pass == null) {
            float[] ref = Tensors.result(ReferencePool.forward(r.problem, Tensors.batched(input, r.problem.inputShape())),
                    r.problem.userOutputShape()).data();
            System.arraycopy(ref, 0, output.data(), 0, ref.length);
        } else {
            r.pass.run(input.data(), output.data(), options.threads());
        }
    }

    private Ready prepare(int[] inputShape) {
        PoolProblem p = PoolProblem.of(inputShape, spec);
        return new Ready(p, Pool.onReference(p, options) ? null : DirectPool.prepare(p));
    }

    @Override
    public String toString() {
        return "Pool layer, " + spec;
    }
}
