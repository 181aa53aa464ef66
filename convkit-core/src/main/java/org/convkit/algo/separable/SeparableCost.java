package org.convkit.algo.separable;

/**
 * The time model of {@link SeparableConv}, every constant in one place: per input channel of each
 * (batch, output channel), the row pass runs once per padded position the stages above it visit,
 * and each stage does one multiply-add per tap per output cell of its slab. Nanoseconds, medians
 * measured on one core of the development machine (AMD EPYC Zen 4, AVX-512, JDK 17 and 25) on
 * 1024 and 2048-wide images with 5 to 31 taps: a 2048-wide row pass of 31 taps took 7 us, a
 * 31-tap stage slice of 2048 columns 5 us.
 */
final class SeparableCost {
    /** Per float multiply-add of two arrays at the same index (vectorized). */
    static final double MAC = 0.08;
    /** Per float moved by System.arraycopy (shifted taps, channel sums). */
    static final double COPY = 0.04;
    /** Per padded cell laid out through the padding rule (and per cell split into stride phases). */
    static final double PAD = 0.3;
    /** Per row pass or stage call, whatever its length. */
    static final double CALL = 60;

    private SeparableCost() {
    }

    /** One input channel's contribution to one (batch, output channel) image. */
    static double channel(Shape s) {
        return full(s, 0);
    }

    /** The whole-slab cost of stage {@code dim} (all its outputs), or of the row pass for the last dimension. */
    private static double full(Shape s, int dim) {
        int last = s.dims - 1;
        if (dim == last) {
            double padded = RowFilter.paddedLength(s);
            return CALL + padded * PAD * (s.stride[last] == 1 ? 1 : 2)
                    + (double) s.kernel[last] * s.small[last] * (MAC + COPY);
        }
        double slab = s.sliceSize(dim + 1);
        double outputs = s.small[dim];
        return positions(s, dim) * full(s, dim + 1) + outputs * (CALL + s.kernel[dim] * slab * MAC + slab * COPY);
    }

    /** Padded positions along {@code dim} whose slabs are computed: each once while the ring holds the span. */
    private static double positions(Shape s, int dim) {
        double visited = (double) s.small[dim] * s.kernel[dim];
        double covered = (double) (s.small[dim] - 1) * s.stride[dim] + s.span(dim);
        return Stage.capacity(s, dim) >= s.span(dim) ? Math.min(visited, covered) : visited;
    }
}
