package org.convkit.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dense float32 tensor in row-major order.
 *
 * <p>The backing array is shared, not copied, by {@link #of(float[], int...)} and {@link #data()}:
 * kernels work on raw arrays and a copy per call would double the memory of every operation.
 * Use {@link #copy()} when an independent tensor is wanted.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /**
     * Wraps {@code data} (not copied) as a tensor of the given shape.
     *
     * @param data the elements in row-major order (the last index varies fastest)
     * @param shape the extent of each dimension, outermost first; their product is {@code data.length}
     * @return a tensor sharing {@code data}
     * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
     */
    public static Tensor of(float[] data, int... shape) {
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the data has " + data.length);
        }
        return new Tensor(data, shape.clone());
    }

    /**
     * A tensor of zeros.
     *
     * @param shape the extent of each dimension, outermost first
     * @return a new tensor
     * @throws IllegalArgumentException if an extent is negative, or the shape holds more than a Java array
     */
    public static Tensor zeros(int... shape) {
        long n = numel(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements, more than one Java array can hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return new Tensor(new float[(int) n], shape.clone());
    }

    /**
     * A tensor filled with {@code value}.
     *
     * @param value every element's value
     * @param shape the extent of each dimension, outermost first
     * @return a new tensor
     * @throws IllegalArgumentException if an extent is negative, or the shape holds more than a Java array
     */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /**
     * Uniform random values in [lo, hi), reproducible from {@code seed}.
     *
     * @param seed the same seed gives the same values, on every machine
     * @param lo the smallest value
     * @param hi the bound above the values
     * @param shape the extent of each dimension, outermost first
     * @return a new tensor
     * @throws IllegalArgumentException if an extent is negative, or the shape holds more than a Java array
     */
    public static Tensor uniform(long seed, float lo, float hi, int... shape) {
        Tensor t = zeros(shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return t;
    }

    /**
     * 0, 1, 2, ... in row-major order: handy for worked examples, whose cells are easy to follow.
     *
     * @param shape the extent of each dimension, outermost first
     * @return a new tensor
     * @throws IllegalArgumentException if an extent is negative, or the shape holds more than a Java array
     */
    public static Tensor arange(int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = i;
        }
        return t;
    }

    /**
     * Number of elements of a shape; rejects negative extents.
     *
     * @param shape the extent of each dimension, outermost first
     * @return the product of the extents (1 for no dimensions)
     * @throws IllegalArgumentException if an extent is negative or the product overflows
     */
    public static long numel(int... shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative extent "
                        + shape[i] + " at dimension " + i);
            }
            n *= shape[i];
            if (n > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return n;
    }

    /**
     * The backing array (shared, row-major).
     *
     * @return the elements; writing to it writes to this tensor
     */
    public float[] data() {
        return data;
    }

    /**
     * A copy of the shape.
     *
     * @return the extent of each dimension, outermost first
     */
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
     * Extent of dimension {@code d}; negative {@code d} counts from the end, as in NumPy.
     *
     * @param d a dimension, from {@code -rank()} to {@code rank() - 1}
     * @return its extent
     */
    public int size(int d) {
        return shape[d < 0 ? shape.length + d : d];
    }

    /**
     * The number of elements.
     *
     * @return {@code data().length}
     */
    public int numel() {
        return data.length;
    }

    /**
     * The same data seen with another shape of the same element count.
     *
     * @param newShape the new extents
     * @return a tensor sharing this one's data
     * @throws IllegalArgumentException if the new shape holds another number of elements
     */
    public Tensor reshape(int... newShape) {
        return of(data, newShape);
    }

    /**
     * An independent copy.
     *
     * @return a tensor with a copy of the data and the same shape
     */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /**
     * Flat row-major offset of a multi-index.
     *
     * @param index one coordinate per dimension
     * @return the element's position in {@link #data()}
     * @throws IllegalArgumentException if the index has the wrong number of coordinates
     * @throws IndexOutOfBoundsException if a coordinate is outside its dimension
     */
    public int offset(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor has rank " + shape.length);
        }
        int off = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape "
                        + Arrays.toString(shape) + " at dimension " + d);
            }
            off = off * shape[d] + index[d];
        }
        return off;
    }

    /**
     * The element at a multi-index.
     *
     * @param index one coordinate per dimension
     * @return the element
     * @throws IllegalArgumentException if the index has the wrong number of coordinates
     * @throws IndexOutOfBoundsException if a coordinate is outside its dimension
     */
    public float get(int... index) {
        return data[offset(index)];
    }

    /**
     * Sets the element at a multi-index.
     *
     * @param value the new value
     * @param index one coordinate per dimension
     * @throws IllegalArgumentException if the index has the wrong number of coordinates
     * @throws IndexOutOfBoundsException if a coordinate is outside its dimension
     */
    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    /**
     * Largest absolute elementwise difference; NaN when either side has a NaN the other lacks.
     *
     * @param other a tensor of the same shape
     * @return the largest {@code |this - other|}, in double (0 for equal tensors)
     * @throws IllegalArgumentException if the shapes differ
     */
    public double maxAbsDiff(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " vs "
                    + Arrays.toString(other.shape));
        }
        double m = 0;
        for (int i = 0; i < data.length; i++) {
            float a = data[i];
            float b = other.data[i];
            if (Float.isNaN(a) != Float.isNaN(b)) {
                return Double.NaN;
            }
            if (!Float.isNaN(a) && a != b) {
                m = Math.max(m, Math.abs((double) a - b));
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** The shape, and the values when there are few enough to read. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape));
        if (data.length <= 64) {
            sb.append(' ').append(Arrays.toString(data));
        }
        return sb.toString();
    }
}
