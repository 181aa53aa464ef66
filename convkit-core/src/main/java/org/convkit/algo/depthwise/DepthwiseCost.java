package org.convkit.algo.depthwise;

/**
 * The planner's time estimate for the depthwise loops, and how many threads are worth waking: the
 * loops' own counts ({@link ChannelLoops.Counts}: cells through a tap in the taps and dots kernels,
 * cells moved by vector and by scalar code, kernel calls, WEIGHT_GRAD's lanes per task) at a cost
 * each, a fixed cost per call and one per extra thread. Fitted (least squares on relative error) to
 * the thread CPU time of 20 problems x 3 passes on the development machine (2-core 256-bit Zen
 * EPYC, JDK 17): the dev suite's depthwise layers at strides 1 and 2, 7x7 to 112x112, 1-D and 3-D,
 * every padding mode, multipliers 1 and 2. The fit is good to a factor of 1.3 (geometric standard
 * deviation; the worst, 3-D borders of modes other than zeros, 2.5) on a shared machine.
 */
final class DepthwiseCost {
    /** Per call: tables, buffers and tasks. */
    static final double CALL_NS = 2_000;
    /** Per extra thread: handing tasks to the pool and waiting for it (measured about 6 us). */
    static final double THREAD_NS = 6_000;
    /** Work below this per thread is not worth another thread. */
    static final double MIN_THREAD_WORK_NS = 4 * THREAD_NS;
    /** Per cell through one tap: the taps kernel, the dots kernel (which loads twice per product). */
    static final double MAC_NS = 0.046;
    static final double DOT_NS = 0.1;
    /**
     * The same on the scalar twins (no Vector API). Their taps loop on the row itself, which the JIT
     * leaves unvectorized, took 0.45 ns (a 3x3 filter of a 3x256x256 image: 2.0 ms against 0.26
     * with the vector kernels); rows of 128 floats or more now go through buffers the JIT
     * vectorizes, 3.4 times as fast on 224-float rows, and the loops' runs are mostly longer. The
     * dots stay unvectorized.
     */
    static final double SCALAR_MAC_NS = 0.15;
    static final double SCALAR_DOT_NS = 0.6;
    /**
     * Per cell moved: by a unit-step vector copy (the input's first read from memory included), by a
     * step-2 one (measured on its own), by scalar code (strided cells, borders of the modes).
     */
    static final double COPY_NS = 0.27;
    static final double HALVE_NS = 0.3;
    static final double SCALAR_NS = 1.3;
    /** Per kernel call (its set-up and a short run's ramp), and per unit (a plane or an image of a channel). */
    static final double KERNEL_CALL_NS = 40;
    static final double UNIT_NS = 20;
    /** WEIGHT_GRAD, per task and double lane: zeroed, added into and summed. */
    static final double LANE_NS = 1.3;
    /**
     * The channel-blocked GATHER ({@link BlockedGather}): per float copied into or out of a block,
     * per full-vector multiply-add, per row call. Set against the row loops' model on 7x7 to 56x56
     * layers measured side by side in one process (one thread, 512-bit vectors): it wins by 1.5-1.8x
     * on 7x7 maps, 1.1-1.5x on 14x14 with 5x5 taps, and ties or loses on larger maps.
     */
    static final double BLOCK_COPY_NS = 0.52;
    static final double BLOCK_MAC_NS = 0.61;
    static final double BLOCK_CALL_NS = 44;

    private DepthwiseCost() {
    }

    /** Nanoseconds of work on one thread for {@code units} units of these counts and {@code tasks} tasks, fixed costs excluded. */
    static double work(ChannelLoops.Counts c, long units, long tasks) {
        boolean vector = org.convkit.runtime.Kernels.vectorized();
        double perUnit = c.macs() * (vector ? MAC_NS : SCALAR_MAC_NS) + c.dots() * (vector ? DOT_NS : SCALAR_DOT_NS)
                + c.copied() * COPY_NS + c.halved() * HALVE_NS
                + c.scalar() * SCALAR_NS + c.calls() * KERNEL_CALL_NS + UNIT_NS;
        return perUnit * units + c.taskLanes() * LANE_NS * tasks;
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
