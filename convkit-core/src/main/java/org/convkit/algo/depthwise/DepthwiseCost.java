package org.convkit.algo.depthwise;

import org.convkit.algo.Pass;

/**
 * The planner's time estimate for the depthwise loops, and how many threads are worth waking: a
 * cost per multiply-add (one output cell through one tap, per pass), per window copy (one per tap
 * and block of rows, or per tap and row when rows are strided) and per padded big cell, a fixed
 * cost per call and one per extra thread. Measured on the development machine (2-core AVX-512
 * EPYC, JDK 17, thread CPU time of depthwise-3x3 at stride 1 and 2 and of toy problems; a shared
 * machine, so good to a factor of about 1.5).
 */
final class DepthwiseCost {
    /** Per call: buffers, tables and tasks (measured about 1 us on toy problems). */
    static final double CALL_NS = 1_000;
    /** Per extra thread: handing tasks to the pool and waiting for it (measured about 6 us). */
    static final double THREAD_NS = 6_000;
    /** Work below this per thread is not worth another thread. */
    static final double MIN_THREAD_WORK_NS = 4 * THREAD_NS;
    /** Per multiply-add, by pass (GATHER, SCATTER, WEIGHT_GRAD): measured 0.12, 0.14, 0.24 ns at stride 1. */
    private static final double[] MAC_NS = {0.12, 0.14, 0.24};
    /** Per window copy and the loop it starts (measured about 25 ns from depthwise-3x3 at stride 2). */
    static final double COPY_NS = 25;
    /** Per big cell padded (GATHER, WEIGHT_GRAD) or folded back (SCATTER). */
    static final double CELL_NS = 0.3;

    private DepthwiseCost() {
    }

    /** Nanoseconds of work on one thread, fixed costs excluded. */
    static double work(Grid g, Pass pass, long batch, long smallChannels, long bigChannels) {
        double macs = (double) batch * smallChannels * g.smallVolume() * g.kernelVolume();
        int perPlane = g.contiguous() ? (g.small[1] + g.blockRows - 1) / g.blockRows : g.small[1];
        double copies = (double) batch * smallChannels * g.small[0] * perPlane * g.kernelVolume();
        double cells = (double) batch * bigChannels * g.big[0] * g.paddedPlane;
        return macs * MAC_NS[pass.ordinal()] + copies * COPY_NS + cells * CELL_NS;
    }

    /** Threads worth using: no more than asked or than there are tasks, and each with enough work. */
    static int workers(double work, int threads, int tasks) {
        long worth = Math.max(1, (long) (work / MIN_THREAD_WORK_NS));
        return (int) Math.max(Math.min(tasks, 1), Math.min(Math.min(threads, tasks), worth));
    }

    static double estimate(double work, int workers) {
        return CALL_NS + THREAD_NS * Math.max(0, workers - 1) + work / Math.max(1, workers);
    }
}
