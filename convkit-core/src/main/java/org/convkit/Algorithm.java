package org.convkit;

import java.util.Locale;

/** The algorithms a user can ask for by name; {@link #AUTO} lets the planner choose. */
public enum Algorithm {
    /** The planner chooses, by cost model (and by a timed trial with measured planning). */
    AUTO,
    /** Plain loops with double accumulation and one rounding to float32: the slow, exact oracle. */
    REFERENCE,
    /** Tiled im2col and matrix multiply (the general case). */
    GEMM,
    /**
     * Implicit GEMM: the matrix multiply reads shifted windows of a padded copy of the input instead
     * of an im2col copy: few output channels per group, small maps.
     */
    IMPLICIT,
    /** A 1x1 convolution as one matrix multiply, with no im2col copy. */
    POINTWISE,
    /** Winograd F(4x4, 3x3): 3x3 kernels at stride 1 in fewer multiplications, many channels. */
    WINOGRAD,
    /** Tiled (overlap-save) FFT: large kernels. */
    FFT,
    /** Direct depthwise loops: groups equal to the input channels. */
    DEPTHWISE,
    /** Separable (rank-1) kernels as 1-D passes, detected from the weight. */
    SEPARABLE,
    /** Direct row-at-a-time multiply-adds with no copies: few channels per group, small kernels. */
    DIRECT;

    /**
     * The algorithm named {@code s}, in any case ({@code "fft"}, {@code "FFT"}).
     *
     * @param s a name, as {@link #label()} gives it
     * @return the algorithm
     * @throws IllegalArgumentException if no algorithm has that name (the message lists them)
     */
    public static Algorithm parse(String s) {
        for (Algorithm a : values()) {
            if (a.name().equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Algorithm a : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(a.label());
        }
        throw new IllegalArgumentException("algorithm '" + s + "' is not one of " + names);
    }

    /**
     * The name in lower case, as the command line takes it.
     *
     * @return for example {@code "winograd"}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
