package org.convkit.algo.depthwise;

import org.convkit.algo.Pass;

/**
 * The planner's time estimate for depthwise loops: a fixed cost per call plus a cost per
 * multiply-add (one output cell through one tap) and per padded big cell copied, divided over the
 * tasks that can run at once. Measured on the development machine (2-core AVX-512 EPYC, JDK 17,
 * depthwise-3x3 and variants; medians of short runs on a shared machine, good to a factor of
 * about 1.5).
 */
final class DepthwiseCost {
    /** Per call: workspaces and dispatching tasks. */
    static final double CALL_NS = 5_000;
    /** Per multiply-add when the last dimension has stride 1: a window copy and a vector loop. */
    static final double MAC_CONTIGUOUS_NS = 0.15;
    /** Per multiply-add with a larger stride, whose windows are gathered by a scalar loop. */
    static final double MAC_STRIDED_NS = 0.6;
    /** Per big cell copied into padded rows (GATHER and WEIGHT_GRAD) or folded back (SCATTER). */
    static final double CELL_NS = 0.5;

    private DepthwiseCost() {
    }

    static double estimate(Grid g, Pass pass, long batch, long smallChannels, long bigChannels, int workers) {
        double macs = (double) batch * smallChannels * g.smallVolume() * g.kernelVolume();
        double perMac = g.stride[2] == 1 ? MAC_CONTIGUOUS_NS : MAC_STRIDED_NS;
        double cells = (double) batch * bigChannels * g.bigRows() * g.paddedWidth;
        return CALL_NS + (macs * perMac + cells * CELL_NS) / Math.max(1, workers);
    }
}
