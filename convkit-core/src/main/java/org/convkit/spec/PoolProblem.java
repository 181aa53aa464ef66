package org.convkit.spec;

import java.util.Arrays;

/**
 * A pooling checked against a concrete input shape. The number of spatial dimensions is the
 * kernel's value count when it was given per dimension (so {@code (C, H, W)} with a 2-value kernel
 * is an unbatched 2-D input), otherwise the input's rank less two (batched).
 */
public final class PoolProblem {
    private final boolean batched;
    private final int batch;
    private final int channels;
    private final PoolSpec spec;
    private final Geometry geometry;

    private PoolProblem(boolean batched, int batch, int channels, PoolSpec spec, Geometry geometry) {
        this.batched = batched;
        this.batch = batch;
        this.channels = channels;
        this.spec = spec;
        this.geometry = geometry;
    }

    /**
     * A windowed pooling, checked.
     *
     * @param inputShape {@code (N, C, spatial...)} or {@code (C, spatial...)}
     * @param spec the pooling's parameters
     * @return the problem
     * @throws IllegalArgumentException if the window does not fit the input, naming the numbers
     */
    public static PoolProblem of(int[] inputShape, PoolSpec spec) {
        int dims = spatialDims("pooling", inputShape, spec);
        boolean batched = inputShape.length == dims + 2;
        int off = batched ? 2 : 1;
        int[] spatial = Arrays.copyOfRange(inputShape, off, inputShape.length);
        Geometry g = Geometry.pool(spatial, spec);
        return new PoolProblem(batched, batched ? inputShape[0] : 1, inputShape[off - 1], spec, g);
    }

    /**
     * How many of {@code shape}'s dimensions are spatial: the kernel's value count when it has one
     * per dimension; otherwise rank - 2 (batched), except that a rank-2 input can only be an
     * unbatched 1-D one.
     *
     * @param what the operation, for error messages ("max-unpooling")
     * @param shape the input's shape
     * @param spec the pooling's parameters
     * @return 1, 2 or 3
     * @throws IllegalArgumentException if the shape cannot be such an input
     */
    public static int spatialDims(String what, int[] shape, PoolSpec spec) {
        int kv = spec.kernelValues();
        int dims = kv > 1 ? kv : shape.length == 2 ? 1 : shape.length - 2;
        if (dims < 1 || dims > 3 || (shape.length != dims + 2 && shape.length != dims + 1)) {
            throw new IllegalArgumentException(what + " input has shape " + Arrays.toString(shape) + " but must be "
                    + "(N, C, spatial...) or, with one kernel value per spatial dimension, (C, spatial...), with 1 to 3 "
                    + "spatial dimensions" + (kv > 1 ? " (the kernel has " + kv + ")" : ""));
        }
        return dims;
    }

    /**
     * Global pooling: one window over the whole of each (batched) input map.
     *
     * @param inputShape {@code (N, C, spatial...)}
     * @param kind max or average
     * @return the problem
     * @throws IllegalArgumentException if the input has no spatial dimension
     */
    public static PoolProblem global(int[] inputShape, PoolSpec.Kind kind) {
        if (inputShape.length < 3 || inputShape.length > 5) {
            throw new IllegalArgumentException("global pooling input has shape " + Arrays.toString(inputShape)
                    + " but must be (N, C, spatial...) with 1 to 3 spatial dimensions");
        }
        int[] spatial = Arrays.copyOfRange(inputShape, 2, inputShape.length);
        return of(inputShape, PoolSpec.of(kind, spatial));
    }

    /**
     * Whether the input had a batch dimension.
     *
     * @return true for {@code (N, C, spatial...)} inputs
     */
    public boolean batched() {
        return batched;
    }

    /**
     * The batch size.
     *
     * @return N, or 1 for an unbatched input
     */
    public int batch() {
        return batch;
    }

    /**
     * The channels, the same in and out.
     *
     * @return C
     */
    public int channels() {
        return channels;
    }

    /**
     * The spec it was checked with.
     *
     * @return the spec
     */
    public PoolSpec spec() {
        return spec;
    }

    /**
     * The spatial arithmetic, padding resolved.
     *
     * @return the geometry
     */
    public Geometry geometry() {
        return geometry;
    }

    /**
     * The output shape, batched.
     *
     * @return {@code (N, C, out...)}
     */
    public int[] outputShape() {
        return shape(geometry.output(), true);
    }

    /**
     * The input shape, batched.
     *
     * @return {@code (N, C, in...)}
     */
    public int[] inputShape() {
        return shape(geometry.input(), true);
    }

    /**
     * The output shape as the caller sees it (no batch dimension for an unbatched input).
     *
     * @return {@code (N, C, out...)} or {@code (C, out...)}
     */
    public int[] userOutputShape() {
        return shape(geometry.output(), batched);
    }

    /**
     * The input shape as the caller gave it.
     *
     * @return {@code (N, C, in...)} or {@code (C, in...)}
     */
    public int[] userInputShape() {
        return shape(geometry.input(), batched);
    }

    private int[] shape(int[] spatial, boolean withBatch) {
        int off = withBatch ? 2 : 1;
        int[] s = new int[spatial.length + off];
        if (withBatch) {
            s[0] = batch;
        }
        s[off - 1] = channels;
        System.arraycopy(spatial, 0, s, off, spatial.length);
        return s;
    }
}
