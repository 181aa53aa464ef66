package org.convkit.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.convkit.tensor.Tensor;

/**
 * An array read from a {@code .npy} file, still in its own dtype and memory order.
 *
 * <p>Each conversion returns a fresh array in C (row-major) order, whatever the file's order.
 * Instances are immutable.
 */
public final class NpyArray {
    private final NpyHeader header;
    private final RawData data;
    private final int count;

    NpyArray(NpyHeader header, RawData data, int count) {
        this.header = header;
        this.data = data;
        this.count = count;
    }

    /**
     * The shape; {@code []} for a 0-d array, which holds one element.
     *
     * @return a copy of the extents
     */
    public int[] shape() {
        return header.shape().clone();
    }

    /**
     * The dtype as the header gives it, e.g. {@code "<f4"} or {@code "|b1"}.
     *
     * @return the dtype
     */
    public String dtype() {
        return header.dtype().descr();
    }

    /**
     * Whether the file stores the array in Fortran (column-major) order.
     *
     * @return the header's fortran_order
     */
    public boolean fortranOrder() {
        return header.fortranOrder();
    }

    /**
     * The number of elements.
     *
     * @return the product of the extents
     */
    public int numel() {
        return count;
    }

    /**
     * The values as a float32 tensor: each value rounded once to the nearest float (exact for f2,
     * f4, bool and integers of at most 24 significant bits).
     *
     * @return a new tensor, row-major
     */
    public Tensor toTensor() {
        float[] out = new float[count];
        ElementType type = header.dtype().type();
        if (type == ElementType.FLOAT32 && isStoredInCOrder()) {
            data.copyFloats(out);
        } else {
            forEach((i, chunk, at) -> out[i] = type.toFloat(chunk, at));
        }
        return Tensor.of(out, header.shape());
    }

    /**
     * The values as doubles: exact for every dtype but 64-bit integers beyond 2^53, which round.
     *
     * @return a new array, row-major
     */
    public double[] toDoubles() {
        double[] out = new double[count];
        ElementType type = header.dtype().type();
        forEach((i, chunk, at) -> out[i] = type.toDouble(chunk, at));
        return out;
    }

    /**
     * The values as ints, exactly.
     *
     * @return a new array, row-major
     * @throws IllegalArgumentException naming the element and its value if one is not an integer or
     *     lies outside the int range
     */
    public int[] toInts() {
        int[] out = new int[count];
        forEach((i, chunk, at) -> out[i] = intAt(chunk, at, i));
        return out;
    }

    private int intAt(ByteBuffer chunk, int at, int index) {
        ElementType type = header.dtype().type();
        if (type.isIntegral()) {
            long v = type.integralAt(chunk, at);
            boolean huge = type.isUnsigned64() && v < 0;
            if (!huge && v == (int) v) {
                return (int) v;
            }
            throw notAnInt(index, huge ? Long.toUnsignedString(v) : Long.toString(v), "outside the int range");
        }
        double v = type.floatingAt(chunk, at);
        if (v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return (int) v;
        }
        String shown = type == ElementType.FLOAT64 ? Double.toString(v) : Float.toString((float) v);
        throw notAnInt(index, shown, Double.isNaN(v) || v != Math.rint(v) ? "not an integer" : "outside the int range");
    }

    private IllegalArgumentException notAnInt(int index, String value, String problem) {
        return new IllegalArgumentException("element " + Arrays.toString(multiIndex(index)) + " of the "
                + header.describe() + " array is " + value + ", " + problem
                + (problem.startsWith("outside") ? " [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]" : ""));
    }

    private int[] multiIndex(int index) {
        int[] shape = header.shape();
        int[] m = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            m[d] = index % shape[d];
            index /= shape[d];
        }
        return m;
    }

    private boolean isStoredInCOrder() {
        return !header.fortranOrder() || header.shape().length < 2;
    }

    @FunctionalInterface
    private interface ElementAction {
        void apply(int index, ByteBuffer chunk, int at);
    }

    /** Visits every element in C order with the chunk and offset of its bytes. */
    private void forEach(ElementAction action) {
        long size = header.dtype().type().size();
        ElementOrder.forEach(header.shape(), header.fortranOrder(), count, (i, stored) -> {
            long offset = stored * size;
            action.apply(i, data.chunkAt(offset), data.offsetInChunk(offset));
        });
    }

    @Override
    public String toString() {
        return "NpyArray(" + header.describe() + (header.fortranOrder() ? ", Fortran order)" : ")");
    }
}
