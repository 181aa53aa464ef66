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

    public Algorithm algorithm() {
        return algorithm.id();
    }

    public ConvProblem problem() {
        return problem;
    }

    public Pass pass() {
        return pass;
    }

    public int threads() {
        return threads;
    }

    /** Which algorithm, why, and what the others would have cost or why they could not run. */
    public String explain() {
        return explanation.get();
    }

    /**
     * This pass made ready for one weight (GATHER or SCATTER), as {@link ConvAlgorithm#prepare} says:
     * run it as often as needed; it keeps its own form of the weight.
     */
    public ConvAlgorithm.Prepared prepare(float[] weight) {
        return algorithm.prepare(problem, pass, weight, threads);
    }

    /** Runs the pass; see {@link ConvAlgorithm} for the arrays. */
    public void run(float[] big, float[] small, float[] weight, float[] bias) {
        algorithm.run(problem, pass, big, small, weight, bias, threads);
    }
}
