package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/** The pointwise path: what it declines and why, and agreement with the reference where it runs. */
class PointwiseConvTest {
    private final PointwiseConv pointwise = new PointwiseConv();

    @Test
    void declinesWithAReason() {
        assertThat(pointwise.unsupported(ConvProblem.conv(new int[] {1, 2, 5, 5}, new int[] {2, 2, 3, 1},
                ConvSpec.defaults()), Pass.GATHER)).contains("kernel [3, 1]");
        assertThat(pointwise.unsupported(ConvProblem.conv(new int[] {1, 2, 5, 5}, new int[] {2, 2, 1, 1},
                ConvSpec.defaults().withStride(2)), Pass.SCATTER)).contains("stride");
        assertThat(pointwise.unsupported(ConvProblem.conv(new int[] {1, 2, 5}, new int[] {2, 2, 1},
                ConvSpec.defaults().withPadding(Padding.of(new int[] {0}, new int[] {1}))), Pass.GATHER)).contains("padded");
        // stride 1 with dilation 2 allows output padding 1: the transposed output gains a cell no tap reaches
        assertThat(pointwise.unsupported(ConvProblem.convTranspose(new int[] {1, 2, 5}, new int[] {2, 3, 1},
                ConvSpec.defaults().withDilation(2).withOutputPadding(1)), Pass.SCATTER)).contains("output padding");
        // what does not matter for one tap is accepted
        assertThat(pointwise.unsupported(ConvProblem.conv(new int[] {1, 2, 5, 5}, new int[] {2, 2, 1, 1},
                ConvSpec.defaults().withDilation(3).withPaddingMode(PaddingMode.CIRCULAR).withFlip(true)), Pass.GATHER))
                .isNull();
    }

    @Test
    void agreesWithTheReferenceOnEveryPass() {
        SplittableRandom r = new SplittableRandom(5);
        int compared = 0;
        for (int i = 0; i < 60; i++) {
            int dims = 1 + r.nextInt(3);
            int groups = 1 + r.nextInt(3);
            int cin = groups * (1 + r.nextInt(6));
            int cout = groups * (1 + r.nextInt(6));
            boolean transposed = r.nextBoolean();
            int[] in = new int[dims + 2];
            int[] w = new int[dims + 2];
            in[0] = 1 + r.nextInt(3);
            in[1] = cin;
            w[0] = transposed ? cin : cout;
            w[1] = transposed ? cout / groups : cin / groups;
            for (int d = 0; d < dims; d++) {
                // volumes up to a few thousand cells: several ranges of cells per image
                in[d + 2] = 1 + r.nextInt(dims == 1 ? 3000 : dims == 2 ? 60 : 15);
                w[d + 2] = 1;
            }
            ConvSpec spec = ConvSpec.defaults().withGroups(groups);
            ConvProblem p = transposed ? ConvProblem.convTranspose(in, w, spec) : ConvProblem.conv(in, w, spec);
            for (Pass pass : Pass.values()) {
                assertThat(Oracle.check(pointwise, p, pass, r.nextLong())).isNull();
                compared++;
            }
        }
        assertThat(compared).isEqualTo(180);
    }
}
