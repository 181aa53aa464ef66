package org.convkit.tile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A half-open box of spatial cells, {@code [start, start + size)} in each dimension.
 *
 * @param start the first cell in each dimension
 * @param size the extent in each dimension, at least 1
 */
public record Box(int[] start, int[] size) {
    /**
     * A box, its arrays copied.
     *
     * @param start the first cell in each dimension
     * @param size the extent in each dimension
     */
    public Box {
        if (start.length != size.length) {
            throw new IllegalArgumentException("a box needs one start per size: " + Arrays.toString(start) + " and "
                    + Arrays.toString(size));
        }
        start = start.clone();
        size = size.clone();
    }

    /**
     * The first cell in each dimension.
     *
     * @return a copy
     */
    @Override
    public int[] start() {
        return start.clone();
    }

    /**
     * The extent in each dimension.
     *
     * @return a copy
     */
    @Override
    public int[] size() {
        return size.clone();
    }

    /**
     * The cells it holds.
     *
     * @return the product of the sizes
     */
    public long volume() {
        long v = 1;
        for (int s : size) {
            v *= s;
        }
        return v;
    }

    /**
     * Cuts {@code extent} into boxes of at most {@code tile} cells per dimension, row-major (the last
     * dimension fastest); the last box in a dimension holds what is left.
     *
     * @param extent the whole array's spatial extent
     * @param tile the box size: one value for every dimension, or one per dimension, each at least 1
     * @return the boxes, covering every cell once
     * @throws IllegalArgumentException if a tile size is below 1 or the counts do not match
     */
    public static List<Box> grid(int[] extent, int[] tile) {
        int dims = extent.length;
        int[] t = perDimension("tile size", tile, dims);
        int[] counts = new int[dims];
        long total = 1;
        for (int d = 0; d < dims; d++) {
            counts[d] = Math.max(1, (extent[d] + t[d] - 1) / t[d]);
            total *= counts[d];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tile size " + Arrays.toString(t) + " cuts " + Arrays.toString(extent)
                    + " into " + total + " tiles; use larger tiles");
        }
        List<Box> boxes = new ArrayList<>((int) total);
        int[] index = new int[dims];
        for (long b = 0; b < total; b++) {
            int[] start = new int[dims];
            int[] size = new int[dims];
            for (int d = 0; d < dims; d++) {
                start[d] = index[d] * t[d];
                size[d] = Math.min(t[d], extent[d] - start[d]);
            }
            boxes.add(new Box(start, size));
            for (int d = dims - 1; d >= 0 && ++index[d] == counts[d]; d--) {
                index[d] = 0;
            }
        }
        return boxes;
    }

    /** One value broadcast to every dimension, or one per dimension, each at least 1. */
    static int[] perDimension(String what, int[] values, int dims) {
        int[] v = values.length == 1 ? filled(values[0], dims) : values.clone();
        if (v.length != dims) {
            throw new IllegalArgumentException(what + " " + Arrays.toString(values) + " gives " + values.length
                    + " values but the array has " + dims + " spatial dimensions; give 1 or " + dims);
        }
        for (int x : v) {
            if (x < 1) {
                throw new IllegalArgumentException(what + " must be at least 1 in every dimension, got "
                        + Arrays.toString(values));
            }
        }
        return v;
    }

    private static int[] filled(int value, int dims) {
        int[] v = new int[dims];
        Arrays.fill(v, value);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(b.start, start) && Arrays.equals(b.size, size);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Arrays.hashCode(size);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < start.length; d++) {
            sb.append(d > 0 ? ", " : "").append(start[d]).append(':').append(start[d] + size[d]);
        }
        return sb.append(']').toString();
    }
}
