package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import java.util.function.Supplier;

import org.convkit.spec.ConvProblem;

/**
 * A planner's decision for one pass of one problem: the algorithm, the thread count and the
 * reasons. Immutable and thread-safe; run it as often as needed.
 */
public final class Plan {
    private final ConvProblem problem;
    private final Pass pass;
    private final ConvAlgorithm algorithm;
    private final int threads;
    private final Supplier<String> explanation;

    Plan(ConvProblem problem, Pass pass, ConvAlgorithm algorithm, int threads, Supplier<String> explanation) {
        this.problem = problem;
        this.pass = pass;
        this.algorithm = algorithm;
        this.threads = threads;
        this.explanation = explanation;
    }

    /**
     * The algorithm chosen (or forced).
     *
     * @return the algorithm
     */
    public Algorithm algorithm() {
        return algorithm.id();
    }

    /**
     * The problem planned for.
     *
     * @return the checked problem
     */
    public ConvProblem problem() {
        return problem;
    }

    /**
     * The pass planned for.
     *
     * @return GATHER, SCATTER or WEIGHT_GRAD
     */
    public Pass pass() {
        return pass;
    }

    /**
     * The threads it runs on.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    /**
     * Which algorithm, why, and what the others would have cost or why they could not run.
     *
     * @return the text, for people
     */
    public String explain() {
        return explanation.get();
    }

    /**
     * This pass made ready for one weight (GATHER or SCATTER), as {@link ConvAlgorithm#prepare} says:
     * run it as often as needed; it keeps its own form of the weight.
     *
     * @param weight {@code (C_small, C_big/groups, k...)}
     * @return the prepared pass
     * @throws IllegalArgumentException for a WEIGHT_GRAD plan
     */
    public ConvAlgorithm.Prepared prepare(float[] weight) {
        return algorithm.prepare(problem, pass, weight, threads);
    }

    /**
     * Runs the pass; see {@link ConvAlgorithm} for the arrays.
     *
     * @param big {@code (N, C_big, big...)}
     * @param small {@code (N, C_small, small...)}
     * @param weight {@code (C_small, C_big/groups, k...)}
     * @param bias the output's channels' bias, or null
     */
    public void run(float[] big, float[] small, float[] weight, float[] bias) {
        algorithm.run(problem, pass, big, small, weight, bias, threads);
    }
}
