package org.convkit.algo.depthwise;

import java.util.Arrays;

import org.convkit.runtime.SimdKernels;
import org.convkit.spec.PaddingMode;

/**
 * GATHER without copies for the common depthwise layer: one plane (2-D or 1-D), zero padding,
 * stride 1 and an output as wide as the input (a 'same' layer). Then output cell o of a plane reads
 * input cell {@code o + shift[t]} through tap t for every output whose taps all land inside the
 * input, so the interior, rows and all, is one run of {@link SimdKernels#taps} from the input plane
 * straight into the output plane: no padded copy, no block to copy out. The run also passes over
 * the interior rows' border columns, whose reads wrap into the neighbouring row; those outputs and
 * the border rows are then computed again, as four small rectangles (above, below, left, right),
 * each from a padded copy of just the input it reads, by the same kernel. (Computed one by one in
 * scalar code, the border's 4% of the outputs took longer than the whole interior.) On a small
 * map the border is most of the plane and its rectangles cost more than the copies they save, so
 * {@link ChannelLoops#of} takes this path only where the cost model expects it to be faster.
 *
 * <p>Every output is the same chain of fused multiply-adds over the taps in row-major order as in
 * the padded loops ({@code fma(w, 0, acc)} for a tap on padding), so the two paths give the same
 * bits.
 */
final class InPlaceGather {
    private final Grid g;
    private final int kv;
    /** Where tap t reads, relative to the output cell's own index, and the farthest of those ahead. */
    private final int[] shift;
    private final int farthest;
    /** Outputs [rowLo, rowHi) x [colLo, colHi) read only real cells. */
    private final int rowLo;
    private final int rowHi;
    private final int colLo;
    private final int colHi;
    /** The kernel's reach beyond one cell, in rows and columns. */
    private final int reachRows;
    private final int reachCols;
    /** The border as [r0, r1, c0, c1]: above and below the interior (whole rows), left and right of it. */
    private final int[][] rectangles;

    private InPlaceGather(Grid g) {
        this.g = g;
        this.kv = g.kernelVolume();
        int w = g.big[2];
        shift = new int[kv];
        int ahead = 0;
        for (int k = 0; k < kv; k++) {
            shift[k] = (k / g.kernel[2] * g.dilation[1] - g.padBefore[1]) * w
                    + k % g.kernel[2] * g.dilation[2] - g.padBefore[2];
            ahead = Math.max(ahead, shift[k]);
        }
        farthest = ahead;
        rowLo = clamp(g.padBefore[1], g.small[1]);
        rowHi = clamp(g.big[1] + g.padBefore[1] - (g.kernel[1] - 1) * g.dilation[1], g.small[1]);
        colLo = clamp(g.padBefore[2], g.small[2]);
        colHi = clamp(g.big[2] + g.padBefore[2] - (g.kernel[2] - 1) * g.dilation[2], g.small[2]);
        reachRows = (g.kernel[1] - 1) * g.dilation[1];
        reachCols = (g.kernel[2] - 1) * g.dilation[2];
        int oh = g.small[1];
        int ow = g.small[2];
        rectangles = new int[][] {{0, rowLo, 0, ow}, {rowHi, oh, 0, ow}, {rowLo, rowHi, 0, colLo}, {rowLo, rowHi, colHi, ow}};
    }

