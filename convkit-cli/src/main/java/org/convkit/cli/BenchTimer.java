package org.convkit.cli;

import java.util.Arrays;

/**
 * torch_peer.py's time_case, step for step, so that the two sides' numbers mean the same thing:
 * 3 untimed warm-up calls, then timed calls until there are at least 5 and either the budget is
 * spent or there are 50; the median (the mean of the middle two for an even count), min and max.
 *
 * <p>One difference, on purpose: the warm-up also lasts at least {@code warmUpSeconds}. PyTorch's
 * kernels are compiled ahead of time, convkit's by the JVM's JIT while it runs; three calls of a
 * sub-millisecond case leave the JIT mid-way (depthwise-3x3 measured 2 ms then, 0.46 ms once
 * compiled), so without it the table would time the compiler, not the kernels.
 */
final class BenchTimer {
    static final int WARM_UP = 3;
    static final int MIN_RUNS = 5;
    static final int MAX_RUNS = 50;

    /** Milliseconds. */
    record Timing(double medianMs, double minMs, double maxMs, int runs) {
    }

    /** What the timer is doing, for a person watching. */
    interface Listener {
        void warmUp(int call, int of);

        void run(int call);
    }

    /** Keeps each call's result reachable, so the work cannot be optimised away. */
    @SuppressWarnings("unused")
    private static volatile Object sink;

    private BenchTimer() {
    }

    static Timing time(BenchCase.Body body, double budgetSeconds, double warmUpSeconds, Listener listener) {
        long warmUntil = System.nanoTime() + (long) (warmUpSeconds * 1e9);
        for (int i = 0; i < WARM_UP || System.nanoTime() < warmUntil; i++) {
            listener.warmUp(i + 1, WARM_UP);
            sink = body.run();
        }
        long budgetNs = (long) (budgetSeconds * 1e9);
        long[] times = new long[MAX_RUNS];
        int n = 0;
        long start = System.nanoTime();
        while (n < MIN_RUNS || (System.nanoTime() - start < budgetNs && n < MAX_RUNS)) {
            listener.run(n + 1);
            long t0 = System.nanoTime();
            sink = body.run();
            times[n++] = System.nanoTime() - t0;
        }
        sink = null;
        long[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return new Timing(median / 1e6, sorted[0] / 1e6, sorted[n - 1] / 1e6, n);
    }
}
