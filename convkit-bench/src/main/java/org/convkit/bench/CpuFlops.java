package org.convkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Flops per second of the benchmark threads' CPU time rather than of wall time, reported by
 * {@link CpuTimeProfiler}: on a shared machine the time the scheduler gives to other processes then
 * does not count against the kernel (caches and memory bandwidth are still shared, so the number is
 * steadier, not immune). Benchmarks bracket their work with {@link #start()} and
 * {@link #stop(long, double)}; the thread CPU clock costs about a microsecond, small against calls
 * of a few hundred microseconds or more.
 */
final class CpuFlops {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static double gflop;
    private static long cpuNanos;

    private CpuFlops() {
    }

    static long start() {
        return THREADS.getCurrentThreadCpuTime();
    }

    static void stop(long started, double gflopDone) {
        long spent = THREADS.getCurrentThreadCpuTime() - started;
        synchronized (CpuFlops.class) {
            cpuNanos += spent;
            gflop += gflopDone;
        }
    }

    static synchronized void reset() {
        gflop = 0;
        cpuNanos = 0;
    }

    /** GFLOP per CPU second since the last reset, or NaN when nothing was recorded. */
    static synchronized double rate() {
        return cpuNanos == 0 ? Double.NaN : gflop * 1e9 / cpuNanos;
    }
}
