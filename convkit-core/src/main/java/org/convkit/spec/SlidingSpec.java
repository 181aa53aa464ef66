package org.convkit.spec;

/**
 * The parameters every sliding window has, so that code setting them (the CLI's options, the
 * explorer) is written once for convolutions and pooling alike.
 *
 * @param <T> the spec type itself; every method returns a new, immutable spec
 */
public interface SlidingSpec<T extends SlidingSpec<T>> {
    /**
     * The step between windows.
     *
     * @param stride at least 1: one value for every spatial dimension, or one per dimension
     * @return a spec with this stride
     * @throws IllegalArgumentException if a value is below 1 or none is given
     */
    T withStride(int... stride);

    /**
     * The cells added around the input: numbers, before:after pairs, or a word ({@code same},
     * {@code valid}, {@code full}, {@code causal}).
     *
     * @param padding the padding
     * @return a spec with this padding
     */
    T withPadding(Padding padding);

    /**
     * The spacing of a window's taps (1: adjacent cells).
     *
     * @param dilation at least 1: one value for every spatial dimension, or one per dimension
     * @return a spec with this dilation
     * @throws IllegalArgumentException if a value is below 1 or none is given
     */
    T withDilation(int... dilation);
}
