package org.convkit.algo.separable;

import org.convkit.spec.PaddingMode;

/**
 * The last dimension's 1-D pass: {@code dest[o] = sum_j f[j] x[src(o*s - p + j*d)]}. The row is
 * first laid out padded (through the padding rule) and, for a stride s, split into its s phases, so
 * that tap j reads phase {@code j*d mod s} from offset {@code j*d div s} with unit stride. Each tap
 * is then a multiply-add of two arrays at the same index, after copying the shifted run with
 * {@link System#arraycopy}: the JIT vectorizes a loop over {@code a[x] += w * b[x]} but not one
 * over {@code a[x] += w * b[x + q]} (the arrays might be one), and measured, copy plus vector loop
 * is four times faster than the scalar loop.
 */
final class RowFilter implements SliceFilter {
    private final int dim;
    private final int n;
    private final int out;
    private final int stride;
    private final int dilation;
    private final int padBefore;
    private final int taps;
    private final PaddingMode mode;
    private final float[] padded;
    private final float[][] phases;
    private final float[] shifted;

    RowFilter(Shape s, PaddingMode mode) {
        this.dim = s.dims - 1;
        this.n = s.big[dim];
        this.out = s.small[dim];
        this.stride = s.stride[dim];
        this.dilation = s.dilation[dim];
        this.padBefore = s.padBefore[dim];
        this.taps = s.kernel[dim];
        this.mode = mode;
        this.padded = new float[paddedLength(s)];
        this.phases = new float[stride][];
        if (stride == 1) {
            phases[0] = padded;
        } else {
            for (int ph = 0; ph < stride; ph++) {
                phases[ph] = new float[phaseLength(padded.length, ph, stride)];
            }
        }
        this.shifted = new float[out];
    }

    /** The padded cells the outputs read: (out-1)*s + span. */
    static int paddedLength(Shape s) {
        int d = s.dims - 1;
        return (s.small[d] - 1) * s.stride[d] + (s.kernel[d] - 1) * s.dilation[d] + 1;
    }

    private static int phaseLength(int length, int phase, int stride) {
        return (length - phase + stride - 1) / stride;
    }

    /** Floats held by a row pass of this shape. */
    static long floats(Shape s) {
        int d = s.dims - 1;
        long padded = paddedLength(s);
        return padded + (s.stride[d] == 1 ? 0 : padded) + s.small[d];
    }

    @Override
    public long floats() {
        return padded.length + (stride == 1 ? 0 : padded.length) + shifted.length;
    }

    @Override
    public int size() {
        return out;
    }

    @Override
    public void full(float[] big, int offset, float[][] factors, float[] dest) {
        pad(big, offset);
        if (stride > 1) {
            for (int ph = 0; ph < stride; ph++) {
                float[] phase = phases[ph];
                for (int m = 0; m < phase.length; m++) {
                    phase[m] = padded[ph + m * stride];
                }
            }
        }
        float[] f = factors[dim];
        for (int j = 0; j < taps; j++) {
            int e = j * dilation;
            float[] src = phases[e % stride];
            int q = e / stride;
            if (q != 0) {
                System.arraycopy(src, q, shifted, 0, out);
                src = shifted;
            }
            if (j == 0) {
                scale(dest, src, f[0], out);
            } else {
                multiplyAdd(dest, src, f[j], out);
            }
        }
    }

    /** padded[u] = x[src(u - p)], zero where the rule says so; the inside is one copy. */
    private void pad(float[] big, int offset) {
        int lo = Math.min(padded.length, Math.max(0, padBefore));
        int hi = Math.max(lo, Math.min(padded.length, padBefore + n));
        for (int u = 0; u < lo; u++) {
            padded[u] = read(big, offset, u - padBefore);
        }
        System.arraycopy(big, offset + lo - padBefore, padded, lo, hi - lo);
        for (int u = hi; u < padded.length; u++) {
            padded[u] = read(big, offset, u - padBefore);
        }
    }

    private float read(float[] big, int offset, int position) {
        int src = mode.source(position, n);
        return src < 0 ? 0f : big[offset + src];
    }

    static void scale(float[] dest, float[] src, float w, int len) {
        for (int x = 0; x < len; x++) {
            dest[x] = w * src[x];
        }
    }

    static void multiplyAdd(float[] dest, float[] src, float w, int len) {
        for (int x = 0; x < len; x++) {
            dest[x] += w * src[x];
        }
    }
}
