package org.convkit.algo;

/**
 * How to run an operation: which algorithm (or {@link Algorithm#AUTO}) and how many threads.
 * Immutable. Results never depend on the thread count.
 */
public final class ConvOptions {
    private static final ConvOptions DEFAULTS = new ConvOptions(Algorithm.AUTO, Parallel.CORES);

    private final Algorithm algorithm;
    private final int threads;

    private ConvOptions(Algorithm algorithm, int threads) {
        this.algorithm = algorithm;
        this.threads = threads;
    }

    /** AUTO on all cores. */
    public static ConvOptions defaults() {
        return DEFAULTS;
    }

    /** Forces an algorithm: if it cannot do a problem, that is an error, never a silent switch. */
    public ConvOptions withAlgorithm(Algorithm a) {
        return new ConvOptions(java.util.Objects.requireNonNull(a, "algorithm"), threads);
    }

    public ConvOptions withThreads(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + t);
        }
        return new ConvOptions(algorithm, t);
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "ConvOptions{algorithm=" + algorithm.label() + ", threads=" + threads + "}";
    }
}
