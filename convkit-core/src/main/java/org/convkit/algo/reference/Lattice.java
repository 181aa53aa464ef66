package org.convkit.algo.reference;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.Geometry;

/**
 * A problem's geometry normalized to three spatial dimensions (leading dimensions of size 1), so
 * that one set of loops serves 1-D, 2-D and 3-D. Small cell {@code o} and kernel tap {@code k} meet
 * big cell {@code o*s - pb + k*d} in each dimension (before border handling). The arrays are the
 * lattice's own; read them, do not change them.
 */
public final class Lattice {
    public static final int D = 3;
    public final int[] big = {1, 1, 1};
    public final int[] small = {1, 1, 1};
    public final int[] kernel = {1, 1, 1};
    public final int[] stride = {1, 1, 1};
    public final int[] dilation = {1, 1, 1};
    public final int[] padBefore = {0, 0, 0};
    public final int[] padAfter = {0, 0, 0};

    public Lattice(ConvProblem p) {
        this(p.geometry(), p.bigSpatial(), p.smallSpatial());
    }

    /** For pooling: the input is big, the output small. */
    public Lattice(Geometry g) {
        this(g, g.input(), g.output());
    }

    private Lattice(Geometry g, int[] bigSpatial, int[] smallSpatial) {
        int off = D - g.dims();
        if (off < 0) {
            throw new IllegalArgumentException("at most 3 spatial dimensions are supported, got " + g.dims());
        }
        copy(bigSpatial, big, off);
        copy(smallSpatial, small, off);
        copy(g.kernel(), kernel, off);
        copy(g.stride(), stride, off);
        copy(g.dilation(), dilation, off);
        copy(g.padBefore(), padBefore, off);
        copy(g.padAfter(), padAfter, off);
    }

    private static void copy(int[] src, int[] dst, int off) {
        System.arraycopy(src, 0, dst, off, src.length);
    }

    public int bigVolume() {
        return big[0] * big[1] * big[2];
    }

    public int smallVolume() {
        return small[0] * small[1] * small[2];
    }

    public int kernelVolume() {
        return kernel[0] * kernel[1] * kernel[2];
    }

    /** Padded big coordinate that small cell o and tap k meet in dimension dim. */
    public int position(int dim, int o, int k) {
        return o * stride[dim] - padBefore[dim] + k * dilation[dim];
    }

    /**
     * Max pooling window o in dimension dim: sets lo[dim] to its first in-range tap and hi[dim] to
     * the exclusive end of its taps (step: the dilation), as PyTorch's kernels do.
     */
    public void maxTaps(int dim, int o, int[] lo, int[] hi) {
        int start = position(dim, o, 0);
        int end = Math.min(start + (kernel[dim] - 1) * dilation[dim] + 1, big[dim]);
        while (start < 0) {
            start += dilation[dim];
        }
        lo[dim] = start;
        hi[dim] = end;
    }

    /**
     * Average (or Lp) pooling window o in dimension dim: sets lo[dim] to its first real tap and
     * hi[dim] to the exclusive end of its real taps (step: the dilation; hi &lt;= lo when it has none)
     * and returns how many of its taps lie inside the padded input (PyTorch's divisor with
     * count_include_pad, ONNX's with dilation).
     */
    public long avgCells(int dim, int o, int[] lo, int[] hi) {
        int d = dilation[dim];
        int start = position(dim, o, 0);
        // a ceil-mode window may run past the padding after the input: those taps do not count
        long inPadded = Math.min(kernel[dim], Math.max(0, Math.floorDiv((long) big[dim] + padAfter[dim] - start + d - 1, d)));
        int first = start;
        while (first < 0) {
            first += d;
        }
        lo[dim] = first;
        hi[dim] = Math.min(start + (kernel[dim] - 1) * d + 1, big[dim]);
        return inPadded;
    }

    /** Real taps of the range {@link #avgCells} or {@link #maxTaps} set in dimension dim. */
    public int taps(int dim, int[] lo, int[] hi) {
        return hi[dim] > lo[dim] ? (hi[dim] - lo[dim] + dilation[dim] - 1) / dilation[dim] : 0;
    }
}
