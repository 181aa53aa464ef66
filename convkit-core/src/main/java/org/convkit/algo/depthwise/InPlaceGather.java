package org.convkit.algo.depthwise;

import org.convkit.algo.SimdKernels;
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
 * scalar code, the border's 4% of the outputs took longer than the whole interior.)
 *
 * <p>Every output is the same chain of fused multiply-adds over the taps in row-major order as in
 * the padded loops ({@code fma(w, 0, acc)} for a tap on padding), so the two paths give the same
 * bits.
 */
final class InPlaceGather {
    private final Grid g;
    private final int kv;
    /** Where tap t reads, relative to the output cell's own index. */
    private final int[] shift;
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
        for (int k = 0; k < kv; k++) {
            shift[k] = (k / g.kernel[2] * g.dilation[1] - g.padBefore[1]) * w
                    + k % g.kernel[2] * g.dilation[2] - g.padBefore[2];
        }
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

    /** Floats of scratch a worker needs for the border rectangles: their padded inputs and outputs. */
    long scratchFloats() {
        long most = 0;
        for (int[] r : rectangles) {
            long rows = r[1] - r[0];
            long cols = r[3] - r[2] + reachCols;
            most = Math.max(most, (rows + reachRows) * cols + rows * cols);
        }
        return most;
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
        kernels.taps(last - first, kv, coef, big, offsets, init, small, smallOff + first);
        for (int[] r : rectangles) {
            if (r[0] < r[1] && r[2] < r[3]) {
                rectangle(kernels, big, bigOff, small, smallOff, coef, init, offsets, scratch, r[0], r[1], r[2], r[3]);
            }
        }
    }

    /**
     * Outputs [r0, r1) x [c0, c1) from a padded copy of the input they read (zeros for padding), laid
     * out {@code cols} apart so that one run of the kernel covers them: each output the same chain,
     * padding taps included, as the padded loops compute.
     */
    private void rectangle(SimdKernels kernels, float[] big, int bigOff, float[] small, int smallOff, float[] coef,
                           float init, int[] offsets, float[] scratch, int r0, int r1, int c0, int c1) {
        int cols = c1 - c0 + reachCols;
        int rows = r1 - r0 + reachRows;
        int y0 = r0 - g.padBefore[1];
        int x0 = c0 - g.padBefore[2];
        // the real cells of a row are x in [xa, xb): one copy, zeros around it
        int xa = clamp(-x0, cols);
        int xb = Math.max(xa, clamp(g.big[2] - x0, cols));
        for (int y = 0; y < rows; y++) {
            int i1 = y0 + y;
            int at = y * cols;
            if (i1 < 0 || i1 >= g.big[1]) {
                java.util.Arrays.fill(scratch, at, at + cols, 0f);
                continue;
            }
            java.util.Arrays.fill(scratch, at, at + xa, 0f);
            System.arraycopy(big, bigOff + i1 * g.big[2] + x0 + xa, scratch, at + xa, xb - xa);
            java.util.Arrays.fill(scratch, at + xb, at + cols, 0f);
        }
        for (int t = 0; t < kv; t++) {
            offsets[t] = t / g.kernel[2] * g.dilation[1] * cols + t % g.kernel[2] * g.dilation[2];
        }
        int out = rows * cols;
        int n = (r1 - r0 - 1) * cols + (c1 - c0);
        kernels.taps(n, kv, coef, scratch, offsets, init, scratch, out);
        int w = g.small[2];
        for (int o1 = r0; o1 < r1; o1++) {
            System.arraycopy(scratch, out + (o1 - r0) * cols, small, smallOff + o1 * w + c0, c1 - c0);
        }
    }
}
