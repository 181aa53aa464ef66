package org.convkit.algo;

import org.convkit.Algorithm;
import org.convkit.spec.ConvProblem;
import org.convkit.tensor.Tensor;

/**
 * One way of computing convolution passes. Implementations are stateless and thread-safe; each
 * declares what it cannot do (so a forced choice fails with a reason instead of switching
 * silently), estimates its cost for the planner, and states its workspace.
 *
 * <p>Arrays use {@link ConvProblem}'s batched layouts: big {@code (N, C_big, big...)}, small
 * {@code (N, C_small, small...)}, weight {@code (C_small, C_big/groups, k...)}. The pass's output
 * array (small for GATHER, big for SCATTER, weight for WEIGHT_GRAD) is overwritten entirely; bias
 * may be null and is ignored by WEIGHT_GRAD.
 */
public interface ConvAlgorithm {
    /**
     * The name a user forces it by.
     *
     * @return its {@link Algorithm}
     */
    Algorithm id();

    /**
     * Why this algorithm cannot compute {@code pass} of {@code p}, or null when it can.
     *
     * @param p the checked problem
     * @param pass which pass
     * @return the reason, for people, or null
     */
    String unsupported(ConvProblem p, Pass pass);

    /**
     * Why this algorithm cannot use this particular weight (for example, a separable path given a
     * kernel of rank above 1), or null. Only called when {@link #unsupported} accepted the shapes and
     * the weight is known at plan time; a plan made for one weight may refuse to run another.
     *
     * @param p the checked problem
     * @param pass which pass
     * @param weight {@code (C_small, C_big/groups, k...)}
     * @return the reason, or null
     */
    default String unsupportedWeight(ConvProblem p, Pass pass, float[] weight) {
        return null;
    }

    /**
     * Whether {@link #unsupportedWeight} matters, so that a plan without the weight must not pick it.
     *
     * @return true when the weight's values decide whether it applies
     */
    default boolean needsWeight() {
        return false;
    }

    /**
     * Estimated time in nanoseconds on {@code threads} threads. Only the ranking matters, but
     * explain() prints it, so it should be a real estimate from a stated model.
     *
     * @param p the checked problem
     * @param pass which pass
     * @param threads the threads it may use
     * @return the estimate, in nanoseconds
     */
    double cost(ConvProblem p, Pass pass, int threads);

    /**
     * Floats allocated per call beyond the inputs and the output.
     *
     * @param p the checked problem
     * @param pass which pass
     * @param threads the threads it may use
     * @return the workspace, in floats
     */
    long workspaceFloats(ConvProblem p, Pass pass, int threads);

    /**
     * The project's per-call workspace budget for {@code p}, in floats: max(16 MiB, 10% of input +
     * output + weights). Fast algorithms decline what they cannot do within it, counted for as many
     * threads as there are cores, so that the choice never depends on the thread count asked for.
     *
     * @param p the checked problem
     * @return the budget, in floats
     */
    static long workspaceBudget(ConvProblem p) {
        long io = Tensor.numel(p.inputShape()) + Tensor.numel(p.outputShape()) + Tensor.numel(p.weightShape());
        return Math.max(4L << 20, io / 10);
    }

    /**
     * The error budget c of this algorithm: per output element, {@code |fast - exact| <= c * 2^-24 *
     * sum |terms|}, where the sum runs over the products that make the element (|x| * |w| for a
     * GATHER). A float accumulation of K products has c about K; transforms (Winograd, FFT) state
     * their own. The differential tests hold every algorithm to its stated budget.
     *
     * @param p the checked problem
     * @param pass which pass
     * @return c
     */
    double errorBound(ConvProblem p, Pass pass);

    /**
     * Computes {@code pass} of {@code p}, overwriting the pass's output array entirely.
     *
     * @param p the checked problem
     * @param pass which pass
     * @param big {@code (N, C_big, big...)}: the convolution's input, the transposed convolution's output
     * @param small {@code (N, C_small, small...)}: the convolution's output, the transposed convolution's input
     * @param weight {@code (C_small, C_big/groups, k...)}
     * @param bias {@code (C_small)} for GATHER, {@code (C_big)} for SCATTER, or null; WEIGHT_GRAD ignores it
     * @param threads the threads it may use
     */
    void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads);

    /**
     * Makes a GATHER or SCATTER of {@code p} ready to run many times with this weight, as a network
     * layer runs: an algorithm derives here, once, what {@link #run} would derive on every call
     * (packed GEMM panels, transformed filters). The result holds its own form of the weight, so a
     * caller changing its array afterwards changes nothing; it is immutable and thread-safe. Its
     * results are bitwise those of {@link #run} with the same weight and threads. This default keeps
     * a copy of the weight and calls {@link #run}.
     *
     * @param p the checked problem
     * @param pass which pass: GATHER or SCATTER
     * @param weight {@code (C_small, C_big/groups, k...)}
     * @param threads the threads it may use
     * @return the prepared pass
     * @throws IllegalArgumentException for WEIGHT_GRAD, which computes the weight
     */
    default Prepared prepare(ConvProblem p, Pass pass, float[] weight, int threads) {
        Prepared.requireWeightPass(pass);
        float[] w = weight.clone();
        return new Prepared() {
            @Override
            public void run(float[] big, float[] small, float[] bias) {
                ConvAlgorithm.this.run(p, pass, big, small, w, bias, threads);
            }

            @Override
            public long floats() {
                return w.length;
            }
        };
    }

    /** A pass made ready for one weight ({@link #prepare}). */
    interface Prepared {
        /**
         * Runs the pass: GATHER writes small from big, SCATTER big from small.
         *
         * @param big {@code (N, C_big, big...)}
         * @param small {@code (N, C_small, small...)}
         * @param bias the output's channels' bias, or null
         */
        void run(float[] big, float[] small, float[] bias);

        /**
         * Floats it holds for its weight (a copy, packed panels, transformed filters).
         *
         * @return the count
         */
        long floats();

        /**
         * Only the passes that read a weight can be prepared for one.
         *
         * @param pass the pass
         * @throws IllegalArgumentException for WEIGHT_GRAD
         */
        static void requireWeightPass(Pass pass) {
            if (pass == Pass.WEIGHT_GRAD) {
                throw new IllegalArgumentException("a weight gradient computes the weight: it cannot be prepared for one");
            }
        }
    }
}
