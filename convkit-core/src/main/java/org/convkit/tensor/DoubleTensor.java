package org.convkit.tensor;

import java.util.Arrays;

/**
 * A dense float64 tensor in row-major order: the reference engine's working precision, and what
 * finite-difference gradient checks need. Shares its array like {@link Tensor}.
 *
 * @param data the elements in row-major order (shared, not copied)
 * @param shape the extent of each dimension, outermost first
 */
public record DoubleTensor(double[] data, int[] shape) {
    /**
     * Checks that the shape holds the data's length, and keeps a copy of the shape.
     *
     * @param data the elements in row-major order (shared, not copied)
     * @param shape the extent of each dimension, outermost first
     * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
     */
    public DoubleTensor {
        if (Tensor.numel(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + Tensor.numel(shape)
                    + " elements but the data has " + data.length);
        }
        shape = shape.clone();
    }

    /**
     * A tensor of zeros.
     *
     * @param shape the extent of each dimension, outermost first
     * @return a new tensor
     */
    public static DoubleTensor zeros(int... shape) {
        return new DoubleTensor(new double[Math.toIntExact(Tensor.numel(shape))], shape);
    }

    /**
     * Widens a float32 tensor exactly.
     *
     * @param t any float32 tensor
     * @return a new float64 tensor of the same shape and values
     */
    public static DoubleTensor of(Tensor t) {
        float[] f = t.data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return new DoubleTensor(d, t.shape());
    }

    /**
     * Rounds to float32, each element to nearest.
     *
     * @return a new float32 tensor of the same shape
     */
    public Tensor toTensor() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Tensor.of(f, shape);
    }

    /**
     * A copy of the shape.
     *
     * @return the extent of each dimension, outermost first
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the shape's length
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The same data with another shape.
     *
     * @param s the new extents, holding the same number of elements
     * @return a tensor sharing this one's data
     * @throws IllegalArgumentException if the new shape holds another number of elements
     */
    public DoubleTensor reshape(int... s) {
        return new DoubleTensor(data, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DoubleTensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DoubleTensor" + Arrays.toString(shape) + (data.length <= 64 ? " " + Arrays.toString(data) : "");
    }
}
