package org.convkit.algo.gemm;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.Geometry;
import org.convkit.spec.PaddingMode;

/**
 * A problem's shapes as the GEMM lowering sees them: channels per group, and the geometry
 * normalized to three spatial dimensions (leading dimensions of size 1) so that one lowering serves
 * 1-D, 2-D and 3-D. Small cell {@code o} and kernel tap {@code k} meet big cell {@code o*s - pb + k*d}
 * in each dimension, read through the padding mode.
 */
final class Grid {
    static final int D = 3;
    final int[] big = {1, 1, 1};
    final int[] small = {1, 1, 1};
    final int[] kernel = {1, 1, 1};
    final int[] stride = {1, 1, 1};
    final int[] dilation = {1, 1, 1};
    final int[] padBefore = {0, 0, 0};
    final PaddingMode mode;
    final boolean flip;
    final int batch;
    final int groups;
    /** Big and small channels per group. */
    final int cbg;
    final int csg;
    final int bigVolume;
    final int smallVolume;
    final int kernelVolume;

    Grid(ConvProblem p) {
        Geometry g = p.geometry();
        int off = D - g.dims();
        System.arraycopy(p.bigSpatial(), 0, big, off, g.dims());
        System.arraycopy(p.smallSpatial(), 0, small, off, g.dims());
        System.arraycopy(g.kernel(), 0, kernel, off, g.dims());
        System.arraycopy(g.stride(), 0, stride, off, g.dims());
        System.arraycopy(g.dilation(), 0, dilation, off, g.dims());
        System.arraycopy(g.padBefore(), 0, padBefore, off, g.dims());
        mode = p.spec().paddingMode();
        flip = p.spec().flip();
        batch = p.batch();
        groups = p.groups();
        cbg = p.bigChannels() / groups;
        csg = p.smallChannels() / groups;
        bigVolume = big[0] * big[1] * big[2];
        smallVolume = small[0] * small[1] * small[2];
        kernelVolume = kernel[0] * kernel[1] * kernel[2];
    }

    /** Padded big coordinate that small cell o and tap k meet in dimension dim. */
    int position(int dim, int o, int k) {
        return o * stride[dim] - padBefore[dim] + k * dilation[dim];
    }

    /** The big cell that small cell o and tap k read in dimension dim, or -1 for a zero. */
    int source(int dim, int o, int k) {
        int i = position(dim, o, k);
        return i >= 0 && i < big[dim] ? i : mode.source(i, big[dim]);
    }

    /** Rows of a group's lowered (column) matrix: one per (big channel, tap). */
    int columnRows() {
        return cbg * kernelVolume;
    }
}
