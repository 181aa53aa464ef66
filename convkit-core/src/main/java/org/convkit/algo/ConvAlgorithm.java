package org.convkit.algo;

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
    Algorithm id();

    /** Why this algorithm cannot compute {@code pass} of {@code p}, or null when it can. */
    String unsupported(ConvProblem p, Pass pass);

    /**
     * Why this algorithm cannot use this particular weight (for example, a separable path given a
     * kernel of rank above 1), or null. Only called when {@link #unsupported} accepted the shapes and
     * the weight is known at plan time; a plan made for one weight may refuse to run another.
     */
    default String unsupportedWeight(ConvProblem p, Pass pass, float[] weight) {
        return null;
    }

    /** Whether {@link #unsupportedWeight} matters, so that a plan without the weight must not pick it. */
    default boolean needsWeight() {
        return false;
    }

    /**
     * Estimated time in nanoseconds on {@code threads} threads. Only the ranking matters, but
     * explain() prints it, so it should be a real estimate from a stated model.
     */
    double cost(ConvProblem p, Pass pass, int threads);

    /** Floats allocated per call beyond the inputs and the output. */
    long workspaceFloats(ConvProblem p, Pass pass, int threads);

    /**
     * The project's per-call workspace budget for {@code p}, in floats: max(16 MiB, 10% of input +
     * output + weights). Fast algorithms decline what they cannot do within it, counted for as many
     * threads as there are cores, so that the choice never depends on the thread count asked for.
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
     */
    double errorBound(ConvProblem p, Pass pass);

    void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads);
}
