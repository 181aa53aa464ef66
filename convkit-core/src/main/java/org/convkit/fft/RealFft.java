package org.convkit.fft;

import java.util.Arrays;

import org.convkit.runtime.Parallel;

/**
 * The N-D discrete Fourier transform of a real row-major grid of shape {@code (n_0, ..., n_{d-1})},
 * keeping the half of the spectrum that a real signal's Hermitian symmetry does not repeat: shape
 * {@code (n_0, ..., n_{d-1}/2 + 1)}, complex values interleaved (re, im), NumPy's {@code rfftn}
 * layout. Forward is {@code X[f] = sum_t x[t] exp(-2 pi i f.t / n)}; the inverse divides by the
 * volume, so it undoes it.
 *
 * <p>How: every axis goes through {@link PanelFft}s on panels of lines side by side, so each
 * butterfly is a vector loop over the panel's lanes. Along the last axis, 2 * {@link #ROW_LANES}
 * real rows are read into one complex panel (row pairs as real and imaginary parts, transposed so
 * that the rows are the lanes; a 1-D signal is one row, a panel of one lane), transformed
 * together, and separated by symmetry into their half spectra. Along any other axis,
 * up to {@link #LINE_LANES} neighbouring lines of the half spectrum (as many as {@link #PANEL_BYTES}
 * hold for the axis's length, split evenly) are copied into a panel (each visit
 * to a row reads neighbouring cells), transformed and copied back. {@link #convolve} and
 * {@link #inverseOfProduct} do a spectral product inside the first axis's panels, between its
 * forward and inverse transforms.
 *
 * <p>A plan: the 1-D plans (one per distinct length) and each worker's panels are made once, here,
 * and reused by every call; a deconvolution makes one and runs all its channels and iterations
 * through it, and a call allocates nothing.
 *
 * <p>Threads: panels are shared among up to {@code threads} workers by a fixed rule (panel i to
 * worker i mod workers), and each is transformed the same way whichever worker does it, so results
 * are bitwise the same for any thread count. An instance is not itself safe to call from several
 * threads at once (its panels are per worker, not per caller).
 *
 * <p>Error: {@code ||fft - exact||_2 <= C 2^-53 log2(V) ||exact||_2}, V the grid volume, with C = 4
 * for 5-smooth sizes and 16 with Bluestein lengths, tested against a double-precision DFT in
 * {@code RealFftTest}.
 */
public final class RealFft {
    /**
     * Lanes of a panel along the last axis, at most: each lane pairs two real rows, read in and
     * written out by scalar transposes whose strided streams cost more than the wider butterflies
     * gain beyond 16 (measured on 1080^2: rows pass flat or slower at 32 and 64).
     */
    static final int ROW_LANES = 16;
    /**
     * Lanes of a panel along any other axis, at most: the lines are gathered by copies whatever
     * the width, and C2's vector loops only run their unrolled main part on rows of 32 lanes or
     * more (16-lane rows spend much of their time in the scalar remainder loop); 32 1080-cell
     * lines and their scratch hold 1.1 MB.
     */
    static final int LINE_LANES = 32;
    /**
     * A panel of another axis and its scratch take at most this many bytes beyond
     * {@link #LINE_LANES} lanes, so an axis of short lines gets wider panels, up to
     * {@link #MAX_LINE_LANES} lanes: each of its gathers then reads longer contiguous runs; and the
     * lines are split evenly among its panels (a 150^3 grid's middle axis has 76 lines side by
     * side: one panel of 76 lanes, not 32 + 32 + 12 whose last panel transforms 20 zero lanes too).
     * Measured on prepared Wiener filters, alternating in one JVM under load: 150^3 1.18 and 1.22
     * times faster; 576^2 (29 lanes, was 32 with a last panel of one line) within the noise, a
     * budget of 1.1 MB (58 lanes there) 4% slower; 1080^2 and up unchanged (32 lanes).
     */
    static final long PANEL_BYTES = 1L << 19;
    /** The widest panel of another axis. */
    static final int MAX_LINE_LANES = 128;
    /** Below this many cells a transform is too short for handing work to other threads to pay. */
    static final int PARALLEL_MIN_CELLS = 1 << 15;

