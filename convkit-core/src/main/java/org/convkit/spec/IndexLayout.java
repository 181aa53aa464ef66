package org.convkit.spec;

import java.util.Locale;

/**
 * How max pooling numbers the input cell each maximum came from: over which cells the count runs
 * and in which order. PyTorch counts within each (n, c) map in row-major order ({@link #PYTORCH});
 * ONNX's MaxPool counts across the whole tensor, n and c included ({@link Scope#TENSOR}), and with
 * {@code storage_order=1} orders each map's spatial cells column-major (first axis fastest) while
 * the maps themselves stay in (n, c) order, as ONNX's reference evaluator and ONNX Runtime do.
 *
 * <p>The engines all work in the PyTorch layout; {@link #fromMapIndex} and {@link #toMapIndex}
 * convert one index at a time.
 *
 * @param scope over which cells the count runs
 * @param order in which order a map's spatial cells are counted
 */
public record IndexLayout(Scope scope, Order order) {
    /** Over which cells an index counts. */
    public enum Scope {
        /** Within each (n, c) map, from 0 (PyTorch). */
        MAP,
        /** Across the whole tensor: map (n*C + c) starts at (n*C + c) * (cells per map) (ONNX). */
        TENSOR;

        /**
         * Parses {@code map} or {@code tensor}, in any case.
         *
         * @param s the name
         * @return the scope
         * @throws IllegalArgumentException if it is neither
         */
        public static Scope parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            for (Scope v : values()) {
                if (v.name().toLowerCase(Locale.ROOT).equals(t)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("index scope '" + s + "' is not one of map (PyTorch), tensor (ONNX)");
        }
    }

    /** In which order a map's spatial cells are counted. */
    public enum Order {
        /** The last axis fastest (C order; ONNX's storage_order=0). */
        ROW_MAJOR,
        /** The first axis fastest (Fortran order; ONNX's storage_order=1). */
        COLUMN_MAJOR;

        /**
         * Parses {@code row} or {@code column} ({@code row-major}, {@code column-major}, or ONNX's
         * storage_order {@code 0} and {@code 1}), in any case.
         *
         * @param s the name
         * @return the order
         * @throws IllegalArgumentException if it is none of them
         */
        public static Order parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            switch (t) {
                case "row": case "row-major": case "0":
                    return ROW_MAJOR;
                case "column": case "column-major": case "col": case "1":
                    return COLUMN_MAJOR;
                default:
                    throw new IllegalArgumentException("index order '" + s + "' is not one of row (storage_order=0), "
                            + "column (storage_order=1)");
            }
        }
    }

    /** PyTorch's: within each map, row-major. */
    public static final IndexLayout PYTORCH = new IndexLayout(Scope.MAP, Order.ROW_MAJOR);

    /**
     * Checks the parts.
     *
     * @param scope over which cells the count runs
     * @param order in which order a map's spatial cells are counted
     */
    public IndexLayout {
        if (scope == null || order == null) {
            throw new IllegalArgumentException("an index layout needs a scope and an order");
        }
    }

    /**
     * ONNX MaxPool's layout: across the whole tensor, in the given storage order.
     *
     * @param storageOrder ONNX's {@code storage_order}: 0 row-major, 1 column-major
     * @return the layout
     * @throws IllegalArgumentException if it is neither 0 nor 1
     */
    public static IndexLayout onnx(int storageOrder) {
        if (storageOrder != 0 && storageOrder != 1) {
            throw new IllegalArgumentException("storage_order is " + storageOrder + " but must be 0 (row-major) or "
                    + "1 (column-major)");
        }
        return new IndexLayout(Scope.TENSOR, storageOrder == 0 ? Order.ROW_MAJOR : Order.COLUMN_MAJOR);
    }

    /**
     * This layout's index of a cell given in the PyTorch layout.
     *
     * @param map the (n, c) map, n*C + c
     * @param cell the cell's row-major index within its map
     * @param spatial the map's spatial extents
     * @return the index in this layout
     */
    public long fromMapIndex(int map, int cell, int[] spatial) {
        long volume = volume(spatial);
        int within = order == Order.ROW_MAJOR ? cell : reorder(cell, spatial, false);
        return scope == Scope.MAP ? within : map * volume + within;
    }

    /**
     * The PyTorch-layout cell (row-major, within its map) of an index in this layout.
     *
     * @param index the index in this layout
     * @param map the (n, c) map the index belongs to, n*C + c: with {@link Scope#TENSOR} it must lie in that map
     * @param spatial the map's spatial extents
     * @return the cell's row-major index within its map, or -1 when the index is outside the map
     */
    public int toMapIndex(long index, int map, int[] spatial) {
        long volume = volume(spatial);
        long within = scope == Scope.MAP ? index : index - map * volume;
        if (within < 0 || within >= volume) {
            return -1;
        }
        return order == Order.ROW_MAJOR ? (int) within : reorder((int) within, spatial, true);
    }

    /** Row-major to column-major (or back, {@code inverse}) within one map. */
    private static int reorder(int cell, int[] spatial, boolean inverse) {
        int dims = spatial.length;
        int[] at = new int[dims];
        int rest = cell;
        // split the index into coordinates in its own order, then join them in the other
        for (int k = 0; k < dims; k++) {
            int axis = inverse ? k : dims - 1 - k;
            at[axis] = rest % spatial[axis];
            rest /= spatial[axis];
        }
        int out = 0;
        for (int k = 0; k < dims; k++) {
            int axis = inverse ? k : dims - 1 - k;
            out = out * spatial[axis] + at[axis];
        }
        return out;
    }

    private static long volume(int[] spatial) {
        long v = 1;
        for (int s : spatial) {
            v *= s;
        }
        return v;
    }

    @Override
    public String toString() {
        return scope.name().toLowerCase(Locale.ROOT) + ", " + order.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
