package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.runtime.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.convkit.algo.depthwise.DepthwiseConv;
import org.convkit.algo.direct.DirectConv;
import org.convkit.algo.fft.FftConv;
import org.convkit.algo.gemm.GemmConv;
import org.convkit.algo.gemm.ImplicitConv;
import org.convkit.algo.gemm.PointwiseConv;
import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.algo.separable.SeparableConv;
import org.convkit.algo.winograd.WinogradConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.Ints;

/**
 * Chooses an algorithm per problem and pass: a pure function of (problem, pass, options) over the
 * registered algorithms' own cost estimates, so a choice is reproducible and explainable.
 */
public final class Planner {
    private static final List<ConvAlgorithm> ALGORITHMS = List.of(new ReferenceAlgorithm(), new GemmConv(),
            new ImplicitConv(), new PointwiseConv(), new DirectConv(), new FftConv(), new SeparableConv(), new WinogradConv(),
            new DepthwiseConv());

    private Planner() {
    }

    /**
     * The registered algorithms, in registration order.
     *
     * @return an unmodifiable list
     */
    public static List<ConvAlgorithm> algorithms() {
        return ALGORITHMS;
    }

    /**
     * The registered algorithm with this id.
     *
     * @param id any algorithm but AUTO
     * @return the algorithm
     * @throws IllegalArgumentException if this build has no such algorithm (AUTO names none)
     */
    public static ConvAlgorithm algorithm(Algorithm id) {
        for (ConvAlgorithm a : ALGORITHMS) {
            if (a.id() == id) {
                return a;
            }
        }
        throw new IllegalArgumentException("algorithm " + id.label() + " is not available in this build");
    }

    /**
     * Plans from the shapes alone: algorithms that depend on the weight's values are not considered.
     *
     * @param p the checked problem
     * @param pass which pass
     * @param options the algorithm (or AUTO), threads and tuning
     * @return the plan
     * @throws IllegalArgumentException if the forced algorithm cannot do this problem (the message says why)
     */
    public static Plan plan(ConvProblem p, Pass pass, ConvOptions options) {
        return plan(p, pass, options, null);
    }

