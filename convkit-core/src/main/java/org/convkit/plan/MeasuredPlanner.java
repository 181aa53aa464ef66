package org.convkit.plan;

import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.runtime.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.convkit.spec.ConvProblem;
import org.convkit.tensor.Tensor;

/**
 * The planner's optional refinement: the candidates the cost model ranks within
 * {@link #WITHIN} of its choice (at most {@link #MOST}) are each run on the problem's shapes, and
 * the fastest wins. The outcome is cached per problem (shapes, geometry, pass, threads, kernels and
 * which algorithms the weight admits), so each problem pays for its trial once per JVM.
 *
 * <p>A trial runs each candidate once to warm it up and then {@link #RUNS} times, keeping the
 * fastest run, on seeded random data of the problem's sizes (the real weight when the plan has one,
 * since some algorithms depend on its values). It allocates the problem's input and output once
 * more for that. The cost model stays the default: it makes the same choice on every run, while a
 * trial's winner can change with the machine's load.
 */
final class MeasuredPlanner {
    /** Candidates estimated up to this many times the best estimate are timed. */
    static final double WITHIN = 4.0;
    /** The most candidates timed per problem. */
    static final int MOST = 4;
    /** Timed runs per candidate, after one warm-up run. */
    static final int RUNS = 3;

    /** What a trial found: the winner and one line per candidate timed. */
    record Trial(ConvAlgorithm winner, String report) {
    }

    private static final Map<String, Trial> CACHE = new ConcurrentHashMap<>();

    private MeasuredPlanner() {
    }

    /**
     * The fastest of the feasible algorithms ({@code rejected[i] == null}) whose estimate is close
     * to the best; {@code costs} are the estimates, in the planner's order.
     */
    static Trial choose(List<ConvAlgorithm> algorithms, ConvProblem p, Pass pass, int threads, float[] weight,
                        String[] rejected, double[] costs) {
        List<Integer> candidates = candidates(rejected, costs);
        StringBuilder key = new StringBuilder(key(p, pass, threads));
        for (int i : candidates) {
            key.append(' ').append(algorithms.get(i).id().label());
        }
        return CACHE.computeIfAbsent(key.toString(), k -> trial(algorithms, candidates, p, pass, threads, weight));
    }

    /** Feasible algorithms by increasing estimate, within WITHIN of the best, at most MOST. */
    static List<Integer> candidates(String[] rejected, double[] costs) {
        List<Integer> feasible = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            if (rejected[i] == null) {
                feasible.add(i);
            }
        }
        feasible.sort((a, b) -> Double.compare(costs[a], costs[b]));
        List<Integer> close = new ArrayList<>();
        for (int i : feasible) {
            if (close.size() < MOST && costs[i] <= WITHIN * costs[feasible.get(0)]) {
                close.add(i);
            }
        }
        return close;
    }

    private static Trial trial(List<ConvAlgorithm> algorithms, List<Integer> candidates, ConvProblem p, Pass pass,
                               int threads, float[] realWeight) {
        float[] big = Tensor.uniform(1, -1, 1, p.bigShape()).data();
        float[] small = Tensor.uniform(2, -1, 1, p.smallShape()).data();
        float[] weight = realWeight != null ? realWeight.clone() : Tensor.uniform(3, -1, 1, p.weightShape()).data();
        ConvAlgorithm best = null;
        double bestNs = Double.POSITIVE_INFINITY;
        List<String> lines = new ArrayList<>();
        for (int i : candidates) {
            ConvAlgorithm a = algorithms.get(i);
            a.run(p, pass, big, small, weight, null, threads);
            double fastest = Double.POSITIVE_INFINITY;
            for (int run = 0; run < RUNS; run++) {
                long t0 = System.nanoTime();
                a.run(p, pass, big, small, weight, null, threads);
                fastest = Math.min(fastest, System.nanoTime() - t0);
            }
            lines.add(String.format(Locale.ROOT, "  %-10s measured %.3f ms", a.id().label(), fastest / 1e6));
            if (fastest < bestNs) {
                bestNs = fastest;
                best = a;
            }
        }
        return new Trial(best, String.join("\n", lines));
    }

    /** Everything a plan's choice depends on, as text. */
    static String key(ConvProblem p, Pass pass, int threads) {
        return pass + " " + (p.transposed() ? "T " : "") + p.batch() + "x" + p.bigChannels() + "x"
                + Arrays.toString(p.bigSpatial()) + " -> " + p.smallChannels() + "x" + Arrays.toString(p.smallSpatial())
                + " w" + Arrays.toString(p.weightShape()) + " " + p.spec() + " pad" + Arrays.toString(p.geometry().padBefore())
                + Arrays.toString(p.geometry().padAfter()) + " threads " + threads + " " + Kernels.describe();
    }

    /** Forgets every trial (for tests). */
    static void clear() {
        CACHE.clear();
    }
}
