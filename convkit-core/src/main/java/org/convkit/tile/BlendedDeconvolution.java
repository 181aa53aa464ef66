package org.convkit.tile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.convkit.tensor.Tensor;

/**
 * A deconvolution (Wiener, Tikhonov, Richardson-Lucy) run on overlapping tiles that blend.
 *
 * <p>An inverse filter has no finite window: every estimate cell depends, a little, on the whole
 * signal. So each tile's core is widened by a blend band, and that by a margin of signal that the
 * tile deconvolves but throws away: the error the tile's own edge makes (its border extension where
 * the real neighbours are cut off) decays over the margin. In the blend band, neighbouring tiles
 * are mixed with complementary linear ramps, whose products over the dimensions sum to exactly one
 * at every cell, so a seam is smoothed rather than stepped. At the array's true borders nothing is
 * widened: each tile deconvolves with the method's own border rule there, as the untiled run does.
 *
 * <p>Tiles are computed on threads but added to the output in tile order, so the result does not
 * depend on the thread count.
 */
public final class BlendedDeconvolution {
    /** The deconvolution one tile runs: observed window in, estimate of the same shape out. */
    @FunctionalInterface
    public interface Method {
        /**
         * Deconvolves one window.
         *
         * @param window the observed cells, {@code (C, spatial...)}
         * @return the estimate, the same shape
         */
        Tensor deconvolve(Tensor window);
    }

    private final int channels;
    private final int[] spatial;
    private final int[] margin;
    private final int[] blend;
    private final List<Box> cores;
    private final Method method;

    /**
     * A blended tiling.
     *
     * @param channels the signal's channels (1 for a signal without a channel dimension)
     * @param spatial its spatial extent
     * @param core the cells each tile owns: one value for every dimension, or one per dimension
     * @param margin cells deconvolved past each side of the blend band and discarded
     * @param blend the half-width of the band where neighbours mix (at most half a core; 0: cores abut)
     * @param method the deconvolution of one window
     * @throws IllegalArgumentException if a size is out of range, naming it and the fix
     */
    public BlendedDeconvolution(int channels, int[] spatial, int[] core, int[] margin, int[] blend, Method method) {
        int dims = spatial.length;
        this.channels = channels;
        this.spatial = spatial.clone();
        this.cores = Box.grid(spatial, core);
        int[] c = Box.perDimension("tile size", core, dims);
        this.margin = nonNegative("margin", margin, dims);
        this.blend = nonNegative("blend", blend, dims);
        for (int d = 0; d < dims; d++) {
            int smallest = Math.min(c[d], spatial[d] - (cores.get(cores.size() - 1).start()[d]));
            if (2 * this.blend[d] > smallest && smallest < spatial[d]) {
                throw new IllegalArgumentException("blend " + this.blend[d] + " in spatial dimension " + d
                        + " is more than half the smallest tile (" + smallest + " cells); use a blend of at most "
                        + smallest / 2 + " or larger tiles");
            }
        }
        this.method = method;
    }

    /**
     * The margin this project's measurements support for a PSF: three PSF extents per side (see
     * docs/scale.md for the error against the untiled result on a test image).
     *
     * @param psfShape the PSF's spatial extent
     * @return the margin per dimension
     */
    public static int[] defaultMargin(int[] psfShape) {
        int[] m = new int[psfShape.length];
        for (int d = 0; d < m.length; d++) {
            m[d] = 3 * psfShape[d];
        }
        return m;
    }

    /**
     * The default blend band: one PSF extent, at most half the smallest tile.
     *
     * @param psfShape the PSF's spatial extent
     * @param core the tile size per dimension
     * @param spatial the signal's spatial extent
     * @return the blend half-width per dimension
     */
    public static int[] defaultBlend(int[] psfShape, int[] core, int[] spatial) {
        int[] c = Box.perDimension("tile size", core, psfShape.length);
        int[] b = new int[psfShape.length];
        for (int d = 0; d < b.length; d++) {
            int last = spatial[d] % c[d] == 0 ? c[d] : spatial[d] % c[d];
            b[d] = Math.min(psfShape[d], Math.min(c[d], last) / 2);
        }
        return b;
    }

    private static int[] nonNegative(String what, int[] v, int dims) {
        int[] r = v.length == 1 ? filled(v[0], dims) : v.clone();
        if (r.length != dims || Arrays.stream(r).anyMatch(x -> x < 0)) {
            throw new IllegalArgumentException(what + " " + Arrays.toString(v) + " must be 1 or " + dims
                    + " values, each at least 0");
        }
        return r;
    }

    private static int[] filled(int x, int dims) {
        int[] r = new int[dims];
        Arrays.fill(r, x);
        return r;
    }

    /**
     * The tiles' cores, row-major.
     *
     * @return the boxes each tile owns
     */
    public List<Box> cores() {
        return List.copyOf(cores);
    }

    /** The core widened by the blend band, within the array. */
    private Box band(Box core) {
        return widen(core, blend);
    }

    private Box widen(Box b, int[] by) {
        int[] start = b.start();
        int[] size = b.size();
        for (int d = 0; d < start.length; d++) {
            int lo = Math.max(0, start[d] - by[d]);
            int hi = Math.min(spatial[d], start[d] + size[d] + by[d]);
            start[d] = lo;
            size[d] = hi - lo;
        }
        return new Box(start, size);
    }

