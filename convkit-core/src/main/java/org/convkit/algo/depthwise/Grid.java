package org.convkit.algo.depthwise;

import org.convkit.algo.reference.Lattice;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * A depthwise problem's geometry normalized to three spatial dimensions (leading ones of size 1),
 * with the border rule worked out in advance and the two layouts the loops run over: small cell o
 * and tap k meet big cell {@code o*s - p + k*d} per dimension, read through the padding mode.
 *
 * <p>The first dimension picks whole planes: {@link #planeSource} gives the big plane each (small
 * plane, tap) reads, or -1 for padding zeros. The other two are handled by a padded plane of
 * {@link #paddedHeight} x {@link #paddedWidth} cells, cell (y, q) holding big cell (y - p1, q - p2),
 * read through the mode when it lies outside.
 *
 * <p><b>The padded volume</b> (GATHER reads it, WEIGHT_GRAD correlates with it). Its rows are stored
 * split by the row stride's phase, rows y with the same y mod s1 together ({@link #storedRow}): then
 * tap (k1, k2) reads, for consecutive output rows, consecutive stored rows, so one run of the
 * kernel over a block of output rows laid out {@link #rowWidth} apart reads every tap through one
 * shift, whatever the strides. Along a row the run goes at stride 1, so with a column stride s2 it
 * computes s2 times the outputs needed and every s2-th is kept: cheaper than splitting each input
 * row by phase (a scalar strided copy of the whole input, four times the outputs for a 2-D stride
 * 2), and the extra lanes are fused multiply-adds, which the loops have to spare.
 *
 * <p><b>The upsampled volume</b> (SCATTER's input). The adjoint of the above: the small planes with
 * their columns spread s2 apart (zeros between) and margins of zeros, so that big padded cell
 * (y, q) is a stride-1 correlation over them with the taps whose row offset has y's phase,
 * {@code (k1*d1) mod s1 == y mod s1}: each row phase of the big plane is one run over a block of
 * rows.
 */
final class Grid {
    /** Extra floats at the end of every buffer a run reads or writes, so that a run may be rounded up to whole vectors. */
    static final int SLACK = 16;

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
    /** The big row (column) each padded row (column) holds, or -1 for zeros. */
    final int[] rowSource;
    final int[] colSource;

    /** Padded volume: stored rows per row phase, cells per stored row, floats per padded plane. */
    final int phaseRows;
    final int rowWidth;
    final int paddedPlane;
    /** Output rows per run over the padded volume. */
    final int blockRows;

    /** Upsampled volume: zero columns before a row's first sample, cells per row, zero rows above, rows, floats per plane. */
    final int upLeft;
    final int upWidth;
    final int upTop;
    final int upRows;
    final int upPlane;
    /** Rows (of one phase of the big plane) per run over the upsampled volume. */
    final int upBlockRows;

    /** @param blockCells about how many cells a run over a block of rows should span */
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
        phaseRows = (paddedHeight + stride[1] - 1) / stride[1];
        rowWidth = paddedWidth;
        paddedPlane = Math.multiplyExact(stride[1] * phaseRows, rowWidth);
        blockRows = Math.max(1, Math.min(small[1], blockCells / rowWidth));
        upLeft = (kernel[2] - 1) * dilation[2];
        upWidth = Math.addExact(upLeft, paddedWidth);
        upTop = (kernel[1] - 1) * dilation[1] / stride[1];
        upRows = upTop + Math.max(small[1], phaseRows);
        upPlane = Math.multiplyExact(upRows, upWidth);
        upBlockRows = Math.max(1, Math.min(phaseRows, blockCells / upWidth));
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

    /** Where padded row y is stored in its plane, in rows: the rows of one phase together. */
    int storedRow(int y) {
        return y % stride[1] * phaseRows + y / stride[1];
    }

    /**
     * Where tap (k1, k2) of output (0, 0) reads in a padded plane; output (o1, o2) reads
     * {@code o1 * rowWidth + o2 * stride[2]} further.
     */
    int tapOffset(int k1, int k2) {
        return storedRow(k1 * dilation[1]) * rowWidth + k2 * dilation[2];
    }

    /** Cells a run over output rows [r0, r0 + rows) of the padded volume spans, the last one needed included. */
    int runLength(int rows) {
        return (rows - 1) * rowWidth + (small[2] - 1) * stride[2] + 1;
    }

    /** Floats of a padded volume (every big plane), slack included. */
    int volumeFloats() {
        return Math.addExact(Math.multiplyExact(big[0], paddedPlane), SLACK);
    }

    /** Floats of a run's output block over the padded volume. */
    int blockFloats() {
        return Math.addExact(Math.multiplyExact(blockRows, rowWidth), SLACK);
    }

    /** Floats of an upsampled volume of {@code channels} small channels, slack included. */
    int upFloats(int channels) {
        return Math.addExact(Math.multiplyExact(Math.multiplyExact(channels, small[0]), upPlane), SLACK);
    }

    /** Floats of a run's output block over the upsampled volume. */
    int upBlockFloats() {
        return Math.addExact(Math.multiplyExact(upBlockRows, upWidth), SLACK);
    }

    /** Whether the padding mode fills padded cells with zeros, so SCATTER can drop the border's sums. */
    boolean zeros() {
        return mode == PaddingMode.ZEROS;
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
