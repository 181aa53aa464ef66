package org.convkit.viz;

import org.convkit.spec.Geometry;
import org.convkit.viz.AnimationSpec.Operation;

/**
 * One operation of an animation, as the engine ran it: the {@link Canvas} its window slides over,
 * the input it read and the output it wrote. Most animations have one stage; a depthwise separable
 * convolution has two (the depthwise one, then the pointwise one over its result).
 */
public final class Stage {
    private final String title;
    private final Operation operation;
    private final Geometry geometry;
    private final Canvas canvas;
    private final int inChannels;
    private final int outChannels;
    private final int groups;
    private final int[] inputSize;
    private final int[] outputSize;
    private final double[] input;
    private final double[] weights;
    private final double[] output;

    Stage(String title, Operation operation, Geometry geometry, Canvas canvas, int inChannels, int outChannels,
          int groups, double[] input, double[] weights, double[] output) {
        this.title = title;
        this.operation = operation;
        this.geometry = geometry;
        this.canvas = canvas;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.inputSize = geometry.input();
        this.outputSize = geometry.output();
        this.input = input.clone();
        this.weights = weights == null ? null : weights.clone();
        this.output = output.clone();
    }

    /**
     * What the stage does, in words: "depthwise 3x3 convolution".
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * The operation this stage performs.
     *
     * @return the operation
     */
    public Operation operation() {
        return operation;
    }

    /**
     * The engine's geometry of this stage: sizes, resolved padding, the formula.
     *
     * @return the geometry
     */
    public Geometry geometry() {
        return geometry;
    }

    /**
     * Where the stage's cells are drawn.
     *
     * @return the canvas
     */
    public Canvas canvas() {
        return canvas;
    }

    /**
     * Channels read (input slices drawn).
     *
     * @return the count
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * Maps written (filters, or channels for pooling and depthwise).
     *
     * @return the count
     */
    public int outChannels() {
        return outChannels;
    }

    /**
     * The channel groups.
     *
     * @return at least 1
     */
    public int groups() {
        return groups;
    }

    /**
     * The input's spatial extents.
     *
     * @return a copy
     */
    public int[] inputSize() {
        return inputSize.clone();
    }

    /**
     * The output's spatial extents.
     *
     * @return a copy
     */
    public int[] outputSize() {
        return outputSize.clone();
    }

    /**
     * The kernel's (window's) spatial size.
     *
     * @return a copy
     */
    public int[] kernel() {
        return geometry.kernel();
    }

    /**
     * The input value at {@code channel} and spatial {@code index}.
     *
     * @param channel the input channel
     * @param index one coordinate per spatial dimension
     * @return the value
     */
    public double input(int channel, int... index) {
        return input[flat(channel, inputSize, index)];
    }

    /**
     * The output value the engine computed at {@code map} and spatial {@code index}.
     *
     * @param map the output map
     * @param index one coordinate per spatial dimension
     * @return the value
     */
    public double output(int map, int... index) {
        return output[flat(map, outputSize, index)];
    }

    /**
     * Whether the stage has weights (pooling has none).
     *
     * @return true for a convolution
     */
    public boolean hasWeights() {
        return weights != null;
    }

    /** The weights in the engine's layout, or null; not copied, for the walk. */
    double[] weightsArray() {
        return weights;
    }

    static int flat(int channel, int[] size, int[] index) {
        if (index.length != size.length) {
            throw new IllegalArgumentException("expected " + size.length + " indices, got " + index.length);
        }
        int f = channel;
        for (int a = 0; a < size.length; a++) {
            if (index[a] < 0 || index[a] >= size[a]) {
                throw new IndexOutOfBoundsException("index " + index[a] + " on axis " + a + " of size " + size[a]);
            }
            f = f * size[a] + index[a];
        }
        return f;
    }
}
