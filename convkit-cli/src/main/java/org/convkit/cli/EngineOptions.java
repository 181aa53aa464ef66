package org.convkit.cli;

import java.util.Arrays;
import java.util.Iterator;

import org.convkit.Algorithm;

import picocli.CommandLine.Option;

/**
 * {@code --algorithm} and {@code --threads}: how the library runs a convolution, shared by the
 * commands that compute one and by {@code bench}. The algorithm stays text until used so that the
 * library's parser words the error. Public so that {@code convkit-spark}'s commands take the very
 * same options.
 */
public final class EngineOptions {
    @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "auto", completionCandidates = Names.class,
            description = {"auto (the planner chooses; default) or one of ${COMPLETION-CANDIDATES}.",
                "A forced algorithm that cannot compute the problem is an error, never a silent switch."})
    String algorithm;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads to use (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--plan", paramLabel = "HOW", defaultValue = "estimate",
            description = {"How auto chooses: estimate (the cost model; default, the same choice every run) or "
                + "measure (time the close candidates once per problem and take the fastest)."})
    String plan;

    /**
     * The library's options for these flags.
     *
     * @return the options
     */
    public org.convkit.ConvOptions toOptions() {
        org.convkit.ConvOptions o = org.convkit.ConvOptions.defaults().withAlgorithm(Algorithm.parse(algorithm))
                .withMeasuredPlanning(measured(plan));
        return threads == null ? o : o.withThreads(threads);
    }

    private static boolean measured(String plan) {
        switch (plan) {
            case "estimate":
                return false;
            case "measure":
                return true;
            default:
                throw new IllegalArgumentException("--plan must be estimate or measure, not '" + plan + "'");
        }
    }

    /** The forced choices, for the help text; read from the enum so the list cannot go stale. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Algorithm.values()).filter(a -> a != Algorithm.AUTO).map(Algorithm::label).iterator();
        }
    }
}
