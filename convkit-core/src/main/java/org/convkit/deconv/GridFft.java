package org.convkit.deconv;

import org.convkit.runtime.Parallel;

/**
 * The N-D discrete Fourier transform of a row-major grid of complex values (split arrays), done as
 * 1-D {@link Fft}s along each axis. Lines are copied into contiguous buffers, transformed and
 * copied back, {@link #BLOCK} neighbouring lines at a time: along any axis but the last, one line's
 * cells are a whole row apart, and copying a block of neighbours reads each cache line once
 * instead of once per line.
 *
 * <p>Blocks are shared among up to {@code threads} workers, each with its own 1-D plans and
 * buffers, by a fixed rule (block i to worker i mod workers); every line is transformed the same
 * way whichever worker does it, so results do not depend on the thread count. An instance is not
 * itself safe to call from several threads at once.
 */
final class GridFft {
    /** Lines copied together: 8 doubles fill a 64-byte cache line. */
    static final int BLOCK = 8;
    /** Below this many cells a transform is too short for handing work to other threads to pay. */
    static final int PARALLEL_MIN_CELLS = 1 << 15;

    private final int[] shape;
    private final int transformed;
    private final int volume;
    private final Worker[] workers;

    /** One worker's 1-D plans (one per axis, shared between axes of equal length) and line buffers. */
    private static final class Worker {
        final Fft[] axes;
        final double[][] lineRe;
        final double[][] lineIm;

        Worker(int[] shape, int transformed, int longest) {
            axes = new Fft[transformed];
            for (int a = 0; a < transformed; a++) {
                for (int b = 0; b < a; b++) {
                    if (shape[b] == shape[a]) {
                        axes[a] = axes[b];
                    }
                }
                if (axes[a] == null) {
                    axes[a] = new Fft(shape[a]);
                }
            }
            lineRe = new double[BLOCK][longest];
            lineIm = new double[BLOCK][longest];
        }
    }

    GridFft(int[] shape) {
        this(shape, shape.length, 1);
    }

    /**
     * Transforms along the first {@code transformed} axes only (the others are independent lines),
     * on up to {@code threads} threads.
     */
    GridFft(int[] shape, int transformed, int threads) {
        this.shape = shape.clone();
        this.transformed = transformed;
        int v = 1;
        int longest = 1;
        for (int a = 0; a < shape.length; a++) {
            v = Math.multiplyExact(v, shape[a]);
            if (a < transformed) {
                longest = Math.max(longest, shape[a]);
            }
        }
        volume = v;
        int w = v < PARALLEL_MIN_CELLS ? 1 : Math.max(1, threads);
        workers = new Worker[w];
        for (int i = 0; i < w; i++) {
            workers[i] = new Worker(shape, transformed, longest);
        }
    }

    int[] shape() {
        return shape.clone();
    }

    int volume() {
        return volume;
    }

    void forward(double[] re, double[] im) {
        transform(re, im, false);
    }

    /** The inverse, scaled by 1/volume: {@code inverse(forward(x)) == x}. */
    void inverse(double[] re, double[] im) {
        transform(re, im, true);
    }

    private void transform(double[] re, double[] im, boolean inverse) {
        int inner = volume;
        for (int a = 0; a < transformed; a++) {
            int len = shape[a];
            inner /= len;
            if (len == 1) {
                continue;
            }
            int axis = a;
            int in = inner;
            int outer = volume / (inner * len);
            int blocksPerOuter = (inner + BLOCK - 1) / BLOCK;
            int blocks = outer * blocksPerOuter;
            int n = Math.min(workers.length, blocks);
            Parallel.forEach(n, n, w -> {
                for (int blk = w; blk < blocks; blk += n) {
                    block(workers[w], axis, len, in, blk / blocksPerOuter, (blk % blocksPerOuter) * BLOCK, re, im,
                            inverse);
                }
            });
        }
    }

    /** Transforms the lines i0 .. i0 + BLOCK - 1 (or fewer) of outer index o along axis a. */
    private static void block(Worker wk, int a, int len, int inner, int o, int i0, double[] re, double[] im,
                              boolean inverse) {
        int lines = Math.min(BLOCK, inner - i0);
        int base = o * len * inner + i0;
        double[][] lr = wk.lineRe;
        double[][] li = wk.lineIm;
        for (int t = 0; t < len; t++) {
            int at = base + t * inner;
            for (int b = 0; b < lines; b++) {
                lr[b][t] = re[at + b];
                li[b][t] = im[at + b];
            }
        }
        Fft fft = wk.axes[a];
        for (int b = 0; b < lines; b++) {
            if (inverse) {
                fft.inverse(lr[b], li[b]);
            } else {
                fft.forward(lr[b], li[b]);
            }
        }
        for (int t = 0; t < len; t++) {
            int at = base + t * inner;
            for (int b = 0; b < lines; b++) {
                re[at + b] = lr[b][t];
                im[at + b] = li[b][t];
            }
        }
    }
}
