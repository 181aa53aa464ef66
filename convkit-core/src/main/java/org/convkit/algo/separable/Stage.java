package org.convkit.algo.separable;

import org.convkit.spec.PaddingMode;

/**
 * A 1-D pass along a dimension before the last: output index o along it is
 * {@code sum_i f[i] * S(src(o*s - p + i*d))}, where S(position) is the next stage's full result for
 * that slab (a row of the row pass in 2-D, a plane in 3-D). The S are kept in a ring keyed by
 * position, so that successive outputs, whose windows overlap, compute each one once: the
 * intermediate is bounded by the kernel span times one slab, never a copy of the image.
 */
final class Stage implements SliceFilter {
    /** Most floats a ring may hold; beyond it the ring shrinks (down to the tap count) and recomputes. */
    static final long RING_LIMIT = 1 << 20;

    private final int dim;
    private final int n;
    private final int out;
    private final int stride;
    private final int dilation;
    private final int padBefore;
    private final int taps;
    private final int bigStride;
    private final PaddingMode mode;
    private final SliceFilter next;
    private final float[][] ring;
    private final int[] tags;
    private final float[] acc;

    Stage(Shape s, int dim, PaddingMode mode, SliceFilter next) {
        this.dim = dim;
        this.n = s.big[dim];
        this.out = s.small[dim];
        this.stride = s.stride[dim];
        this.dilation = s.dilation[dim];
        this.padBefore = s.padBefore[dim];
        this.taps = s.kernel[dim];
        this.bigStride = s.bigStride[dim];
        this.mode = mode;
        this.next = next;
        this.ring = new float[capacity(s, dim)][next.size()];
        this.tags = new int[ring.length];
        this.acc = new float[next.size()];
        reset();
    }

    /** Ring slots: the kernel span (every overlap reused) unless that passes {@link #RING_LIMIT}. */
    static int capacity(Shape s, int dim) {
        long slab = s.sliceSize(dim + 1);
        long fit = Math.max(1, RING_LIMIT / Math.max(1, slab));
        return (int) Math.max(s.kernel[dim], Math.min(s.span(dim), fit));
    }

    /** Floats held by this stage and the ones after it, for a problem of this shape. */
    static long floats(Shape s, int dim) {
        long slab = s.sliceSize(dim + 1);
        long after = dim + 1 == s.dims - 1 ? RowFilter.floats(s) : floats(s, dim + 1);
        return (capacity(s, dim) + 1) * slab + after;
    }

    @Override
    public long floats() {
        return (long) (ring.length + 1) * acc.length + next.floats();
    }

    @Override
    public int size() {
        return out * next.size();
    }

    /** Forgets the ring: the slab (the dimensions before this one) has changed. */
    void reset() {
        java.util.Arrays.fill(tags, Integer.MIN_VALUE);
    }

    /** The slab's outputs with index {@code o} along this dimension, into {@link #result()}. */
    void slice(float[] big, int offset, int o, float[][] factors) {
        float[] f = factors[dim];
        int len = acc.length;
        for (int i = 0; i < taps; i++) {
            float[] s = slab(big, offset, o * stride - padBefore + i * dilation, factors);
            if (i == 0) {
                RowFilter.scale(acc, s, f[0], len);
            } else {
                RowFilter.multiplyAdd(acc, s, f[i], len);
            }
        }
    }

    /** What the last {@link #slice} computed. */
    float[] result() {
        return acc;
    }

    @Override
    public void full(float[] big, int offset, float[][] factors, float[] dest) {
        reset();
        for (int o = 0; o < out; o++) {
            slice(big, offset, o, factors);
            System.arraycopy(acc, 0, dest, o * acc.length, acc.length);
        }
    }

    /** The next stage's result for padded position {@code position}, from the ring or computed into it. */
    private float[] slab(float[] big, int offset, int position, float[][] factors) {
        int slot = Math.floorMod(position, ring.length);
        float[] s = ring[slot];
        if (tags[slot] != position) {
            int src = mode.source(position, n);
            if (src < 0) {
                java.util.Arrays.fill(s, 0f);
            } else {
                next.full(big, offset + src * bigStride, factors, s);
            }
            tags[slot] = position;
        }
        return s;
    }
}
