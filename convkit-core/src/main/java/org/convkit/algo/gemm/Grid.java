package org.convkit.algo.gemm;

import org.convkit.algo.reference.Lattice;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * A problem's shapes as the GEMM lowering sees them: channels per group, and the geometry
 * normalized to three spatial dimensions (leading dimensions of size 1) so that one lowering serves
 * 1-D, 2-D and 3-D. Small cell {@code o} and kernel tap {@code k} meet big cell {@code o*s - pb + k*d}
 * in each dimension, read through the padding mode.
 */
final class Grid {
    static final int D = Lattice.D;
    /** The normalized geometry (shared, read-only), and its arrays for the loops. */
    final Lattice lattice;
    final int[] big;
    final int[] small;
    final int[] kernel;
    final int[] stride;
    final int[] dilation;
    final int[] padBefore;
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
        lattice = new Lattice(p);
        big = lattice.big;
        small = lattice.small;
        kernel = lattice.kernel;
        stride = lattice.stride;
        dilation = lattice.dilation;
        padBefore = lattice.padBefore;
        mode = p.spec().paddingMode();
        flip = p.spec().flip();
        batch = p.batch();
        groups = p.groups();
        cbg = p.bigChannels() / groups;
        csg = p.smallChannels() / groups;
        bigVolume = lattice.bigVolume();
        smallVolume = lattice.smallVolume();
        kernelVolume = lattice.kernelVolume();
    }

    /** Padded big coordinate that small cell o and tap k meet in dimension dim. */
    int position(int dim, int o, int k) {
        return lattice.position(dim, o, k);
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
