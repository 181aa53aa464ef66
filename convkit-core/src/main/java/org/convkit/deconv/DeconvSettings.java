package org.convkit.deconv;

import java.util.Objects;

import org.convkit.runtime.Parallel;
import org.convkit.spec.PaddingMode;

/**
 * How to run a PSF deconvolution ({@link Wiener}, {@link Tikhonov}, {@link RichardsonLucy}).
 * Immutable; each setting is checked when set. Defaults: border {@code reflect}, automatic
 * regularization, the method's own penalty, 50 iterations, no total variation, no listener, all
 * cores.
 */
public final class DeconvSettings {
    /** Richardson-Lucy's iteration count when none is given; scikit-image's default too. */
    public static final int DEFAULT_ITERATIONS = 50;

    private static final DeconvSettings DEFAULTS =
            new DeconvSettings(PaddingMode.REFLECT, Double.NaN, null, DEFAULT_ITERATIONS, 0, IterationListener.NONE,
                    Parallel.CORES);

    private final PaddingMode border;
    private final double regularization;
    private final Penalty penalty;
    private final int iterations;
    private final double totalVariation;
    private final IterationListener listener;
    private final int threads;

    private DeconvSettings(PaddingMode border, double regularization, Penalty penalty, int iterations,
                           double totalVariation, IterationListener listener, int threads) {
        this.border = border;
        this.regularization = regularization;
        this.penalty = penalty;
        this.iterations = iterations;
        this.totalVariation = totalVariation;
        this.listener = listener;
        this.threads = threads;
    }

    /**
     * Border reflect, automatic regularization, the method's own penalty, 50 iterations, no total
     * variation, no listener, all cores.
     *
     * @return the default settings
     */
    public static DeconvSettings defaults() {
        return DEFAULTS;
    }

    /**
     * What lies beyond the signal's edges: {@code circular} for a blur known to wrap around;
     * {@code reflect} (default), {@code replicate} or {@code zeros} extend the signal by that rule
     * (see {@link Frame}).
     *
     * @param b the border rule
     * @return settings with this change
     * @throws NullPointerException if {@code b} is null
     */
    public DeconvSettings withBorder(PaddingMode b) {
        return new DeconvSettings(Objects.requireNonNull(b, "border"), regularization, penalty, iterations,
                totalVariation, listener, threads);
    }

    /**
     * Wiener's noise-to-signal ratio, or Tikhonov's lambda: at least 0; 0 is the plain inverse.
     *
     * @param lambda a finite number, at least 0
     * @return settings with this change
     * @throws IllegalArgumentException if it is negative, infinite or NaN
     */
    public DeconvSettings withRegularization(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("regularization must be a finite number >= 0, got " + lambda
                    + "; use 0 for the unregularized inverse, or leave it unset to estimate it from the data");
        }
        return new DeconvSettings(border, lambda, penalty, iterations, totalVariation, listener, threads);
    }

    /**
     * Estimate the regularization from the data (the default; see {@link NoiseEstimate}).
     *
     * @return settings with this change
     */
    public DeconvSettings withAutomaticRegularization() {
        return new DeconvSettings(border, Double.NaN, penalty, iterations, totalVariation, listener, threads);
    }

    /**
     * Tikhonov's operator L; {@code null} for the method's default.
     *
     * @param p the penalty, or null
     * @return settings with this change
     */
    public DeconvSettings withPenalty(Penalty p) {
        return new DeconvSettings(border, regularization, p, iterations, totalVariation, listener, threads);
    }

    /**
     * Richardson-Lucy's iteration count, at least 1.
     *
     * @param n the iterations
     * @return settings with this change
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public DeconvSettings withIterations(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + n);
        }
        return new DeconvSettings(border, regularization, penalty, n, totalVariation, listener, threads);
    }

    /**
     * Richardson-Lucy's total-variation weight (Dey et al. 2006), at least 0 (0: plain RL). Values
     * around 0.001 to 0.01 suit signals scaled to [0, 1]; {@link RichardsonLucy} bounds it above.
     *
     * @param lambda a finite number, at least 0
     * @return settings with this change
     * @throws IllegalArgumentException if it is negative, infinite or NaN
     */
    public DeconvSettings withTotalVariation(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("the total-variation weight must be a finite number >= 0, got " + lambda
                    + "; 0 turns it off, 0.002 is a usual start");
        }
        return new DeconvSettings(border, regularization, penalty, iterations, lambda, listener, threads);
    }

    /**
     * Told after every iteration of an iterative method, so a long run can show its progress.
     *
     * @param l the listener
     * @return settings with this change
     * @throws NullPointerException if {@code l} is null
     */
    public DeconvSettings withListener(IterationListener l) {
        return new DeconvSettings(border, regularization, penalty, iterations, totalVariation,
                Objects.requireNonNull(l, "listener"), threads);
    }

    /**
     * Threads for the Fourier transforms (default: all cores). Results do not depend on it.
     *
     * @param t at least 1
     * @return settings with this change
     * @throws IllegalArgumentException if {@code t < 1}
     */
    public DeconvSettings withThreads(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + t);
        }
        return new DeconvSettings(border, regularization, penalty, iterations, totalVariation, listener, t);
    }

    /**
     * Threads for the Fourier transforms.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    /**
     * What lies beyond the signal's edges.
     *
     * @return the border rule
     */
    public PaddingMode border() {
        return border;
    }

    /**
     * The regularization, or NaN for automatic.
     *
     * @return lambda, or NaN
     */
    public double regularization() {
        return regularization;
    }

    /**
     * Whether the regularization is estimated from the data.
     *
     * @return true when none was given
     */
    public boolean automaticRegularization() {
        return Double.isNaN(regularization);
    }

    /**
     * The penalty, or {@code null} for the method's default.
     *
     * @return the penalty or null
     */
    public Penalty penalty() {
        return penalty;
    }

    /**
     * Richardson-Lucy's iteration count.
     *
     * @return at least 1
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Richardson-Lucy's total-variation weight.
     *
     * @return at least 0 (0: plain Richardson-Lucy)
     */
    public double totalVariation() {
        return totalVariation;
    }

    /**
     * Told of each iteration.
     *
     * @return the listener (a no-op by default)
     */
    public IterationListener listener() {
        return listener;
    }
}
