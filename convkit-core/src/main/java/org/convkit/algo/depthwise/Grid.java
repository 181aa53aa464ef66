package org.convkit.algo.depthwise;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.Geometry;
import org.convkit.spec.PaddingMode;

/**
 * A depthwise problem's geometry normalized to three spatial dimensions (leading ones of size 1),
 * with the border rule worked out in advance: small cell o and tap k meet big cell
 * {@code o*s - p + k*d} per dimension, read through the padding mode.
 *
 * <p>The two leading dimensions pick whole rows: {@link #source} gives the big row index each
 * (small row, tap) reads, or -1 for padding zeros. The last dimension is handled by a padded row:
 * position q of a padded row of {@link #paddedWidth} cells stands for big cell q - p, so tap k of
 * output o reads padded position {@code o*s + k*d}, never out of range, and the border rule is
 * applied once when a row is padded ({@link #padSource}).
 */
final class Grid {
    final int[] big = {1, 1, 1};
    final int[] small = {1, 1, 1};
    final int[] kernel = {1, 1, 1};
    final int[] stride = {1, 1, 1};
    final int[] dilation = {1, 1, 1};
    final int[] padBefore = {0, 0, 0};
    final PaddingMode mode;
    /** source[d][o * kernel[d] + k]: the big index small index o reads through tap k, or -1; d = 0, 1. */
    final int[][] source = new int[2][];
    final int paddedWidth;
    /** For each padded position of the last dimension, the big cell it holds, or -1 for a zero. */
    final int[] padSource;

    Grid(ConvProblem p) {
        Geometry g = p.geometry();
        int off = 3 - g.dims();
        System.arraycopy(p.bigSpatial(), 0, big, off, g.dims());
        System.arraycopy(p.smallSpatial(), 0, small, off, g.dims());
        System.arraycopy(g.kernel(), 0, kernel, off, g.dims());
        System.arraycopy(g.stride(), 0, stride, off, g.dims());
        System.arraycopy(g.dilation(), 0, dilation, off, g.dims());
        System.arraycopy(g.padBefore(), 0, padBefore, off, g.dims());
        mode = p.spec().paddingMode();
        for (int d = 0; d < 2; d++) {
            source[d] = new int[small[d] * kernel[d]];
            for (int o = 0; o < small[d]; o++) {
                for (int k = 0; k < kernel[d]; k++) {
                    source[d][o * kernel[d] + k] = mode.source(o * stride[d] - padBefore[d] + k * dilation[d], big[d]);
                }
            }
        }
        long reach = (long) (small[2] - 1) * stride[2] + (long) (kernel[2] - 1) * dilation[2] + 1;
        paddedWidth = Math.toIntExact(Math.max(reach, (long) padBefore[2] + big[2]));
        padSource = new int[paddedWidth];
        for (int q = 0; q < paddedWidth; q++) {
            padSource[q] = mode.source(q - padBefore[2], big[2]);
        }
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

    /** Rows of the big signal (cells of the two leading dimensions). */
    int bigRows() {
        return big[0] * big[1];
    }

    /** Rows of the small signal. */
    int smallRows() {
        return small[0] * small[1];
    }

    /** Padded position of output o's tap 0 in the last dimension; tap k adds k * dilation[2]. */
    int padded(int o) {
        return o * stride[2];
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