    /**
     * Plans for this weight (which may be null): algorithms that need a property of the values, such
     * as a separable kernel, are considered only when the weight has it.
     *
     * @param p the checked problem
     * @param pass which pass
     * @param options the algorithm (or AUTO), threads and tuning
     * @param weight {@code (C_small, C_big/groups, k...)}, or null
     * @return the plan
     * @throws IllegalArgumentException if the forced algorithm cannot do this problem (the message says why)
     */
    public static Plan plan(ConvProblem p, Pass pass, ConvOptions options, float[] weight) {
        int threads = options.threads();
        if (options.algorithm() != Algorithm.AUTO) {
            ConvAlgorithm forced = algorithm(options.algorithm());
            String no = rejection(forced, p, pass, weight);
            if (no != null) {
                throw new IllegalArgumentException("algorithm " + forced.id().label() + " cannot compute this "
                        + pass.name().toLowerCase(Locale.ROOT) + ": " + no);
            }
            return new Plan(p, pass, forced, threads,
                    () -> header(p, pass, threads) + "forced: " + forced.id().label());
        }
        // the explanation is written only when asked for: formatting it costs more than a small convolution
        Estimates shapes = estimates(p, pass, threads);
        int n = ALGORITHMS.size();
        String[] rejected = shapes.rejected.clone();
        Tuning tuning = options.tuning();
        double[] costs = shapes.costs.clone();
        for (int i = 0; i < n; i++) {
            costs[i] *= tuning.scale(ALGORITHMS.get(i).id(), pass);
        }
        int best = -1;
        for (int i = 0; i < n; i++) {
            ConvAlgorithm a = ALGORITHMS.get(i);
            if (rejected[i] == null) {
                rejected[i] = weightRejection(a, p, pass, weight);
            }
            if (rejected[i] == null && (best < 0 || costs[i] < costs[best])) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no algorithm can compute this problem:\n"
                    + candidates(p, pass, threads, rejected, costs));
        }
        ConvAlgorithm estimated = ALGORITHMS.get(best);
        if (options.measuredPlanning()) {
            MeasuredPlanner.Trial trial = MeasuredPlanner.choose(ALGORITHMS, p, pass, threads, weight, rejected, costs);
            ConvAlgorithm chosen = trial.winner();
            return new Plan(p, pass, chosen, threads, () -> header(p, pass, threads, tuning) + "chosen: " + chosen.id().label()
                    + " (fastest in a measured trial, cached for this problem; the cost model chose "
                    + estimated.id().label() + ")\n" + trial.report() + "\n" + candidates(p, pass, threads, rejected, costs));
        }
        return new Plan(p, pass, estimated, threads, () -> header(p, pass, threads, tuning) + "chosen: "
                + estimated.id().label() + " (lowest estimated time)\n" + candidates(p, pass, threads, rejected, costs));
    }

    /**
     * The explanation's first line, in words: which computation on which sizes, and on how many
     * threads (e.g. "a convolution from 7x7 to 5x5 (its gather pass: each output sums its window),
     * 2 threads"); the kernels in use after it.
     */
    private static String header(ConvProblem p, Pass pass, int threads) {
        String op = p.transposed() ? "transposed convolution" : "convolution";
        String what = switch (pass) {
            case GATHER -> (p.transposed() ? "the input gradient of a " + op : "a " + op)
                    + " (its gather pass: each output sums its window)";
            case SCATTER -> (p.transposed() ? "a " + op : "the input gradient of a " + op)
                    + " (its scatter pass: each input adds into the outputs its window feeds)";
            case WEIGHT_GRAD -> "the weight gradient of a " + op + " (each weight sums over every window)";
        };
        return what.substring(0, 1).toUpperCase(Locale.ROOT) + what.substring(1) + " from "
                + Ints.times(p.geometry().input()) + " to " + Ints.times(p.geometry().output()) + ", " + threads
                + (threads == 1 ? " thread" : " threads") + "; kernels: " + Kernels.describe() + "\n";
    }

    private static String header(ConvProblem p, Pass pass, int threads, Tuning tuning) {
        return header(p, pass, threads) + "timings: " + tuning.describe() + "\n";
    }

    /** One line per algorithm: its estimate and workspace, or why it cannot run. */
    private static String candidates(ConvProblem p, Pass pass, int threads, String[] rejected, double[] costs) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ALGORITHMS.size(); i++) {
            ConvAlgorithm a = ALGORITHMS.get(i);
            lines.add(rejected[i] != null
                    ? String.format(Locale.ROOT, "  %-10s cannot: %s", a.id().label(), rejected[i])
                    : String.format(Locale.ROOT, "  %-10s estimated %s, workspace %s", a.id().label(),
                            time(costs[i]), bytes(4 * a.workspaceFloats(p, pass, threads))));
        }
        return String.join("\n", lines);
    }

    /** Why {@code a} cannot run: its shape rules first, then, with a weight, its value rules. */
    private static String rejection(ConvAlgorithm a, ConvProblem p, Pass pass, float[] weight) {
        String no = a.unsupported(p, pass);
        return no != null ? no : weightRejection(a, p, pass, weight);
    }

    /** Why {@code a}, which the shapes allow, cannot run with this weight (null: it can). */
    private static String weightRejection(ConvAlgorithm a, ConvProblem p, Pass pass, float[] weight) {
        if (weight == null) {
            return a.needsWeight() ? "needs the weight's values to decide (plan with the weight)" : null;
        }
        return a.unsupportedWeight(p, pass, weight);
    }

    /** Per algorithm, why the shapes rule it out (null if they do not) and its estimated time. */
    private record Estimates(String[] rejected, double[] costs) {
    }

    private record Key(ConvProblem problem, Pass pass, int threads) {
    }

    /**
     * Estimates worked out before for the same shapes, pass and threads. Working them out again costs
     * more than a small convolution (15 us for a depthwise layer, most of it the FFT's search over
     * tile sizes), and a network calls the same layer over and over. Bounded: emptied when full.
     */
    private static final Map<Key, Estimates> ESTIMATES = new ConcurrentHashMap<>();
    static final int MAX_ESTIMATES = 1024;

    private static Estimates estimates(ConvProblem p, Pass pass, int threads) {
        Key key = new Key(p, pass, threads);
        Estimates e = ESTIMATES.get(key);
        if (e != null) {
            return e;
        }
        int n = ALGORITHMS.size();
        String[] rejected = new String[n];
        double[] costs = new double[n];
        for (int i = 0; i < n; i++) {
            ConvAlgorithm a = ALGORITHMS.get(i);
            rejected[i] = a.unsupported(p, pass);
            costs[i] = rejected[i] == null ? a.cost(p, pass, threads) : Double.NaN;
        }
        e = new Estimates(rejected, costs);
        if (ESTIMATES.size() >= MAX_ESTIMATES) {
            ESTIMATES.clear();
        }
        ESTIMATES.put(key, e);
        return e;
    }

    private static String time(double ns) {
        return ns >= 1e9 ? String.format(Locale.ROOT, "%.2f s", ns / 1e9)
                : ns >= 1e6 ? String.format(Locale.ROOT, "%.2f ms", ns / 1e6)
                : String.format(Locale.ROOT, "%.1f us", ns / 1e3);
    }

    private static String bytes(long b) {
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0)
                : b >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", b / 1024.0) : b + " B";
    }
}
