package org.convkit.algo.reference;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.Geometry;

/**
 * A problem's geometry normalized to three spatial dimensions (leading dimensions of size 1), so
 * that one set of loops serves 1-D, 2-D and 3-D. Small cell {@code o} and kernel tap {@code k} meet
 * big cell {@code o*s - pb + k*d} in each dimension (before border handling).
 */
final class Lattice {
    static final int D = 3;
    final int[] big = {1, 1, 1};
    final int[] small = {1, 1, 1};
    final int[] kernel = {1, 1, 1};
    final int[] stride = {1, 1, 1};
    final int[] dilation = {1, 1, 1};
    final int[] padBefore = {0, 0, 0};
    final int[] padAfter = {0, 0, 0};

    Lattice(ConvProblem p) {
        this(p.geometry(), p.bigSpatial(), p.smallSpatial());
    }

    /** For pooling: the input is big, the output small. */
    Lattice(Geometry g) {
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

    int bigVolume() {
        return big[0] * big[1] * big[2];
    }

    int smallVolume() {
        return small[0] * small[1] * small[2];
    }

    int kernelVolume() {
        return kernel[0] * kernel[1] * kernel[2];
    }

    /** Padded big coordinate that small cell o and tap k meet in dimension dim. */
    int position(int dim, int o, int k) {
        return o * stride[dim] - padBefore[dim] + k * dilation[dim];
    }
}
