package org.convkit.algo.separable;

/**
 * One stage of a separable convolution: given the big signal's slab where the dimensions before
 * this stage's are fixed (an offset), computes every output along this stage's dimension and those
 * after it, into {@code dest} (length {@link #size}).
 */
interface SliceFilter {
    /** Output cells per call: the product of the output sizes of this dimension and the later ones. */
    int size();

    /** dest := the separable convolution of the slab at {@code offset}, with {@code factors[dim...]}. */
    void full(float[] big, int offset, float[][] factors, float[] dest);

    /** Floats this stage and the ones after it hold. */
    long floats();
}
