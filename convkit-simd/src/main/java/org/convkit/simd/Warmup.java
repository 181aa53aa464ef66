package org.convkit.simd;

import org.convkit.runtime.SimdKernels;

/**
 * Compiles the vector kernels before the first real call needs them. Until C2 compiles a Vector API
 * loop it runs as boxed Java objects, ten to twenty times slower, and a long call (a 100 ms
 * layer) advances the JIT's counters so slowly that a program's first seconds ran at that speed:
 * measured, a convolution kept running uncompiled for 2.8 s. So when the kernels are loaded, one
 * daemon thread of low priority runs each kernel a few thousand times on small arrays, which gets
 * them compiled in a fraction of a second, and ends. It computes nothing anyone reads and touches
 * no shared state (the multiply's buffers are per thread). {@code -Dconvkit.warmup=false} turns it
 * off.
 */
final class Warmup implements Runnable {
    /** Calls per kernel: well past C2's thresholds for a method and its loops. */
    static final int CALLS = 6000;

    private final SimdKernels kernels;

    Warmup(SimdKernels kernels) {
        this.kernels = kernels;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Starts the warm-up thread once per JVM, unless switched off. */
    static void start(SimdKernels kernels) {
        if ("false".equalsIgnoreCase(System.getProperty("convkit.warmup")) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(new Warmup(kernels), "convkit-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    @Override
    public void run() {
        // sizes that take every path: full vector steps, single vectors, an overlapping tail, a short row
        int n = 4 * MicroKernels.LANES + MicroKernels.LANES + 3;
        int taps = 9;
        // copyRows below reads two rows of n cells at a step of 2: 2n + 8 cells
        float[] in = new float[2 * n + 64];
        float[] out = new float[4 * (n + 1)];
        float[] coef = new float[4 * taps];
        float[] init = new float[4];
        float[] sums = new float[2 * org.convkit.runtime.ScalarKernels.DOT_LANES];
        int[] offsets = new int[taps];
        for (int t = 0; t < taps; t++) {
            offsets[t] = t;
            coef[t] = 0.5f;
        }
        int m = 2 * MicroKernels.NR + 1;
        float[] a = new float[m * m];
        float[] b = new float[m * m];
        float[] c = new float[m * m];
        for (int i = 0; i < CALLS; i++) {
            int len = (i & 7) == 0 ? 3 : n;
            kernels.axpy(len, 0.5f, in, 1, out, 0);
            kernels.taps(len, taps, coef, in, offsets, 0f, out, 0);
            kernels.taps4(len, taps, coef, 0, in, offsets, init, out, 0, n + 1);
            kernels.maxTaps(len, 1 + (i & 3), in, offsets, out, 0, (i & 1) == 0);
            kernels.sumTaps(len, 1 + (i & 3), in, offsets, 0.25f, out, 0);
            kernels.copyRows(2, len, in, 0, 8, 1 + (i & 1), out, 0, n + 1, 1);
            kernels.dots(32, 2, in, 0, in, offsets, sums, 0);
            if (i % 8 == 0) {
                kernels.sgemm().multiply(false, false, m, m, m, a, 0, m, b, 0, m, c, 0, m, (i & 16) != 0);
            }
        }
    }
}