    private final int[] shape;
    private final int[] spectrumShape;
    private final int rows;
    private final int length;
    private final int half;
    private final int spectrumDoubles;
    private final PanelFft[] axes;
    /** Lanes of the last axis's panels: ROW_LANES, or fewer when there are not twice as many rows. */
    private final int lanes;
    /** Per axis but the last: its panels' lanes (see {@link #PANEL_BYTES}). */
    private final int[] lineLanes;
    private final Worker[] workers;

    /** A panel of lines and its scratch rows, as many as its longest axis needs. */
    private static final class Panel {
        final double[][] re;
        final double[][] im;
        final double[][] sRe;
        final double[][] sIm;

        Panel(int rows, int scratch, int lanes) {
            re = new double[rows][lanes];
            im = new double[rows][lanes];
            sRe = new double[scratch][lanes];
            sIm = new double[scratch][lanes];
        }
    }

    /** One worker's panels: one for the last axis, one per other axis (shared by axes of one length and width). */
    private static final class Worker {
        final Panel rows;
        final Panel[] lines;

        Worker(Panel rows, Panel[] lines) {
            this.rows = rows;
            this.lines = lines;
        }
    }

    /** A plan for grids of {@code shape} (rank at least 1) on up to {@code threads} threads. */
    public RealFft(int[] shape, int threads) {
        if (shape.length < 1) {
            throw new IllegalArgumentException("a transform needs at least one dimension, got shape []");
        }
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] < 1) {
                throw new IllegalArgumentException("the grid shape " + Arrays.toString(shape) + " has an empty dimension "
                        + a + "; every extent must be at least 1");
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.shape = shape.clone();
        int d = shape.length;
        length = shape[d - 1];
        half = length / 2 + 1;
        long r = 1;
        for (int a = 0; a < d - 1; a++) {
            r *= shape[a];
        }
        spectrumShape = shape.clone();
        spectrumShape[d - 1] = half;
        rows = Math.toIntExact(r);
        spectrumDoubles = Math.multiplyExact(2 * half, rows);
        axes = new PanelFft[d];
        lineLanes = new int[Math.max(0, d - 1)];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                if (shape[b] == shape[a]) {
                    axes[a] = axes[b];
                }
            }
            if (axes[a] == null) {
                axes[a] = new PanelFft(shape[a]);
            }
            if (a < d - 1) {
                // axis a's panels take neighbouring lines: as many as the cells after it in the half spectrum
                long inner = half;
                for (int b = a + 1; b < d - 1; b++) {
                    inner *= shape[b];
                }
                lineLanes[a] = lineLanes(inner, shape[a] + axes[a].scratchRows(1));
            }
        }
        lanes = (int) Math.min(ROW_LANES, (r + 1) / 2);
        int w = r * length < PARALLEL_MIN_CELLS ? 1 : threads;
        workers = new Worker[w];
        for (int i = 0; i < w; i++) {
            Panel[] lines = new Panel[d - 1];
            for (int a = 0; a < d - 1; a++) {
                for (int b = 0; b < a; b++) {
                    if (shape[b] == shape[a] && lineLanes[b] == lineLanes[a]) {
                        lines[a] = lines[b];
                    }
                }
                if (lines[a] == null) {
                    lines[a] = new Panel(shape[a], axes[a].scratchRows(1), lineLanes[a]);
                }
            }
            workers[i] = new Worker(new Panel(length, axes[d - 1].scratchRows(1), lanes), lines);
        }
    }

    /**
     * Lanes of the panels of an axis with {@code inner} lines side by side, whose panel holds
     * {@code rowsPerLane} rows (its cells and its scratch): as many as {@link #PANEL_BYTES} allow,
     * between {@link #LINE_LANES} and {@link #MAX_LINE_LANES}, then evened out over the panels
     * that many lanes make, and never more than there are lines.
     */
    private static int lineLanes(long inner, int rowsPerLane) {
        long fit = PANEL_BYTES / (16L * rowsPerLane);
        int most = (int) Math.max(LINE_LANES, Math.min(MAX_LINE_LANES, fit));
        long panels = (inner + most - 1) / most;
        return (int) ((inner + panels - 1) / panels);
    }

    /** The grid's shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The spectrum's shape: the grid's with the last extent n/2 + 1. */
    public int[] spectrumShape() {
        return spectrumShape.clone();
    }

    /** Cells of the grid. */
    public int volume() {
        return rows * length;
    }

    /** Doubles of the interleaved half spectrum: twice its complex cells. */
    public int spectrumDoubles() {
        return spectrumDoubles;
    }

    /** spectrum := the half spectrum of the real grid x (x is left as it was). */
    public void forward(double[] x, double[] spectrum) {
        check(x, spectrum);
        rowsForward(x, spectrum);
        for (int a = shape.length - 2; a >= 0; a--) {
            along(a, spectrum, spectrum, true, null, false, false);
        }
    }

    /**
     * x := the real grid whose half spectrum is given, divided by the volume, so that it undoes
     * {@link #forward}; overwrites the spectrum. Imaginary parts that a real grid's spectrum has 0
     * at are ignored.
     */
    public void inverse(double[] spectrum, double[] x) {
        check(x, spectrum);
        for (int a = 0; a < shape.length - 1; a++) {
            along(a, spectrum, spectrum, false, null, false, true);
        }
        rowsInverse(spectrum, x);
    }

    /**
     * out := the circular convolution of x with the grid whose half spectrum is {@code factor}
     * (its correlation, when {@code conjugate}): {@code inverse(forward(x) * factor)}, bitwise the
     * same as {@link #forward}, {@link #multiply} and {@link #inverse} in turn, but with the first
     * axis's forward transform, the product and its inverse done on each panel while it is in
     * cache, which saves a pass over the spectrum and a gather and scatter of its lines.
     * {@code spectrum} is workspace ({@link #spectrumDoubles}); x may be out.
     */
    public void convolve(double[] x, double[] factor, boolean conjugate, double[] spectrum, double[] out) {
        check(x, spectrum);
        check(out, factor);
        int d = shape.length;
        rowsForward(x, spectrum);
        if (d == 1) {
            multiply(spectrum, factor, conjugate, spectrum);
        }
        for (int a = d - 2; a >= 1; a--) {
            along(a, spectrum, spectrum, true, null, false, false);
        }
        if (d > 1) {
            along(0, spectrum, spectrum, true, factor, conjugate, true);
        }
        for (int a = 1; a < d - 1; a++) {
            along(a, spectrum, spectrum, false, null, false, true);
        }
        rowsInverse(spectrum, out);
    }

    /**
     * x := {@code inverse(spectrum * factor)} (the conjugate factor when {@code conjugate}), leaving
     * {@code spectrum} as it was: bitwise the same as {@link #multiply} into {@code work} and
     * {@link #inverse}, with the product done on each panel of the first axis's lines as they are
     * gathered. {@code work} is overwritten ({@link #spectrumDoubles}).
     */
    public void inverseOfProduct(double[] spectrum, double[] factor, boolean conjugate, double[] work, double[] x) {
        check(x, spectrum);
        check(x, factor);
        check(x, work);
        int d = shape.length;
        if (d == 1) {
            multiply(spectrum, factor, conjugate, work);
        } else {
            along(0, spectrum, work, false, factor, conjugate, true);
        }
        for (int a = 1; a < d - 1; a++) {
            along(a, work, work, false, null, false, true);
        }
        rowsInverse(work, x);
    }

    /**
     * out := s * f cell by cell on interleaved half spectra, or s * conj(f) (the conjugate of a
     * real grid's spectrum is the spectrum of the grid reflected through cell 0); out may be s.
     * The panels of {@link #convolve} and {@link #inverseOfProduct} do the same arithmetic.
     */
    public static void multiply(double[] s, double[] f, boolean conjugate, double[] out) {
        double sign = conjugate ? -1 : 1;
        for (int k = 0; k + 1 < s.length; k += 2) {
            double a = s[k];
            double b = s[k + 1];
            double c = f[k];
            double d = sign * f[k + 1];
            out[k] = a * c - b * d;
            out[k + 1] = a * d + b * c;
        }
    }

    private void rowsForward(double[] x, double[] spectrum) {
        int panels = (rows + 2 * lanes - 1) / (2 * lanes);
        int w = Math.min(workers.length, panels);
        Parallel.forEach(w, w, k -> {
            for (int p = k; p < panels; p += w) {
                rowsForward(workers[k], p * 2 * lanes, x, spectrum);
            }
        });
    }

    private void rowsInverse(double[] spectrum, double[] x) {
        int panels = (rows + 2 * lanes - 1) / (2 * lanes);
        int w = Math.min(workers.length, panels);
        double scale = 1.0 / volume();
        Parallel.forEach(w, w, k -> {
            for (int p = k; p < panels; p += w) {
                rowsInverse(workers[k], p * 2 * lanes, spectrum, x, scale);
            }
        });
    }

    private void check(double[] x, double[] spectrum) {
        if (x.length < volume() || spectrum.length < spectrumDoubles) {
            throw new IllegalArgumentException("a transform of the grid " + Arrays.toString(shape) + " needs "
                    + volume() + " real cells and " + spectrumDoubles + " spectrum doubles, got arrays of " + x.length
                    + " and " + spectrum.length);
        }
    }

    /**
     * Rows r0 .. r0 + 2 lanes - 1 (or fewer): pairs into one complex panel, transposed so that the
     * rows are lanes, transformed together, and separated by symmetry. Unused lanes are zeros. The
     * transposes walk the panel's rows in the outer loop (one row array per step, the grid's rows
     * read as parallel streams): the other order loads a different row array for every cell and
     * took as long as the transform itself.
     */
    private void rowsForward(Worker wk, int r0, double[] x, double[] s) {
        int n = length;
        int pairs = Math.min(lanes, (rows - r0 + 1) / 2);
        int end = Math.min(rows, r0 + 2 * pairs);
        if (isZero(x, r0 * n, end * n)) {
            // zero rows have a zero spectrum: a PSF or a zero-padded tile is mostly such rows
            Arrays.fill(s, 2 * half * r0, 2 * half * end, 0);
            return;
        }
        // lanes [0, both) hold two rows; lane both, if it is below pairs, only the grid's last row
        int both = (end - r0) / 2;
        double[][] re = wk.rows.re;
        double[][] im = wk.rows.im;
        for (int t = 0; t < n; t++) {
            double[] r = re[t];
            double[] m = im[t];
            int at = r0 * n + t;
            for (int b = 0; b < both; b++) {
                r[b] = x[at + 2 * b * n];
                m[b] = x[at + (2 * b + 1) * n];
            }
            for (int b = both; b < lanes; b++) {
                r[b] = b < pairs ? x[at + 2 * b * n] : 0;
                m[b] = 0;
            }
        }
        axes[shape.length - 1].forward(re, im, 0, 1, wk.rows.sRe, wk.rows.sIm);
        int row = 2 * half;
        for (int k = 0; k < half; k++) {
            double[] rk = re[k];
            double[] ik = im[k];
            int c = k == 0 ? 0 : n - k;
            double[] rc = re[c];
            double[] ic = im[c];
            int o = row * r0 + 2 * k;
            for (int b = 0; b < pairs; b++) {
                // Z = A + iB with A, B Hermitian: A = (Z[k] + conj Z[-k]) / 2, B = (Z[k] - conj Z[-k]) / 2i
                double pr = rk[b];
                double pi = ik[b];
                double qr = rc[b];
                double qi = -ic[b];
                int oa = o + 2 * row * b;
                s[oa] = 0.5 * (pr + qr);
                s[oa + 1] = 0.5 * (pi + qi);
                if (b < both) {
                    s[oa + row] = 0.5 * (pi - qi);
                    s[oa + row + 1] = -0.5 * (pr - qr);
                }
            }
        }
    }

    /** The inverse of {@link #rowsForward}: half spectra of row pairs into one panel, transformed, split. */
    private void rowsInverse(Worker wk, int r0, double[] s, double[] x, double scale) {
        int n = length;
        int pairs = Math.min(lanes, (rows - r0 + 1) / 2);
        int end = Math.min(rows, r0 + 2 * pairs);
        int both = (end - r0) / 2;
        double[][] re = wk.rows.re;
        double[][] im = wk.rows.im;
        int row = 2 * half;
        for (int k = 0; k < half; k++) {
            // Z = A + iB on k <= n/2, and on -k by A[-k] = conj A[k], B[-k] = conj B[k]
            boolean real = k == 0 || 2 * k == n;
            double[] rk = re[k];
            double[] ik = im[k];
            double[] rc = re[real ? k : n - k];
            double[] ic = im[real ? k : n - k];
            int o = row * r0 + 2 * k;
            for (int b = 0; b < lanes; b++) {
                int oa = o + 2 * row * b;
                boolean first = b < pairs;
                boolean second = b < both;
                double ar = first ? s[oa] : 0;
                double ai = first && !real ? s[oa + 1] : 0;
                double br = second ? s[oa + row] : 0;
                double bi = second && !real ? s[oa + row + 1] : 0;
                rk[b] = ar - bi;
                ik[b] = ai + br;
                if (!real) {
                    rc[b] = ar + bi;
                    ic[b] = br - ai;
                }
            }
        }
        axes[shape.length - 1].inverse(re, im, 0, 1, wk.rows.sRe, wk.rows.sIm);
        for (int t = 0; t < n; t++) {
            double[] r = re[t];
            double[] m = im[t];
            int at = r0 * n + t;
            for (int b = 0; b < both; b++) {
                x[at + 2 * b * n] = r[b] * scale;
                x[at + (2 * b + 1) * n] = m[b] * scale;
            }
            if (both < pairs) {
                x[at + 2 * both * n] = r[both] * scale;
            }
        }
    }

    private static boolean isZero(double[] x, int from, int to) {
        for (int k = from; k < to; k++) {
            if (x[k] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Complex transforms along axis a (not the last) of the half spectrum, a panel of lines at a time,
     * read from {@code src} and written to {@code dst} (which may be src): each panel is transformed
     * forward, multiplied by the factor (unless it is null) and transformed back (unscaled), as the
     * flags say.
     */
    private void along(int a, double[] src, double[] dst, boolean forward, double[] factor, boolean conjugate,
                       boolean inverse) {
        int len = shape[a];
        if (len == 1 && factor == null && src == dst) {
            return;
        }
        int inner = half;
        for (int b = a + 1; b < shape.length - 1; b++) {
            inner *= shape[b];
        }
        int outer = rows * half / (inner * len);
        int laneCount = lineLanes[a];
        int perOuter = (inner + laneCount - 1) / laneCount;
        int panels = outer * perOuter;
        int w = Math.min(workers.length, panels);
        PanelFft fft = axes[a];
        int in = inner;
        Parallel.forEach(w, w, k -> {
            for (int p = k; p < panels; p += w) {
                lines(workers[k].lines[a], fft, src, dst, len, in, p / perOuter, (p % perOuter) * laneCount, forward, factor,
                        conjugate, inverse);
            }
        });
    }

    /** Lines i0 .. i0 + the panel's lanes - 1 (or fewer, the rest zeros) of outer index o: gathered, transformed, scattered back. */
    private void lines(Panel panel, PanelFft fft, double[] src, double[] dst, int len, int inner, int o, int i0,
                       boolean forward, double[] factor, boolean conjugate, boolean inverse) {
        int width = panel.re[0].length;
        int count = Math.min(width, inner - i0);
        int base = 2 * (o * len * inner + i0);
        double[][] re = panel.re;
        double[][] im = panel.im;
        for (int t = 0; t < len; t++) {
            int at = base + 2 * t * inner;
            double[] r = re[t];
            double[] m = im[t];
            for (int b = 0; b < count; b++) {
                r[b] = src[at + 2 * b];
                m[b] = src[at + 2 * b + 1];
            }
            for (int b = count; b < width; b++) {
                r[b] = 0;
                m[b] = 0;
            }
        }
        if (forward && len > 1) {
            fft.forward(re, im, 0, 1, panel.sRe, panel.sIm);
        }
        if (factor != null) {
            double sign = conjugate ? -1 : 1;
            for (int t = 0; t < len; t++) {
                int at = base + 2 * t * inner;
                double[] r = re[t];
                double[] m = im[t];
                for (int b = 0; b < count; b++) {
                    // the arithmetic of multiply(), so fused and separate passes agree bitwise
                    double x = r[b];
                    double y = m[b];
                    double c = factor[at + 2 * b];
                    double d = sign * factor[at + 2 * b + 1];
                    r[b] = x * c - y * d;
                    m[b] = x * d + y * c;
                }
            }
        }
        if (inverse && len > 1) {
            fft.inverse(re, im, 0, 1, panel.sRe, panel.sIm);
        }
        for (int t = 0; t < len; t++) {
            int at = base + 2 * t * inner;
            double[] r = re[t];
            double[] m = im[t];
            for (int b = 0; b < count; b++) {
                dst[at + 2 * b] = r[b];
                dst[at + 2 * b + 1] = m[b];
            }
        }
    }
}