    /**
     * The input cells a tile reads: its core, blend band and margin, within the array.
     *
     * @param core the tile's core
     * @return the window
     */
    public Window window(Box core) {
        Box w = widen(band(core), margin);
        int[][] cells = new int[spatial.length][];
        for (int d = 0; d < cells.length; d++) {
            cells[d] = Window.range(w.start()[d], w.start()[d] + w.size()[d]);
        }
        return new Window(cells);
    }

    /**
     * Deconvolves a signal in memory, tile by tile.
     *
     * @param observed {@code (C, spatial...)} or {@code (spatial...)}, with this tiling's cells
     * @param threads tiles computed at once
     * @return the blended estimate, the observed shape
     */
    public Tensor apply(Tensor observed, int threads) {
        float[] out = new float[observed.numel()];
        try {
            run(CellSource.of(observed.data()), CellSource.of(out), CellSink.of(out), threads, TileListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // arrays in memory do not fail
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tiling", e);
        }
        return Tensor.of(out, observed.shape());
    }

    /**
     * Runs every tile: reads its window, deconvolves it, and adds its ramp-weighted band to the
     * output, which must start as zeros (a new file does).
     *
     * @param source the observed signal, {@code (C, spatial...)} row-major
     * @param sofar reads the output back (the sink's cells)
     * @param sink the output
     * @param threads tiles computed at once, at least 1
     * @param listener hears each finished tile
     * @throws IOException if reading or writing fails
     * @throws InterruptedException if the calling thread is interrupted
     */
    public void run(CellSource source, CellSource sofar, CellSink sink, int threads, TileListener listener)
            throws IOException, InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        Turns turns = new Turns();
        TileWorkers.run(Math.min(threads, cores.size()), () -> {
            try {
                for (int i = next.getAndIncrement(); i < cores.size(); i = next.getAndIncrement()) {
                    Box core = cores.get(i);
                    Window win = window(core);
                    Tensor in = win.read(source, 1, channels, spatial);
                    Tensor est = method.deconvolve(in.reshape(unbatched(in.shape())));
                    Box band = band(core);
                    Tensor weighted = weighted(est, win, core, band);
                    if (!turns.await(i)) {
                        return;
                    }
                    Tensor current = bandWindow(band).read(sofar, 1, channels, spatial);
                    float[] sum = current.data();
                    float[] add = weighted.data();
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] += add[k];
                    }
                    Blocks.write(current, band, spatial, sink);
                    turns.done();
                    listener.tileDone(i + 1, cores.size(), bytes.addAndGet(4L * (in.numel() + 2L * current.numel())));
                }
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                turns.fail(); // the tiles waiting for this one's turn must not wait for ever
                throw e;
            }
        });
    }

    /** Whose turn it is to add to the output: tiles add in their order, whatever thread computed them. */
    private static final class Turns {
        private int next;
        private boolean failed;

        /** Waits until tile {@code i} may add; false if another tile failed. */
        synchronized boolean await(int i) throws InterruptedException {
            while (next != i && !failed) {
                wait();
            }
            return !failed;
        }

        synchronized void done() {
            next++;
            notifyAll();
        }

        synchronized void fail() {
            failed = true;
            notifyAll();
        }
    }

    private Window bandWindow(Box band) {
        int[][] cells = new int[spatial.length][];
        for (int d = 0; d < cells.length; d++) {
            cells[d] = Window.range(band.start()[d], band.start()[d] + band.size()[d]);
        }
        return new Window(cells);
    }

    private int[] unbatched(int[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** The band's cells of the estimate, each times its ramp weights: {@code (1, C, band...)}. */
    private Tensor weighted(Tensor est, Window win, Box core, Box band) {
        int dims = spatial.length;
        int[] offset = new int[dims];
        double[][] ramp = new double[dims][];
        for (int d = 0; d < dims; d++) {
            offset[d] = band.start()[d] - win.cells(d)[0];
            ramp[d] = ramp(core.start()[d], core.start()[d] + core.size()[d], band.start()[d], band.size()[d], d);
        }
        int[] withBatch = new int[est.rank() + 1];
        withBatch[0] = 1;
        System.arraycopy(est.shape(), 0, withBatch, 1, est.rank());
        Tensor part = Blocks.slice(est.reshape(withBatch), offset, band.size());
        double[][] r3 = {{1}, {1}, {1}};
        System.arraycopy(ramp, 0, r3, 3 - dims, dims);
        float[] v = part.data();
        int at = 0;
        for (int c = 0; c < channels; c++) {
            for (double a : r3[0]) {
                for (double b : r3[1]) {
                    for (double e : r3[2]) {
                        v[at] = (float) (v[at] * (a * b * e));
                        at++;
                    }
                }
            }
        }
        return part;
    }

    /**
     * One dimension's weights over the band: rising across {@code [a - h, a + h)} unless the core
     * starts the array, falling across {@code [b - h, b + h)} unless it ends it; the neighbour's
     * ramp over the same cells is the complement, so the two sum to one.
     */
    private double[] ramp(int a, int b, int bandStart, int bandSize, int d) {
        int h = blend[d];
        double[] w = new double[bandSize];
        for (int i = 0; i < bandSize; i++) {
            int x = bandStart + i;
            double v = 1;
            if (a > 0 && h > 0 && x < a + h) {
                v *= (x - (a - h) + 0.5) / (2.0 * h);
            }
            if (b < spatial[d] && h > 0 && x >= b - h) {
                v *= ((b + h) - x - 0.5) / (2.0 * h);
            }
            w[i] = v;
        }
        return w;
    }
}
