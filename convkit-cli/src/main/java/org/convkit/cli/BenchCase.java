package org.convkit.cli;

/**
 * A suite case built and planned, its data not yet made: the planner's choice is known before any
 * timing starts (so a forced algorithm that cannot run fails at once), and each case's tensors
 * exist only while it is timed.
 *
 * @param algorithm the planner's choice, as {@link org.convkit.Algorithm#label()}; a training
 *                  step whose passes differ lists forward/input-gradient/weight-gradient; "direct" or
 *                  "reference" for pooling, which is not a planner candidate
 * @param flops     the operation count torch_peer.py uses for the same case
 * @param output    the shape of the result (a training step's: its forward pass's), which the peers'
 *                  must equal for the case to be the same problem on every side
 */
record BenchCase(String name, String algorithm, double flops, int[] output, Setup setup) {

    /** One timed call. It returns its result so that the timer can keep it, and no JIT can drop the work. */
    @FunctionalInterface
    interface Body {
        Object run();
    }

    /** Makes the case's tensors and returns the call to time on them. */
    @FunctionalInterface
    interface Setup {
        Body allocate();
    }
}
