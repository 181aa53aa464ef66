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

    /** Global pooling: one window over the whole of each (batched) input map. */
    public static PoolProblem global(int[] inputShape, PoolSpec.Kind kind) {
        if (inputShape.length < 3 || inputShape.length > 5) {
            throw new IllegalArgumentException("global pooling input has shape " + Arrays.toString(inputShape)
                    + " but must be (N, C, spatial...) with 1 to 3 spatial dimensions");
        }
        int[] spatial = Arrays.copyOfRange(inputShape, 2, inputShape.length);
        return of(inputShape, PoolSpec.of(kind, spatial));
    }

    public boolean batched() {
        return batched;
    }

    public int batch() {
        return batch;
    }

    public int channels() {
        return channels;
    }

    public PoolSpec spec() {
        return spec;
    }

    public Geometry geometry() {
        return geometry;
    }

    /** (N, C, out...) */
    public int[] outputShape() {
        return shape(geometry.output(), true);
    }

    /** (N, C, in...) */
    public int[] inputShape() {
        return shape(geometry.input(), true);
    }

    /** The output shape as the caller sees it (no batch dimension for an unbatched input). */
    public int[] userOutputShape() {
        return shape(geometry.output(), batched);
    }

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
