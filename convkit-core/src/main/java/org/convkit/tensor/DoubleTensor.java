package org.convkit.tensor;

import java.util.Arrays;

/**
 * A dense float64 tensor in row-major order: the reference engine's working precision, and what
 * finite-difference gradient checks need. Shares its array like {@link Tensor}.
 */
public record DoubleTensor(double[] data, int[] shape) {
    public DoubleTensor {
        if (Tensor.numel(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + Tensor.numel(shape)
                    + " elements but the data has " + data.length);
        }
        shape = shape.clone();
    }

    public static DoubleTensor zeros(int... shape) {
        return new DoubleTensor(new double[Math.toIntExact(Tensor.numel(shape))], shape);
    }

    /** Widens a float32 tensor exactly. */
    public static DoubleTensor of(Tensor t) {
        float[] f = t.data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return new DoubleTensor(d, t.shape());
    }

    /** Rounds to float32, each element to nearest. */
    public Tensor toTensor() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Tensor.of(f, shape);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The same data with another shape. */
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
