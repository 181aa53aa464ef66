package org.convkit.algo.depthwise;

import org.convkit.algo.reference.Lattice;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * A depthwise problem's geometry normalized to three spatial dimensions (leading ones of size 1),
 * with the border rule worked out in advance: small cell o and tap k meet big cell
 * {@code o*s - p + k*d} per dimension, read through the padding mode.
 *
 * <p>The first dimension picks whole planes: {@link #planeSource} gives the big plane each (small
 * plane, tap) reads, or -1 for padding zeros. The other two are handled by a padded plane of
 * {@link #paddedHeight} x {@link #paddedWidth} cells, cell (y, q) holding big cell (y - p1, q - p2):
 * tap (k1, k2) of output (o1, o2) reads padded cell {@code (o1*s1 + k1*d1, o2*s2 + k2*d2)}, never out
 * of range, and the border rule is applied once, when a plane is padded.
 *
 * <p>Each padded row is stored split by phase, the cells q with the same q mod s2 together
 * ({@link #stored}): then the cells one tap reads for a row of outputs are consecutive whatever the
 * stride. With stride 1 in the second dimension too, consecutive output rows laid out
 * {@link #rowWidth} apart read the padded plane through one shift per tap: a whole block of rows
 * is one copy and one long loop, and the cells at the end of each laid-out row past
 * {@code small[2]} are junk that is never used.
 */
final class Grid {
    /** The normalized geometry's arrays (Lattice's, shared and read-only). */
    final int[] big;
    final int[] small;
    final int[] kernel;
    final int[] stride;
    final int[] dilation;
    final int[] padBefore;
    final PaddingMode mode;
    /** planeSource[o * kernel[0] + k]: the big plane small plane o reads through tap k, or -1. */
    final int[] planeSource;
    final int paddedHeight;
    final int paddedWidth;
    /** Stored cells per phase of a padded row, and per padded row (phases x phaseWidth >= paddedWidth). */
    final int phaseWidth;
    final int rowWidth;
    /** The big row (column) each padded row (column) holds, or -1 for zeros. */
    final int[] rowSource;
    final int[] colSource;
    /** Padded planes are this far apart, a little more than a plane: a window may run past its plane's end. */
    final int paddedPlane;
    /**
     * How far apart a block lays out its rows of outputs: rowWidth when one shift per tap serves
     * the whole block (junk between rows), else just the row's outputs.
     */
    final int blockStride;
    /** Output rows laid out per block: about the cells asked for, at least one row. */
    final int blockRows;

    /** @param blockCells about how many cells (rows x blockStride) a block of output rows should span */
    Grid(ConvProblem p, int blockCells) {
        Lattice l = new Lattice(p);
        big = l.big;
        small = l.small;
        kernel = l.kernel;
        stride = l.stride;
        dilation = l.dilation;
        padBefore = l.padBefore;
        mode = p.spec().paddingMode();
        planeSource = new int[small[0] * kernel[0]];
        for (int o = 0; o < small[0]; o++) {
            for (int k = 0; k < kernel[0]; k++) {
                planeSource[o * kernel[0] + k] = mode.source(l.position(0, o, k), big[0]);
            }
        }
        paddedHeight = padded(1);
        paddedWidth = padded(2);
        rowSource = sources(1, paddedHeight);
        colSource = sources(2, paddedWidth);
        phaseWidth = (paddedWidth + stride[2] - 1) / stride[2];
        rowWidth = Math.multiplyExact(phaseWidth, stride[2]);
        // a block's copy may run past its plane's last row by a row and a tap's shift
        paddedPlane = Math.toIntExact((long) paddedHeight * rowWidth + rowWidth + (long) (kernel[2] - 1) * dilation[2]);
        blockStride = contiguous() ? rowWidth : small[2];
        blockRows = Math.max(1, Math.min(small[1], blockCells / blockStride));
    }

    /** Cells the padded dimension needs: every tap of every output, and the whole input. */
    private int padded(int d) {
        long reach = (long) (small[d] - 1) * stride[d] + (long) (kernel[d] - 1) * dilation[d] + 1;
        return Math.toIntExact(Math.max(reach, (long) padBefore[d] + big[d]));
    }

    private int[] sources(int d, int n) {
        int[] s = new int[n];
        for (int q = 0; q < n; q++) {
            s[q] = mode.source(q - padBefore[d], big[d]);
        }
        return s;
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

    /** Where padded column q is stored within its row. */
    int stored(int q) {
        return q % stride[2] * phaseWidth + q / stride[2];
    }

    /** Whether a block of output rows reads the padded plane through a single shift per tap. */
    boolean contiguous() {
        return stride[1] == 1;
    }

    /** Where tap (k1, k2) of output (o1, 0) reads in a padded plane; output (o1, o2) reads o2 further. */
    int tapOffset(int o1, int k1, int k2) {
        return (o1 * stride[1] + k1 * dilation[1]) * rowWidth + stored(k2 * dilation[2]);
    }

    /**
     * The most terms any big cell receives in a scatter from one small channel: per dimension, the
     * most (small cell, tap) pairs that read one big cell (after the border rule), multiplied.
     */
    long maxHits() {
        long hits = 1;
        for (int d = 0; d < 3; d++) {
            int[] count = new int[big[d]];
            int most = 0;
            for (int o = 0; o < small[d]; o++) {
                for (int k = 0; k < kernel[d]; k++) {
                    int i = mode.source(o * stride[d] - padBefore[d] + k * dilation[d], big[d]);
                    if (i >= 0) {
                        most = Math.max(most, ++count[i]);
                    }
                }
            }
            hits *= most;
        }
        return hits;
    }
}
