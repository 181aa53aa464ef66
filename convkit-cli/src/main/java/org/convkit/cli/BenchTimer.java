package org.convkit.cli;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * torch_peer.py's time_case, step for step, so that the two sides' numbers mean the same thing:
 * 3 untimed warm-up calls, then timed calls until there are at least 5 and either the budget is
 * spent or there are 50; the median (the mean of the middle two for an even count), min and max.
 *
 * <p>One difference, on purpose: the warm-up also lasts at least {@code warmUpSeconds}. PyTorch's
 * kernels are compiled ahead of time, convkit's by the JVM's JIT while it runs; three calls of a
 * sub-millisecond case leave the JIT mid-way (depthwise-3x3 measured 2 ms then, 0.46 ms once
 * compiled), so without it the table would time the compiler, not the kernels. And past that
 * time, the warm-up goes on while the calls still get faster: a block of calls
 * ({@link #STEADY_BLOCK_S}, 3 at least) whose median beats the best block's by more than
 * {@link #STEADY_GAIN} calls for another, up to {@link #MAX_WARM_UP_S} in all. Large kernels reach
 * C2 later than 1 s on two busy cores (a 16-channel training step timed 7.8 ms after 1 s and 3.6 ms
 * after 5 s), and a user's training loop or server runs them compiled.
 */
final class BenchTimer {
    static final int WARM_UP = 3;
    static final int MIN_RUNS = 5;
    static final int MAX_RUNS = 50;
    /** A steadiness block's length, seconds; its gain needed to go on; the warm-up's end at the latest. */
    static final double STEADY_BLOCK_S = 0.25;
    static final double STEADY_GAIN = 0.05;
    static final double MAX_WARM_UP_S = 6.0;

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
        return time(body, budgetSeconds, warmUpSeconds, listener, System::nanoTime);
    }

    /** With the clock given (tests run a scripted one). */
    static Timing time(BenchCase.Body body, double budgetSeconds, double warmUpSeconds, Listener listener,
                       LongSupplier clock) {
        long begin = clock.getAsLong();
        long warmUntil = begin + (long) (warmUpSeconds * 1e9);
        int call = 0;
        for (; call < WARM_UP || clock.getAsLong() < warmUntil; call++) {
            listener.warmUp(call + 1, WARM_UP);
            sink = body.run();
        }
        if (warmUpSeconds > 0) {
            long latest = begin + (long) (Math.max(warmUpSeconds, MAX_WARM_UP_S) * 1e9);
            double best = Double.POSITIVE_INFINITY;
            while (clock.getAsLong() < latest) {
                double median = blockMedian(body, listener, call, clock);
                call += WARM_UP;
                if (!(median < best * (1 - STEADY_GAIN))) {
                    break;
                }
                best = median;
            }
        }
        long budgetNs = (long) (budgetSeconds * 1e9);
        long[] times = new long[MAX_RUNS];
        int n = 0;
        long start = clock.getAsLong();
        while (n < MIN_RUNS || (clock.getAsLong() - start < budgetNs && n < MAX_RUNS)) {
            listener.run(n + 1);
            long t0 = clock.getAsLong();
            sink = body.run();
            times[n++] = clock.getAsLong() - t0;
        }
        sink = null;
        long[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return new Timing(median / 1e6, sorted[0] / 1e6, sorted[n - 1] / 1e6, n);
    }

    /** The median of a block of untimed warm-up calls: 3 at least, {@link #STEADY_BLOCK_S} at least. */
    private static double blockMedian(BenchCase.Body body, Listener listener, int done, LongSupplier clock) {
        long[] t = new long[16];
        int n = 0;
        long start = clock.getAsLong();
        while (n < WARM_UP || clock.getAsLong() - start < STEADY_BLOCK_S * 1e9) {
            listener.warmUp(done + n + 1, WARM_UP);
            long t0 = clock.getAsLong();
            sink = body.run();
            if (n == t.length) {
                t = Arrays.copyOf(t, 2 * n);
            }
            t[n++] = clock.getAsLong() - t0;
        }
        long[] sorted = Arrays.copyOf(t, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }
}
