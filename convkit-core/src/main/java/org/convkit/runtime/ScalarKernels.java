package org.convkit.runtime;

/**
 * The portable kernels: what runs when the Vector API is absent or switched off, and the twins that
 * vector kernels are tested against.
 */
public final class ScalarKernels implements SimdKernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();
    /** {@link SimdKernels#dots}: the lanes each chunk's products are split into, and the chunk's cells. */
    public static final int DOT_LANES = 16;
    public static final int DOT_CHUNK = 256;

    private ScalarKernels() {
    }

    @Override
    public String describe() {
        return "scalar";
    }

    @Override
    public Sgemm sgemm() {
        return ScalarSgemm.INSTANCE;
    }

    /**
     * Fused multiply-adds, like the vector twin, so both give the same bits. Long rows go through
     * the row buffers (see {@link #fmaRow}).
     */
    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        if (n < BUFFERED) {
            for (int i = 0; i < n; i++) {
                y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
            }
            return;
        }
        float[][] b = ROWS.get();
        for (int c = 0; c < n; c += ROW) {
            int len = Math.min(ROW, n - c);
            System.arraycopy(x, xOff + c, b[1], 0, len);
            System.arraycopy(y, yOff + c, b[0], 0, len);
            fmaRow(len, a, b[1], b[0]);
            System.arraycopy(b[0], 0, y, yOff + c, len);
        }
    }

    /** Tap by tap over the row, each a loop of fused multiply-adds: the vector twin's bits. */
    @Override
    public void taps(int n, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out, int outOff) {
        taps(n, taps, coef, 0, in, offsets, init, out, outOff);
    }

    /** Row by row, each as {@link #taps} makes it: the vector twin's bits. */
    @Override
    public void taps4(int n, int taps, float[] coef, int coefOff, float[] in, int[] offsets, float[] init, float[] out,
                      int outOff, int outStride) {
        for (int r = 0; r < 4; r++) {
            taps(n, taps, coef, coefOff + r * taps, in, offsets, init[r], out, outOff + r * outStride);
        }
    }

    /**
     * One output row, its taps' coefficients from {@code coefOff}. Long rows are made a buffer's
     * length at a time: the sum in one buffer across all taps, each tap's input row copied into the
     * other, so that the loop of fused multiply-adds indexes both with its own i (see
     * {@link #fmaRow}).
     */
    private static void taps(int n, int taps, float[] coef, int coefOff, float[] in, int[] offsets, float init,
                             float[] out, int outOff) {
        if (n < BUFFERED) {
            java.util.Arrays.fill(out, outOff, outOff + n, init);
            for (int t = 0; t < taps; t++) {
                float a = coef[coefOff + t];
                int x = offsets[t];
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = Math.fma(a, in[x + i], out[outOff + i]);
                }
            }
            return;
        }
        float[][] b = ROWS.get();
        float[] sum = b[0];
        float[] row = b[1];
        for (int c = 0; c < n; c += ROW) {
            int len = Math.min(ROW, n - c);
            java.util.Arrays.fill(sum, 0, len, init);
            for (int t = 0; t < taps; t++) {
                System.arraycopy(in, offsets[t] + c, row, 0, len);
                fmaRow(len, coef[coefOff + t], row, sum);
            }
            System.arraycopy(sum, 0, out, outOff + c, len);
        }
    }

    /**
     * {@code y[i] = fma(a, x[i], y[i])}, both arrays indexed by the loop's own i: JDK 17's SuperWord
     * vectorizes this, and not the same loop on two offsets (the arrays might be one). With the
     * copies in and out it ran 3.4 times the offset loop's speed on 224-float rows (Intel Xeon,
     * AVX-512); under 128 floats it gained nothing.
     */
    private static void fmaRow(int n, float a, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }

    /** Floats per row buffer. */
    private static final int ROW = 1024;
    /** Rows shorter than this run in place. */
    private static final int BUFFERED = 128;
    /** Each thread's two row buffers: a sum (or y) and an input row. */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[2][ROW]);

    /**
     * Tap by tap over the row, each an element-wise loop, the first tap a copy so that no
     * -infinity start is needed, then a scan for zeros and NaNs: the vector twin's values.
     */
    @Override
    public boolean maxTaps(int n, int taps, float[] in, int[] offsets, float[] out, int outOff, boolean check) {
        if (taps == 0) {
            java.util.Arrays.fill(out, outOff, outOff + n, Float.NEGATIVE_INFINITY);
            return false;
        }
        combineTaps(n, taps, in, offsets, out, outOff, true);
        boolean zeroOrNaN = false;
        for (int i = 0; check && i < n; i++) {
            float e = out[outOff + i];
            zeroOrNaN |= e == 0f | e != e;
        }
        return zeroOrNaN;
    }

    /**
     * Tap by tap over the row, each an element-wise loop, then the scale: each element's sum in tap
     * order, the vector twin's bits.
     */
    @Override
    public void sumTaps(int n, int taps, float[] in, int[] offsets, float scale, float[] out, int outOff) {
        if (taps == 0) {
            // the empty sum times the scale: a NaN scale (a mean of no cells) must reach the output
            java.util.Arrays.fill(out, outOff, outOff + n, 0f * scale);
            return;
        }
        combineTaps(n, taps, in, offsets, out, outOff, false);
        for (int i = 0; i < n; i++) {
            out[outOff + i] *= scale;
        }
    }

    /**
     * The first tap's row copied into out, then every other tap's row added (or its maximum taken)
     * element by element, in tap order. Long rows go a buffer's length at a time through the row
     * buffers, as {@link #taps} does, so that the JIT vectorizes the element-wise loops.
     */
    private static void combineTaps(int n, int taps, float[] in, int[] offsets, float[] out, int outOff, boolean max) {
        if (n < BUFFERED) {
            System.arraycopy(in, offsets[0], out, outOff, n);
            for (int t = 1; t < taps; t++) {
                int off = offsets[t];
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = max ? Math.max(out[outOff + i], in[off + i]) : out[outOff + i] + in[off + i];
                }
            }
            return;
        }
        float[][] b = ROWS.get();
        float[] acc = b[0];
        float[] row = b[1];
        for (int c = 0; c < n; c += ROW) {
            int len = Math.min(ROW, n - c);
            System.arraycopy(in, offsets[0] + c, acc, 0, len);
            for (int t = 1; t < taps; t++) {
                System.arraycopy(in, offsets[t] + c, row, 0, len);
                if (max) {
                    maxRow(len, row, acc);
                } else {
                    addRow(len, row, acc);
                }
            }
            System.arraycopy(acc, 0, out, outOff + c, len);
        }
    }

    /** {@code y[i] = max(y[i], x[i])}, both indexed by the loop's own i (see {@link #fmaRow}). */
    private static void maxRow(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(y[i], x[i]);
        }
    }

    /** {@code y[i] += x[i]}, both indexed by the loop's own i (see {@link #fmaRow}). */
    private static void addRow(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] += x[i];
        }
    }

    @Override
    public void sumRuns(int runs, int len, float[] in, int inOff, int pitch, float[] out, int outOff) {
        float[] p = new float[DOT_LANES];
        for (int r = 0; r < runs; r++) {
            java.util.Arrays.fill(p, 0f);
            int at = inOff + r * pitch;
            for (int i = 0; i < len; i++) {
                p[i % DOT_LANES] += in[at + i];
            }
            out[outOff + r] = halves(p, false);
        }
    }

    @Override
    public boolean hasNegativeZeroOrNaN(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Float.floatToRawIntBits(a[i]) == 0x80000000 || a[i] != a[i]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean maxRuns(int runs, int len, float[] in, int inOff, int pitch, float[] out, int outOff) {
        float[] p = new float[DOT_LANES];
        boolean zeroOrNaN = false;
        for (int r = 0; r < runs; r++) {
            java.util.Arrays.fill(p, Float.NEGATIVE_INFINITY);
            int at = inOff + r * pitch;
            for (int i = 0; i < len; i++) {
                p[i % DOT_LANES] = Math.max(p[i % DOT_LANES], in[at + i]);
            }
            float m = halves(p, true);
            out[outOff + r] = m;
            zeroOrNaN |= m == 0f | m != m;
        }
        return zeroOrNaN;
    }

    /**
     * {@link #sumRuns}' partial sums (or maxima) combined: partial j with partial j + h for h = 8,
     * 4, 2, 1; p is overwritten. The vector twins store their partials and call this.
     */
    public static float halves(float[] p, boolean max) {
        for (int h = DOT_LANES / 2; h > 0; h /= 2) {
            for (int j = 0; j < h; j++) {
                p[j] = max ? Math.max(p[j], p[j + h]) : p[j] + p[j + h];
            }
        }
        return p[0];
    }

    /** Position by position, the taps in order, each kept or replaced by -infinity by its column. */
    @Override
    public boolean maxTapsInRows(int n, int taps, float[] in, int[] offsets, float[] columns, int colOff, int[] lo,
                                 int[] hi, float[] out, int outOff, boolean check) {
        boolean zeroOrNaN = false;
        for (int i = 0; i < n; i++) {
            float c = columns[colOff + i];
            float m = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < taps; t++) {
                m = Math.max(m, c >= lo[t] && c < hi[t] ? in[offsets[t] + i] : Float.NEGATIVE_INFINITY);
            }
            out[outOff + i] = m;
            zeroOrNaN |= m == 0f | m != m;
        }
        return check && zeroOrNaN;
    }

    /** Position by position, the taps in order, each kept or replaced by -0 by its column. */
    @Override
    public void sumTapsInRows(int n, int taps, float[] in, int[] offsets, float[] columns, int colOff, int[] lo,
                              int[] hi, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            float c = columns[colOff + i];
            float s = taps > 0 && c >= lo[0] && c < hi[0] ? in[offsets[0] + i] : -0f;
            for (int t = 1; t < taps; t++) {
                s += c >= lo[t] && c < hi[t] ? in[offsets[t] + i] : -0f;
            }
            out[outOff + i] = s;
        }
    }

    @Override
    public void copyRows(int rows, int width, float[] in, int inOff, int inPitch, int inStep, float[] out, int outOff,
                         int outPitch, int outStep) {
        for (int r = 0; r < rows; r++) {
            int from = inOff + r * inPitch;
            int to = outOff + r * outPitch;
            if (inStep == 1 && outStep == 1) {
                System.arraycopy(in, from, out, to, width);
                continue;
            }
            for (int i = 0; i < width; i++) {
                out[to + i * outStep] = in[from + i * inStep];
            }
        }
    }

    /** {@link #copyRows}: the cells past a row are left as they are. */
    @Override
    public void copyRowsOverZeros(int rows, int width, float[] in, int inOff, int inPitch, int inStep, float[] out,
                                  int outOff, int outPitch) {
        copyRows(rows, width, in, inOff, inPitch, inStep, out, outOff, outPitch, 1);
    }

    /** Lane by lane, each lane's chain in cell order: the vector twin's bits. */
    @Override
    public void dots(int n, int taps, float[] x, int xOff, float[] in, int[] offsets, float[] sums, int sumsOff) {
        if (n % DOT_LANES != 0) {
            throw new IllegalArgumentException("dots: n = " + n + " is not a multiple of " + DOT_LANES);
        }
        for (int t = 0; t < taps; t++) {
            int off = offsets[t];
            for (int c = 0; c < n; c += DOT_CHUNK) {
                int end = Math.min(n, c + DOT_CHUNK);
                int at = sumsOff + t * DOT_LANES;
                for (int l = 0; l < DOT_LANES; l++) {
                    float acc = 0f;
                    for (int i = c + l; i < end; i += DOT_LANES) {
                        acc = Math.fma(x[xOff + i], in[off + i], acc);
                    }
                    sums[at + l] += acc;
                }
            }
        }
    }

    /** The four calls, by definition. */
    @Override
    public void dots4(int n, int taps, float[] x, int xOff, int xStride, float[] in, int[] offsets, float[] sums,
                      int sumsOff, int sumsStride) {
        for (int r = 0; r < 4; r++) {
            dots(n, taps, x, xOff + r * xStride, in, offsets, sums, sumsOff + r * sumsStride);
        }
    }

    /** Eight: any width gives the same bits, each lane being its own chain. */
    @Override
    public int blockLanes() {
        return 8;
    }

    /** Cell by cell, lane by lane, tap by tap: the vector twin's chains. */
    @Override
    public void blockTaps(int n, int taps, float[] coef, int coefOff, float[] in, int inOff, int[] cells, int[] offsets,
                          float[] init, int initOff, float[] out, int outOff) {
        int lanes = blockLanes();
        for (int i = 0; i < n; i++) {
            int cell = inOff + cells[i];
            for (int l = 0; l < lanes; l++) {
                float acc = init[initOff + l];
                for (int t = 0; t < taps; t++) {
                    acc = Math.fma(coef[coefOff + t * lanes + l], in[cell + offsets[t] + l], acc);
                }
                out[outOff + i * lanes + l] = acc;
            }
        }
    }

    /** Cell by cell, lane by lane, tap by tap: the vector twin's reductions. */
    @Override
    public boolean blockPool(boolean max, int n, int taps, float[] in, int inOff, int[] cells, int[] offsets,
                             float[] out, int outOff) {
        int lanes = blockLanes();
        boolean suspect = false;
        for (int i = 0; i < n; i++) {
            int cell = inOff + cells[i];
            for (int l = 0; l < lanes; l++) {
                float acc = in[cell + offsets[0] + l];
                for (int t = 1; t < taps; t++) {
                    float v = in[cell + offsets[t] + l];
                    acc = max ? Math.max(acc, v) : acc + v;
                }
                out[outOff + i * lanes + l] = acc;
                suspect |= max && !(Math.abs(acc) > 0f);
            }
        }
        return suspect;
    }

    /** Cell by cell, the channels of each cell written side by side. */
    @Override
    public void toLanes(int n, int width, float[] in, int inOff, int pitch, float[] out, int outOff, int[] to) {
        for (int i = 0; i < n; i++) {
            int at = outOff + to[i];
            for (int c = 0; c < width; c++) {
                out[at + c] = in[inOff + c * pitch + i];
            }
        }
    }

    /** Channel by channel, each plane written in order. */
    @Override
    public void fromLanes(int n, int width, float[] in, int inOff, float[] out, int outOff, int pitch) {
        fromLanes(n, width, in, inOff, out, outOff, pitch, blockLanes());
    }

    /**
     * {@link #fromLanes} for blocks of {@code lanes} lanes: the vector kernels' blocks are their
     * vector's length, not this class's eight.
     */
    public static void fromLanes(int n, int width, float[] in, int inOff, float[] out, int outOff, int pitch, int lanes) {
        for (int c = 0; c < width; c++) {
            int at = outOff + c * pitch;
            for (int i = 0; i < n; i++) {
                out[at + i] = in[inOff + i * lanes + c];
            }
        }
    }
}