    /** The copy-free gather for this geometry, or null when it does not apply. */
    static InPlaceGather of(Grid g) {
        boolean fits = g.mode == PaddingMode.ZEROS && g.big[0] == 1 && g.small[0] == 1 && g.kernel[0] == 1
                && g.stride[1] == 1 && g.stride[2] == 1 && g.small[2] == g.big[2];
        if (!fits) {
            return null;
        }
        InPlaceGather in = new InPlaceGather(g);
        return in.rowLo < in.rowHi && in.colLo < in.colHi ? in : null;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n, v));
    }

    /**
     * Extra outputs a kernel run may compute past the ones asked for: runs are rounded up to a whole
     * number of the widest vectors (16 floats), so that no output of a short run is left to the
     * kernel's scalar tail, which costs as much per output as a vector costs for sixteen.
     */
    private static final int SLACK = 16;

    /** Floats of scratch a worker needs for the border rectangles: their padded inputs and outputs. */
    long scratchFloats() {
        // the outputs, laid out one copied row (or column) apart, take no more room than the copy
        long most = 0;
        for (int[] r : rectangles) {
            most = Math.max(most, (long) (r[1] - r[0] + reachRows) * (r[3] - r[2] + reachCols));
        }
        return 2 * most + 2L * SLACK;
    }

    /** Cells the kernel runs over per plane: the interior's run and the border rectangles' (for the cost model). */
    long runCells() {
        int w = g.small[2];
        long cells = roundUp((rowHi - 1) * w + colHi - (rowLo * w + colLo));
        for (int[] b : rectangles) {
            if (b[0] < b[1] && b[2] < b[3]) {
                int line = b == rectangles[2] || b == rectangles[3] ? b[1] - b[0] + reachRows : b[3] - b[2] + reachCols;
                int outer = b == rectangles[2] || b == rectangles[3] ? b[3] - b[2] : b[1] - b[0];
                int inner = b == rectangles[2] || b == rectangles[3] ? b[1] - b[0] : b[3] - b[2];
                cells += roundUp((outer - 1) * line + inner);
            }
        }
        return cells;
    }

    /** Cells the border rectangles copy in and out per plane, in scalar loops or short copies (for the cost model). */
    long copiedCells() {
        long cells = 0;
        for (int[] b : rectangles) {
            if (b[0] < b[1] && b[2] < b[3]) {
                cells += (long) (b[1] - b[0] + reachRows) * (b[3] - b[2] + reachCols) + (long) (b[1] - b[0]) * (b[3] - b[2]);
            }
        }
        return cells;
    }

    /**
     * One small plane from one big plane: {@code small[smallOff + o] = init + sum over taps of
     * coef[t] * big[bigOff + ...]}, coef in row-major tap order (already reversed for a flip).
     */
    void plane(SimdKernels kernels, float[] big, int bigOff, float[] small, int smallOff, float[] coef, float init,
               int[] offsets, float[] scratch) {
        int w = g.small[2];
        int first = rowLo * w + colLo;
        int last = (rowHi - 1) * w + colHi;
        for (int t = 0; t < kv; t++) {
            offsets[t] = bigOff + first + shift[t];
        }
        // Rounded up when the extra outputs stay in this plane's border, which the rectangles below
        // write over, and the extra reads stay inside the array.
        int n = last - first;
        int rounded = roundUp(n);
        boolean room = first + rounded <= g.small[1] * w && bigOff + first + farthest + rounded <= big.length;
        kernels.taps(room ? rounded : n, kv, coef, big, offsets, init, small, smallOff + first);
        for (int r = 0; r < rectangles.length; r++) {
            int[] b = rectangles[r];
            if (b[0] < b[1] && b[2] < b[3]) {
                rectangle(kernels, big, bigOff, small, smallOff, coef, init, offsets, scratch, b, r >= 2);
            }
        }
    }

    private static int roundUp(int n) {
        return (n + SLACK - 1) / SLACK * SLACK;
    }

    /**
     * Outputs [r0, r1) x [c0, c1) from a padded copy of the input they read (zeros for padding), laid
     * out so that one run of the kernel covers them: each output the same chain, padding taps
     * included, as the padded loops compute. Whole rows (above and below) are copied row by row; the
     * narrow rectangles left and right of the interior are copied transposed, column after column, so
     * that a run goes down a column and no lane is spent on the columns between two outputs.
     */
    private void rectangle(SimdKernels kernels, float[] big, int bigOff, float[] small, int smallOff, float[] coef,
                           float init, int[] offsets, float[] scratch, int[] box, boolean transposed) {
        int r0 = box[0];
        int r1 = box[1];
        int c0 = box[2];
        int c1 = box[3];
        int rows = r1 - r0 + reachRows;
        int cols = c1 - c0 + reachCols;
        int y0 = r0 - g.padBefore[1];
        int x0 = c0 - g.padBefore[2];
        // a row (or, transposed, a column) of the copy is `line` floats: the kernel's row step
        int line = transposed ? rows : cols;
        int rowStep = transposed ? 1 : cols;
        int colStep = transposed ? rows : 1;
        if (transposed) {
            copyColumns(big, bigOff, scratch, x0, cols, y0, rows);
        } else {
            copyRows(big, bigOff, scratch, y0, rows, x0, cols);
        }
        for (int t = 0; t < kv; t++) {
            offsets[t] = t / g.kernel[2] * g.dilation[1] * rowStep + t % g.kernel[2] * g.dilation[2] * colStep;
        }
        int out = rows * cols + SLACK;
        int outer = transposed ? c1 - c0 : r1 - r0;
        int inner = transposed ? r1 - r0 : c1 - c0;
        kernels.taps(roundUp((outer - 1) * line + inner), kv, coef, scratch, offsets, init, scratch, out);
        int w = g.small[2];
        if (transposed) {
            for (int c = c0; c < c1; c++) {
                int from = out + (c - c0) * line;
                for (int o1 = r0; o1 < r1; o1++) {
                    small[smallOff + o1 * w + c] = scratch[from + o1 - r0];
                }
            }
        } else {
            for (int o1 = r0; o1 < r1; o1++) {
                System.arraycopy(scratch, out + (o1 - r0) * line, small, smallOff + o1 * w + c0, c1 - c0);
            }
        }
    }

    /** scratch[y * cols + x] = input (y0 + y, x0 + x), zero outside the plane. */
    private void copyRows(float[] big, int bigOff, float[] scratch, int y0, int rows, int x0, int cols) {
        // the real cells of a row are x in [xa, xb): one copy, zeros around it
        int xa = clamp(-x0, cols);
        int xb = Math.max(xa, clamp(g.big[2] - x0, cols));
        for (int y = 0; y < rows; y++) {
            int i1 = y0 + y;
            int at = y * cols;
            if (i1 < 0 || i1 >= g.big[1]) {
                Arrays.fill(scratch, at, at + cols, 0f);
                continue;
            }
            Arrays.fill(scratch, at, at + xa, 0f);
            System.arraycopy(big, bigOff + i1 * g.big[2] + x0 + xa, scratch, at + xa, xb - xa);
            Arrays.fill(scratch, at + xb, at + cols, 0f);
        }
    }

    /** scratch[x * rows + y] = input (y0 + y, x0 + x), zero outside the plane. */
    private void copyColumns(float[] big, int bigOff, float[] scratch, int x0, int cols, int y0, int rows) {
        int ya = clamp(-y0, rows);
        int yb = Math.max(ya, clamp(g.big[1] - y0, rows));
        int w = g.big[2];
        for (int x = 0; x < cols; x++) {
            int i2 = x0 + x;
            int at = x * rows;
            if (i2 < 0 || i2 >= w) {
                Arrays.fill(scratch, at, at + rows, 0f);
                continue;
            }
            Arrays.fill(scratch, at, at + ya, 0f);
            int src = bigOff + (y0 + ya) * w + i2;
            for (int y = ya; y < yb; y++, src += w) {
                scratch[at + y] = big[src];
            }
            Arrays.fill(scratch, at + yb, at + rows, 0f);
        }
    }
}
