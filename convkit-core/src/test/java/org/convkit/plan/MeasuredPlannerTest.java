package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.convkit.Conv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MeasuredPlannerTest {
    @Test
    void candidatesAreTheFeasibleOnesCloseToTheBestEstimateInOrder() {
        String[] rejected = {null, "no", null, null, null, null, null};
        double[] costs = {10, 1, 3, 2, 50, 8, 7};
        // index 1 is rejected; of the rest, those within 4x of the best feasible estimate (2), cheapest first
        assertThat(MeasuredPlanner.candidates(rejected, costs)).containsExactly(3, 2, 6, 5);
        // at most MOST

        double[] many = {1, 1.5, 2, 2.5, 3, 3.5, 3.9};
        assertThat(MeasuredPlanner.candidates(new String[7], many)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void theTrialPicksACandidateOnceAndTheCacheKeepsIt() {
        MeasuredPlanner.clear();
        ConvProblem p = ConvProblem.conv(new int[] {1, 8, 20, 20}, new int[] {8, 8, 3, 3},
                ConvSpec.defaults().withPadding(1));
        ConvOptions measured = ConvOptions.defaults().withThreads(1).withMeasuredPlanning(true);
        Plan first = Planner.plan(p, Pass.GATHER, measured);
        assertThat(first.explain()).contains("fastest in a measured trial").contains(" measured ");
        Plan again = Planner.plan(p, Pass.GATHER, measured);
        assertThat(again.algorithm()).isEqualTo(first.algorithm());
        assertThat(again.explain()).isEqualTo(first.explain());
        // the winner is one the cost model ranked close
        String[] rejected = new String[Planner.algorithms().size()];
        double[] costs = new double[rejected.length];
        for (int i = 0; i < rejected.length; i++) {
            ConvAlgorithm a = Planner.algorithms().get(i);
            rejected[i] = a.unsupported(p, Pass.GATHER);
            if (rejected[i] == null && a.needsWeight()) {
                rejected[i] = "needs the weight";
            }
            costs[i] = rejected[i] == null ? a.cost(p, Pass.GATHER, 1) : 0;
        }
        List<Integer> close = MeasuredPlanner.candidates(rejected, costs);
        assertThat(close.stream().map(i -> Planner.algorithms().get(i).id())).contains(first.algorithm());
    }

    @Test
    void aMeasuredPlanComputesWhatItsWinnerComputes() {
        MeasuredPlanner.clear();
        Tensor x = Tensor.uniform(3, -1, 1, 2, 6, 11, 13);
        Tensor w = Tensor.uniform(4, -1, 1, 5, 6, 3, 3);
        ConvSpec spec = ConvSpec.defaults().withPadding(1);
        ConvOptions measured = ConvOptions.defaults().withMeasuredPlanning(true);
        Algorithm winner = Conv.plan(x.shape(), w, spec, measured).algorithm();
        assertThat(Conv.forward(x, w, null, spec, measured))
                .isEqualTo(Conv.forward(x, w, null, spec, ConvOptions.defaults().withAlgorithm(winner)));
        // forcing an algorithm ignores the trial
        assertThat(Conv.plan(x.shape(), w, spec, measured.withAlgorithm(Algorithm.REFERENCE)).algorithm())
                .isEqualTo(Algorithm.REFERENCE);
    }
}
