package org.convkit.spec;

import java.util.Arrays;

/** Small helpers for per-dimension integer parameters. */
public final class Ints {
    private Ints() {
    }

    /**
     * Parses {@code 3} or {@code 3,5,...}: one value for every dimension or one per dimension.
     *
     * @param name the parameter's name, for error messages
     * @param s the text
     * @return the values
     * @throws IllegalArgumentException if a part is not an integer or is outside the {@code int}
     *     range, naming the parameter and the part
     */
    public static int[] parseList(String name, String s) {
        String[] parts = s.trim().split(",", -1);
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = parseOne(name, s, parts[i]);
        }
        return v;
    }

    static int parseOne(String name, String whole, String part) {
        try {
            return Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
            String p = part.trim();
            // digits that do not fit are a size problem, not a spelling one
            if (p.matches("[+-]?\\d+")) {
                boolean negative = p.startsWith("-");
                throw new IllegalArgumentException(name + " '" + whole + "': " + p + " is too "
                        + (negative ? "small for an integer (the smallest is " + Integer.MIN_VALUE
                        : "large for an integer (the largest is " + Integer.MAX_VALUE) + ")");
            }
            throw new IllegalArgumentException(name + " '" + whole + "': '" + p + "' is not an integer");
        }
    }

    /**
     * {@code v} as {@code dims} values: a single value repeats, otherwise the count must match.
     *
     * @param name the parameter's name, for error messages
     * @param v one value, or {@code dims} values
     * @param dims the number of spatial dimensions
     * @return {@code dims} values (a new array)
     * @throws IllegalArgumentException if {@code v} has another number of values
     */
    public static int[] broadcast(String name, int[] v, int dims) {
        if (v.length == dims) {
            return v.clone();
        }
        if (v.length == 1) {
            int[] r = new int[dims];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(name + " has " + v.length + " values " + Arrays.toString(v) + " but there "
                + (dims == 1 ? "is 1 spatial dimension" : "are " + dims + " spatial dimensions")
                + "; give one value for all or one per dimension");
    }

    /**
     * Checks that every value is at least {@code min}.
     *
     * @param name the parameter's name, for error messages
     * @param v the values
     * @param min the smallest allowed value
     * @return {@code v} itself
     * @throws IllegalArgumentException if a value is below {@code min}, naming it and its dimension
     */
    public static int[] requireAtLeast(String name, int[] v, int min) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v[i]
                        + (v.length > 1 ? " in spatial dimension " + i : ""));
            }
        }
        return v;
    }

    /**
     * Row-major strides of an array of this shape: the last dimension's is 1.
     *
     * @param shape the extents
     * @return each dimension's step in the flat array
     */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int v = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = v;
            v *= shape[d];
        }
        return s;
    }

    /**
     * The coordinates of row-major index {@code flat} in an array of this shape.
     *
     * @param flat an index into the flat array
     * @param shape the extents
     * @return one coordinate per dimension
     */
    public static int[] coords(int flat, int[] shape) {
        int[] c = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = flat % shape[d];
            flat /= shape[d];
        }
        return c;
    }

    /**
     * Sum of the values, as a long.
     *
     * @param v the values
     * @return their sum
     */
    public static long sum(int[] v) {
        long s = 0;
        for (int x : v) {
            s += x;
        }
        return s;
    }

    /**
     * Product of the values, as a long.
     *
     * @param v the values
     * @return their product (1 for none)
     */
    public static long product(int[] v) {
        long p = 1;
        for (int x : v) {
            p *= x;
        }
        return p;
    }

    /**
     * The values joined by x, as sizes are written: {@code 3x3}.
     *
     * @param v the values
     * @return the text
     */
    public static String times(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }
}
