package org.convkit.algo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convkit.algo.depthwise.DepthwiseConv;
import org.convkit.algo.direct.DirectConv;
import org.convkit.algo.fft.FftConv;
import org.convkit.algo.gemm.GemmConv;
import org.convkit.algo.gemm.PointwiseConv;
import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.algo.separable.SeparableConv;
import org.convkit.algo.winograd.WinogradConv;
import org.convkit.spec.ConvProblem;

/**
 * Chooses an algorithm per problem and pass: a pure function of (problem, pass, options) over the
 * registered algorithms' own cost estimates, so a choice is reproducible and explainable.
 */
public final class Planner {
    private static final List<ConvAlgorithm> ALGORITHMS = List.of(new ReferenceAlgorithm(), new GemmConv(),
            new PointwiseConv(), new DirectConv(), new FftConv(), new SeparableConv(), new WinogradConv(),
            new DepthwiseConv());

    private Planner() {
    }

    /** The registered algorithms, in registration order. */
    public static List<ConvAlgorithm> algorithms() {
        return ALGORITHMS;
    }

    /** The registered algorithm with this id. */
    public static ConvAlgorithm algorithm(Algorithm id) {
        for (ConvAlgorithm a : ALGORITHMS) {
            if (a.id() == id) {
                return a;
            }
        }
        throw new IllegalArgumentException("algorithm " + id.label() + " is not available in this build");
    }

    /** Plans from the shapes alone: algorithms that depend on the weight's values are not considered. */
    public static Plan plan(ConvProblem p, Pass pass, ConvOptions options) {
        return plan(p, pass, options, null);
    }

    /**
     * Plans for this weight (which may be null): algorithms that need a property of the values, such
     * as a separable kernel, are considered only when the weight has it.
     */
    public static Plan plan(ConvProblem p, Pass pass, ConvOptions options, float[] weight) {
        int threads = options.threads();
        StringBuilder why = new StringBuilder();
        why.append(pass.name().toLowerCase(Locale.ROOT)).append(" of ").append(p.geometry()).append(", ")
                .append(threads).append(threads == 1 ? " thread" : " threads").append("; kernels: ")
                .append(Kernels.describe()).append('\n');
        if (options.algorithm() != Algorithm.AUTO) {
            ConvAlgorithm forced = algorithm(options.algorithm());
            String no = rejection(forced, p, pass, weight);
            if (no != null) {
                throw new IllegalArgumentException("algorithm " + forced.id().label() + " cannot compute this "
                        + pass.name().toLowerCase(Locale.ROOT) + ": " + no);
            }
            why.append("forced: ").append(forced.id().label());
            return new Plan(p, pass, forced, threads, why.toString());
        }
        ConvAlgorithm best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        List<String> lines = new ArrayList<>();
        for (ConvAlgorithm a : ALGORITHMS) {
            String no = rejection(a, p, pass, weight);
            if (no != null) {
                lines.add(String.format(Locale.ROOT, "  %-10s cannot: %s", a.id().label(), no));
                continue;
            }
            double c = a.cost(p, pass, threads);
            lines.add(String.format(Locale.ROOT, "  %-10s estimated %s, workspace %s", a.id().label(), time(c),
                    bytes(4 * a.workspaceFloats(p, pass, threads))));
            if (c < bestCost) {
                bestCost = c;
                best = a;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no algorithm can compute this problem:\n" + String.join("\n", lines));
        }
        why.append("chosen: ").append(best.id().label()).append(" (lowest estimated time)\n");
        why.append(String.join("\n", lines));
        return new Plan(p, pass, best, threads, why.toString());
    }

    /** Why {@code a} cannot run: its shape rules first, then, with a weight, its value rules. */
    private static String rejection(ConvAlgorithm a, ConvProblem p, Pass pass, float[] weight) {
        String no = a.unsupported(p, pass);
        if (no == null && weight == null && a.needsWeight()) {
            return "needs the weight's values to decide (plan with the weight)";
        }
        return no != null || weight == null ? no : a.unsupportedWeight(p, pass, weight);
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
