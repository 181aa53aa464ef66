package org.convkit.deconv;

/**
 * Told after every iteration of an iterative method, so a long run can show its progress (the
 * command line draws a progress bar with it). Called on the computing thread: keep it quick.
 */
@FunctionalInterface
public interface IterationListener {
    /** Hears nothing. */
    IterationListener NONE = (done, total, metric) -> { };

    /**
     * Called after an iteration.
     *
     * @param done   iterations finished so far (1 after the first)
     * @param total  the most iterations the run may take (it may stop earlier at a tolerance)
     * @param metric the method's measure of where it stands: Richardson-Lucy's relative change of
     *               the estimate, least squares' relative normal-equations residual
     */
    void iteration(int done, int total, double metric);

    /**
     * Called after an iteration by the methods that also know how well the estimate explains the
     * data; by default it passes the metric on to {@link #iteration(int, int, double)}.
     *
     * @param done     iterations finished so far (1 after the first)
     * @param total    the most iterations the run may take
     * @param metric   as for {@link #iteration(int, int, double)}
     * @param residual the relative residual {@code ||fit - data|| / ||data||} of the estimate: for
     *                 least squares the one this iteration reached, for Richardson-Lucy the one
     *                 it started from (the blurred estimate is computed then, not after)
     */
    default void iteration(int done, int total, double metric, double residual) {
        iteration(done, total, metric);
    }
}
