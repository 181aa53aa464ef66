package org.convkit.spec;

import java.util.Locale;

/**
 * What a convolution reads outside its input: PyTorch's {@code padding_mode}.
 *
 * <p>REFLECT and CIRCULAR also accept padding wider than the input (PyTorch refuses it): the
 * reflection or wrap simply repeats, so the padded signal is still the periodic extension.
 */
public enum PaddingMode {
    /** Zeros outside the input. */
    ZEROS,
    /** Mirror without repeating the edge cell: {@code d c b | a b c d | c b a}. */
    REFLECT,
    /** Repeat the edge cell: {@code a a a | a b c d | d d d}. */
    REPLICATE,
    /** Wrap around: {@code b c d | a b c d | a b c}. */
    CIRCULAR;

    /**
     * Where padded coordinate {@code i} (relative to the first input cell) reads from, in [0, n),
     * or -1 for a zero.
     *
     * @param i a coordinate, negative before the input, {@code n} or more after it
     * @param n the input's extent
     * @return the input cell it copies, or -1 for a zero
     */
    public int source(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case ZEROS:
                return -1;
            case REPLICATE:
                return i < 0 ? 0 : n - 1;
            case CIRCULAR:
                return Math.floorMod(i, n);
            case REFLECT:
                if (n == 1) {
                    return 0;
                }
                int period = 2 * (n - 1);
                int m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Parses {@code zeros|reflect|replicate|circular} (case-insensitive; {@code zero} too).
     *
     * @param s the name
     * @return the mode
     * @throws IllegalArgumentException if it is none of them (the message lists them)
     */
    public static PaddingMode parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("zero")) {
            t = "zeros";
        }
        for (PaddingMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("padding mode '" + s + "' is not one of zeros, reflect, replicate, circular");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
