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
                ConvSpec.defaults()), Pass.GATHER)).isEqualTo("it computes 1x1 kernels only, and this one is 3x1");
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

    @Test
    void mapsOfOneCellTakeTheImagesAsRowsPreparedOrNot() {
        // squeeze-and-excitation's 1x1 layers: the images become the GEMM's rows
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 24; i++) {
            int dims = 1 + r.nextInt(3);
            int groups = 1 + r.nextInt(3);
            int cin = groups * (1 + r.nextInt(40));
            int cout = groups * (1 + r.nextInt(40));
            int[] in = new int[dims + 2];
            int[] w = new int[dims + 2];
            java.util.Arrays.fill(in, 1);
            java.util.Arrays.fill(w, 1);
            in[0] = 1 + r.nextInt(9);
            in[1] = cin;
            w[0] = cout;
            w[1] = cin / groups;
            ConvProblem p = ConvProblem.conv(in, w, ConvSpec.defaults().withGroups(groups));
            assertThat(Oracle.check(pointwise, p, Pass.GATHER, r.nextLong())).isNull();
            float[] big = org.convkit.tensor.Tensor.uniform(r.nextLong(), -1, 1, p.inputShape()).data();
            float[] weight = org.convkit.tensor.Tensor.uniform(r.nextLong(), -1, 1, p.weightShape()).data();
            float[] bias = org.convkit.tensor.Tensor.uniform(r.nextLong(), -1, 1, cout).data();
            for (float[] b : new float[][] {null, bias}) {
                float[] plain = new float[p.batch() * cout];
                pointwise.run(p, Pass.GATHER, big, plain, weight, b, 2);
                float[] prepared = new float[plain.length];
                pointwise.prepare(p, Pass.GATHER, weight, 2).run(big, prepared, b);
                assertThat(prepared).as("prepared against as stored, bias %s", b != null).containsExactly(plain);
                // and what the sums are, in double precision
                for (int n = 0; n < p.batch(); n++) {
                    for (int o = 0; o < cout; o++) {
                        int group = o / (cout / groups);
                        double sum = b == null ? 0 : b[o];
                        for (int c = 0; c < cin / groups; c++) {
                            sum += (double) weight[o * (cin / groups) + c] * big[n * cin + group * (cin / groups) + c];
                        }
                        assertThat((double) plain[n * cout + o]).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
                    }
                }
            }
        }
    }
}
