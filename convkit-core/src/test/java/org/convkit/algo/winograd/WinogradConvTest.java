package org.convkit.algo.winograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/** Winograd against the reference where tiles, borders and channel blocks are awkward. */
class WinogradConvTest {
    private final WinogradConv w = new WinogradConv();

    private static ConvProblem conv(int n, int cin, int h, int wd, int cout, int groups, ConvSpec spec) {
        return ConvProblem.conv(new int[] {n, cin, h, wd}, new int[] {cout, cin / groups, 3, 3}, spec.withGroups(groups));
    }

    /** Both passes within budget, and the output entirely written (the check starts it as NaN). */
    private void agrees(ConvProblem p, long seed) {
        for (Pass pass : new Pass[] {Pass.GATHER, Pass.SCATTER}) {
            if (w.unsupported(p, pass) != null) {
                continue;
            }
            ReferenceCheck.Outcome o = new ReferenceCheck(p, pass, seed, -1).compare(w);
            assertThat(o.ofBudget()).as("%s of %s %s: largest error as a fraction of the budget", pass, p.spec(),
                    p.geometry()).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void outputSizesAroundTileBoundaries() {
        int[] sizes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17};
        for (int i = 0; i < sizes.length; i++) {
            int h = sizes[i];
            int wd = sizes[(i * 7 + 3) % sizes.length];
            // padding 1 keeps the output the input's size
            agrees(conv(2, 3, h, wd, 5, 1, ConvSpec.defaults().withPadding(1).withFlip(i % 3 == 0)), 100 + i);
        }
    }

    @Test
    void everyPaddingIncludingAsymmetricAndWiderThanTheKernel() {
        int[][] pads = {{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 2, 2, 2}, {0, 2, 1, 0}, {2, 0, 0, 1}, {1, 2, 2, 1}, {3, 3, 0, 4}};
        int seed = 0;
        for (int[] pd : pads) {
            Padding padding = Padding.of(new int[] {pd[0], pd[2]}, new int[] {pd[1], pd[3]});
            agrees(conv(1, 4, 9, 10, 3, 1, ConvSpec.defaults().withPadding(padding)), 200 + seed++);
        }
        agrees(conv(1, 4, 9, 10, 3, 1, ConvSpec.defaults().withPadding(Padding.same())), 210);
    }

    @Test
    void outputsThatReadOnlyPaddingAreExactlyTheBias() {
        // padding 4 > r - 1: the first and last rows and columns of the output see no input at all
        ConvProblem p = conv(1, 3, 6, 6, 2, 1, ConvSpec.defaults().withPadding(4));
        ReferenceCheck check = new ReferenceCheck(p, Pass.GATHER, 7, -1);
        float[] got = check.run(w, 1);
        float[] ref = check.run(new org.convkit.algo.reference.ReferenceAlgorithm(), 1);
        int out = p.smallSpatial()[1];
        for (int c = 0; c < 2; c++) {
            for (int x = 0; x < out; x++) {
                assertThat(got[c * out * out + x]).isEqualTo(ref[c * out * out + x]);
            }
        }
    }

    @Test
    void manyChannelsAndGroups() {
        agrees(conv(1, 96, 13, 11, 80, 1, ConvSpec.defaults().withPadding(1)), 300);
        agrees(conv(2, 64, 9, 9, 48, 2, ConvSpec.defaults().withPadding(1)), 301);
        agrees(conv(1, 24, 10, 7, 36, 4, ConvSpec.defaults().withPadding(Padding.of(new int[] {0, 2}, new int[] {1, 0}))), 302);
        agrees(conv(3, 8, 12, 12, 8, 1, ConvSpec.defaults().withPadding(1).withFlip(true)), 303);
    }

    @Test
    void paddingModesOnTheGather() {
        int seed = 400;
        for (PaddingMode mode : PaddingMode.values()) {
            for (int pad = 0; pad <= 2; pad++) {
                ConvProblem p = conv(2, 5, 7, 9, 4, 1, ConvSpec.defaults().withPadding(pad).withPaddingMode(mode));
                ReferenceCheck.Outcome o = new ReferenceCheck(p, Pass.GATHER, seed++, -1).compare(w);
                assertThat(o.ofBudget()).as("%s padding %d", mode, pad).isLessThanOrEqualTo(1.0);
            }
        }
    }

    @Test
    void dilatedGathersRunAsStackedPhases() {
        // dilation dividing the size (one stack of equal phases) or not (phases of two or more sizes),
        // uneven per dimension, 'same' and asymmetric padding, groups, flip; every output written
        ConvSpec[] specs = {
            ConvSpec.defaults().withDilation(2).withPadding(2),
            ConvSpec.defaults().withDilation(2, 3).withPadding(Padding.same()),
            ConvSpec.defaults().withDilation(3).withPadding(Padding.of(new int[] {1, 4}, new int[] {3, 0})),
            ConvSpec.defaults().withDilation(2).withPadding(0).withFlip(true),
            ConvSpec.defaults().withDilation(4, 2).withPadding(4, 2),
        };
        int[][] sizes = {{12, 12}, {13, 11}, {17, 9}, {5, 23}};
        int seed = 700;
        int compared = 0;
        for (ConvSpec spec : specs) {
            for (int[] hw : sizes) {
                for (int groups : new int[] {1, 2}) {
                    ConvProblem p = conv(2, 4, hw[0], hw[1], 6, groups, spec);
                    assertThat(w.unsupported(p, Pass.GATHER)).as("%s %s", spec, java.util.Arrays.toString(hw)).isNull();
                    ReferenceCheck.Outcome o = new ReferenceCheck(p, Pass.GATHER, seed++, -1).compare(w);
                    assertThat(o.ofBudget()).as("%s %s groups %d", spec, java.util.Arrays.toString(hw), groups)
                            .isLessThanOrEqualTo(1.0);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(specs.length * sizes.length * 2);
        // the planner takes it for a dilated 3x3 layer like the suite's
        ConvProblem layer = conv(1, 64, 56, 56, 64, 1, ConvSpec.defaults().withDilation(2).withPadding(2));
        assertThat(new Polyphase(layer).stacks).hasSize(1);
        assertThat(w.cost(layer, Pass.GATHER, 2)).isLessThan(new org.convkit.algo.gemm.GemmConv().cost(layer,
                Pass.GATHER, 2));
    }

    @Test
    void transposedConvolutionsAreScatters() {
        // a stride-1 transposed convolution's forward pass: SCATTER of the problem it is the adjoint of
        ConvProblem p = ConvProblem.convTranspose(new int[] {2, 6, 8, 7}, new int[] {6, 5, 3, 3},
                ConvSpec.defaults().withPadding(1));
        ReferenceCheck.Outcome o = new ReferenceCheck(p, Pass.SCATTER, 500, -1).compare(w);
        assertThat(o.ofBudget()).isLessThanOrEqualTo(1.0);
        ConvProblem q = ConvProblem.convTranspose(new int[] {1, 4, 5, 5}, new int[] {4, 3, 3, 3},
                ConvSpec.defaults().withPadding(0).withFlip(true));
        assertThat(new ReferenceCheck(q, Pass.SCATTER, 501, -1).compare(w).ofBudget()).isLessThanOrEqualTo(1.0);
        assertThat(new ReferenceCheck(q, Pass.GATHER, 502, -1).compare(w).ofBudget()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void bitwiseTheSameOnAnyNumberOfThreads() {
        // 2 images of 40 x 40: 200 tiles in several batches, so tasks really run concurrently
        ConvProblem p = conv(2, 32, 40, 40, 24, 1, ConvSpec.defaults().withPadding(1));
        for (Pass pass : Pass.values()) {
            ReferenceCheck check = new ReferenceCheck(p, pass, 600, -1);
            float[] one = check.run(w, 1);
            for (int t = 2; t <= 4; t++) {
                assertThat(check.run(w, t)).as("%s on %d threads", pass, t).containsExactly(one);
            }
        }
    }

    @Test
    void declinesWhatItDoesNotDoWithAReason() {
        ConvSpec pad1 = ConvSpec.defaults().withPadding(1);
        List<String> reasons = new ArrayList<>();
        reasons.add(w.unsupported(ConvProblem.conv(new int[] {1, 4, 9, 9}, new int[] {4, 4, 5, 5}, pad1), Pass.GATHER));
        reasons.add(w.unsupported(conv(1, 4, 9, 9, 4, 1, pad1.withStride(2)), Pass.GATHER));
        reasons.add(w.unsupported(conv(1, 4, 9, 9, 4, 1, pad1.withDilation(2)), Pass.SCATTER));
        reasons.add(w.unsupported(conv(1, 4, 9, 9, 4, 1, pad1.withDilation(2).withPaddingMode(PaddingMode.REFLECT)),
                Pass.GATHER));
        reasons.add(w.unsupported(ConvProblem.conv(new int[] {1, 4, 9}, new int[] {4, 4, 3}, pad1), Pass.GATHER));
        reasons.add(w.unsupported(ConvProblem.conv(new int[] {1, 4, 5, 5, 5}, new int[] {4, 4, 3, 3, 3}, pad1),
                Pass.GATHER));
        reasons.add(w.unsupported(conv(1, 4, 9, 9, 8, 4, pad1), Pass.GATHER));
        reasons.add(w.unsupported(conv(1, 4, 9, 9, 4, 1, pad1.withDilation(2)), Pass.WEIGHT_GRAD));
        reasons.add(w.unsupported(conv(1, 4, 9, 9, 4, 1, pad1.withPaddingMode(PaddingMode.REFLECT)), Pass.SCATTER));
        assertThat(reasons).doesNotContainNull().allSatisfy(r -> assertThat(r).isNotBlank());
        assertThat(w.unsupported(conv(1, 4, 9, 9, 4, 1, pad1.withPaddingMode(PaddingMode.REFLECT)), Pass.GATHER))
                .isNull();
    }

    @Test
    void workspaceIsBoundedPerTaskNotPerImage() {
        // a 512 x 512 image with 64 channels: per task well under the image, whatever the thread count
        ConvProblem p = conv(1, 64, 512, 512, 64, 1, ConvSpec.defaults().withPadding(1));
        long image = 64L * 512 * 512;
        long one = w.workspaceFloats(p, Pass.GATHER, 1);
        long four = w.workspaceFloats(p, Pass.GATHER, 4);
        // no image-sized part (tiles read a band of padded rows per task, not a padded copy of the
        // input); each task adds its budget and a band of a few tile rows
        assertThat(four - one).isLessThanOrEqualTo(3L * 2 * WinogradConv.TASK_BUDGET_FLOATS);
        assertThat(one).isLessThan(image / 8);
        // every pass, the weight gradient too; only the dilation phases copy the whole input, and
        // they say so when that passes the budget
        ConvProblem large = conv(2, 64, 512, 512, 64, 1, ConvSpec.defaults().withPadding(1));
        for (Pass pass : Pass.values()) {
            assertThat(w.unsupported(large, pass)).isNull();
            assertThat(w.workspaceFloats(large, pass, 4)).as("%s", pass).isLessThan(image / 4);
        }
        assertThat(w.unsupported(conv(2, 64, 512, 512, 64, 1, ConvSpec.defaults().withPadding(2).withDilation(2)),
                Pass.GATHER)).contains("would pass the per-call budget");
    }
}
