package org.convkit.spec;

/**
 * The parameters every sliding window has, so that code setting them (the CLI's options, the
 * explorer) is written once for convolutions and pooling alike.
 *
 * @param <T> the spec type itself; every method returns a new, immutable spec
 */
public interface SlidingSpec<T extends SlidingSpec<T>> {
    T withStride(int... stride);

    T withPadding(Padding padding);

    T withDilation(int... dilation);
}
