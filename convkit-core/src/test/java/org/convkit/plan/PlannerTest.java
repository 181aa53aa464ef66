package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convkit.Conv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final ConvProblem P = ConvProblem.conv(new int[] {1, 4, 9, 9}, new int[] {8, 4, 3, 3},
            ConvSpec.defaults().withPadding(1));

    @Test
    void explainNamesTheChoiceAndEveryCandidate() {
        Plan plan = Planner.plan(P, Pass.GATHER, ConvOptions.defaults().withThreads(2));
        assertThat(plan.explain()).contains("A convolution (its gather pass: each output sums its window) from 9x9 to 9x9, 2 threads").contains("chosen: ");
        for (ConvAlgorithm a : Planner.algorithms()) {
            assertThat(plan.explain()).contains(a.id().label());
        }
    }

    @Test
    void forcingAnAlgorithmIsObeyedAndSaidSo() {
        Plan plan = Planner.plan(P, Pass.SCATTER, ConvOptions.defaults().withAlgorithm(Algorithm.REFERENCE));
        assertThat(plan.algorithm()).isEqualTo(Algorithm.REFERENCE);
        assertThat(plan.explain()).contains("forced: reference");
    }

    @Test
    void forcingAnAlgorithmThatCannotRunIsAnErrorNotASwitch() {
        for (ConvAlgorithm a : Planner.algorithms()) {
            String no = a.unsupported(P, Pass.GATHER);
            if (no != null) {
                assertThatThrownBy(() -> Planner.plan(P, Pass.GATHER, ConvOptions.defaults().withAlgorithm(a.id())))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("algorithm " + a.id().label() + " cannot compute this gather: " + no);
            }
        }
        assertThatThrownBy(() -> ConvOptions.defaults().withThreads(0)).hasMessageContaining("threads must be at least 1");
        assertThatThrownBy(() -> Algorithm.parse("magic")).hasMessageContaining("'magic' is not one of auto, reference");
    }

    @Test
    void everyForcedAlgorithmThatAcceptsGivesTheSameAnswerAsTheReference() {
        Tensor x = Tensor.uniform(1, -1, 1, 1, 4, 9, 9);
        Tensor w = Tensor.uniform(2, -1, 1, 8, 4, 3, 3);
        ConvSpec spec = ConvSpec.defaults().withPadding(1);
        Tensor ref = Conv.forward(x, w, null, spec, ConvOptions.defaults().withAlgorithm(Algorithm.REFERENCE));
        int accepted = 0;
        for (ConvAlgorithm a : Planner.algorithms()) {
            if (a.unsupported(P, Pass.GATHER) != null || a.unsupportedWeight(P, Pass.GATHER, w.data()) != null) {
                continue;
            }
            Tensor y = Conv.forward(x, w, null, spec, ConvOptions.defaults().withAlgorithm(a.id()));
            assertThat(y.maxAbsDiff(ref)).as(a.id().label()).isLessThan(1e-4);
            accepted++;
        }
        assertThat(accepted).isPositive();
    }

    @Test
    void theShapeEstimatesAreKeptButEveryWeightIsJudgedAgain() {
        // a single-channel 2048 x 2048 image: separable wins when the kernel is rank 1, never otherwise
        ConvProblem p = ConvProblem.conv(new int[] {1, 1, 256, 256}, new int[] {1, 1, 15, 15},
                ConvSpec.defaults().withPadding(7));
        float[] rank1 = new float[15 * 15];
        float[] full = Tensor.uniform(3, -1, 1, 1, 1, 15, 15).data();
        for (int i = 0; i < 15; i++) {
            for (int j = 0; j < 15; j++) {
                rank1[i * 15 + j] = (float) (Math.exp(-(i - 7) * (i - 7) / 8.0) * Math.exp(-(j - 7) * (j - 7) / 8.0));
            }
        }
        ConvOptions o = ConvOptions.defaults().withThreads(1);
        Plan separable = Planner.plan(p, Pass.GATHER, o, rank1);
        Plan other = Planner.plan(p, Pass.GATHER, o, full);
        Plan again = Planner.plan(p, Pass.GATHER, o, rank1);
        assertThat(separable.algorithm()).isEqualTo(Algorithm.SEPARABLE);
        assertThat(other.algorithm()).isNotEqualTo(Algorithm.SEPARABLE);
        assertThat(again.algorithm()).isEqualTo(Algorithm.SEPARABLE);
        assertThat(other.explain()).contains("separable  cannot: the kernel does not split into a column times a row: its slice [0, 0]");
        // the same shapes built again are the same problem; other shapes or specs are not
        ConvProblem same = ConvProblem.conv(new int[] {1, 1, 256, 256}, new int[] {1, 1, 15, 15},
                ConvSpec.defaults().withPadding(7));
        assertThat(same).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(ConvProblem.conv(new int[] {1, 1, 256, 256}, new int[] {1, 1, 15, 15}, ConvSpec.defaults().withPadding(6)))
                .isNotEqualTo(p);
        assertThat(ConvProblem.convTranspose(new int[] {1, 1, 256, 256}, new int[] {1, 1, 15, 15},
                ConvSpec.defaults().withPadding(7))).isNotEqualTo(p);
        assertThat(ConvProblem.conv(new int[] {1, 256, 256}, new int[] {1, 1, 15, 15}, ConvSpec.defaults().withPadding(7)))
                .as("unbatched").isNotEqualTo(p);
    }
}
