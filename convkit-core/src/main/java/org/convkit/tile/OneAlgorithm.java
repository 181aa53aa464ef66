package org.convkit.tile;

import java.util.function.Function;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.plan.Plan;

/**
 * The planner chooses per problem, and a tile is a smaller problem: left to itself it may choose
 * another algorithm for an edge tile than for an inner one, or than for the untiled problem, and
 * the rounding would differ from tile to tile. So a tiled operation asks the planner once, for the
 * whole problem by its cost model (no timed runs: the whole problem need not fit in memory), and
 * runs every tile with that algorithm; the stitched result is then the untiled one, bit for bit.
 */
final class OneAlgorithm {
    private OneAlgorithm() {
    }

    /** {@code options} with AUTO replaced by what {@code plan} chooses for the whole problem. */
    static ConvOptions fixed(ConvOptions options, Function<ConvOptions, Plan> plan) {
        if (options.algorithm() != Algorithm.AUTO) {
            return options;
        }
        Algorithm chosen = plan.apply(options.withMeasuredPlanning(false)).algorithm();
        return options.withAlgorithm(chosen);
    }
}
