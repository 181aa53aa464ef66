package org.convkit;

import org.convkit.plan.Tuning;
import org.convkit.runtime.Parallel;

/**
 * How to run an operation: which algorithm (or {@link Algorithm#AUTO}), how many threads, and how
 * AUTO chooses: from the cost model alone (the default: reproducible, the same choice on every run
 * and machine), or refined by a one-time measured trial per problem ({@link #withMeasuredPlanning},
 * cached for the life of the JVM). Immutable. Results never depend on the thread count; with
 * measured planning they may depend on which algorithm won the trial, within its error budget.
 */
public final class ConvOptions {
    private static final ConvOptions DEFAULTS = new ConvOptions(Algorithm.AUTO, Parallel.CORES, false, null);

    private final Algorithm algorithm;
    private final int threads;
    private final boolean measured;
    /** Null: {@link Tuning#active()}, looked up when a plan is made. */
    private final Tuning tuning;

    private ConvOptions(Algorithm algorithm, int threads, boolean measured, Tuning tuning) {
        this.algorithm = algorithm;
        this.threads = threads;
        this.measured = measured;
        this.tuning = tuning;
    }

    /**
     * AUTO on all cores, planned from the cost model with this machine's cached tuning.
     *
     * @return the default options
     */
    public static ConvOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Forces an algorithm: if it cannot do a problem, that is an error, never a silent switch.
     *
     * @param a the algorithm, or {@link Algorithm#AUTO} to let the planner choose
     * @return options with this algorithm
     * @throws NullPointerException if {@code a} is null
     */
    public ConvOptions withAlgorithm(Algorithm a) {
        return new ConvOptions(java.util.Objects.requireNonNull(a, "algorithm"), threads, measured, tuning);
    }

    /**
     * Bounds the threads an operation uses; results are bitwise the same for any count.
     *
     * @param t at least 1
     * @return options with this thread count
     * @throws IllegalArgumentException if {@code t < 1}
     */
    public ConvOptions withThreads(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + t);
        }
        return new ConvOptions(algorithm, t, measured, tuning);
    }

    /**
     * With AUTO, time the candidates the cost model ranks close to its choice, once per problem, and
     * take the fastest (the planner in {@code org.convkit.plan} that times them). The first call of each
     * problem pays for the trial.
     *
     * @param on whether to measure
     * @return options with measured planning on or off
     */
    public ConvOptions withMeasuredPlanning(boolean on) {
        return new ConvOptions(algorithm, threads, on, tuning);
    }

    /**
     * Plans with this machine description instead of {@link Tuning#active()} (for example
     * {@link Tuning#reference()}, the same choices on every machine).
     *
     * @param t the tuning
     * @return options with this tuning
     * @throws NullPointerException if {@code t} is null
     */
    public ConvOptions withTuning(Tuning t) {
        return new ConvOptions(algorithm, threads, measured, java.util.Objects.requireNonNull(t, "tuning"));
    }

    /**
     * The tuning AUTO plans with.
     *
     * @return the tuning given, or {@link Tuning#active()}
     */
    public Tuning tuning() {
        return tuning != null ? tuning : Tuning.active();
    }

    /**
     * Whether AUTO times its close candidates.
     *
     * @return whether planning is measured
     */
    public boolean measuredPlanning() {
        return measured;
    }

    /**
     * The algorithm asked for.
     *
     * @return the algorithm, {@link Algorithm#AUTO} by default
     */
    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * The most threads an operation uses.
     *
     * @return the thread count, all cores by default
     */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "ConvOptions{algorithm=" + algorithm.label() + ", threads=" + threads
                + (measured ? ", measured planning" : "") + "}";
    }
}
