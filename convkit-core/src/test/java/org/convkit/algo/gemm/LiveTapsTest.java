package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.junit.jupiter.api.Test;

class LiveTapsTest {
    /** GEMM budgets (tile floats, min columns): pieces of a few cells and chunks of a few rows, then the default. */
    private static final long[][] BUDGETS = {{200, 3}, {2000, 17}, {GemmCost.TILE_FLOATS, 64}};

    @Test
    void regionsOfLiveTapsAgreeWithTheReference() {
        ConvSpec aspp = ConvSpec.defaults().withDilation(4).withPadding(4);
        ConvSpec cube = ConvSpec.defaults().withPadding(1);
        ConvSpec wide = ConvSpec.defaults().withPadding(Padding.of(new int[] {5, 1}, new int[] {0, 4})).withStride(2, 1);
        List<ConvProblem> problems = List.of(
                // a dilated layer whose taps at +-4 read padding over most of a 9x11 map
                ConvProblem.conv(new int[] {2, 64, 9, 11}, new int[] {5, 64, 3, 3}, aspp),
                // 3x3x3 on a 4^3 map, two groups, flipped
                ConvProblem.conv(new int[] {1, 96, 4, 4, 4}, new int[] {6, 48, 3, 3, 3}, cube.withGroups(2).withFlip(true)),
                // padding wider than the kernel reaches: corner cells read padding alone (bias, or zeros)
                ConvProblem.conv(new int[] {1, 48, 3, 6}, new int[] {3, 48, 3, 3}, wide),
                // a 1-D layer: its one dimension is the last, whose dead taps stay: no regions
                ConvProblem.conv(new int[] {1, 64, 9}, new int[] {4, 64, 5}, ConvSpec.defaults().withPadding(4)));
        SplittableRandom r = new SplittableRandom(77);
        List<String> failures = new ArrayList<>();
        java.util.Set<ConvProblem> regioned = new java.util.HashSet<>();
        for (ConvProblem p : problems) {
            for (long[] budget : BUDGETS) {
                GemmConv gemm = new GemmConv(budget[0], (int) budget[1]);
                if (gemm.schedule(p, Pass.GATHER).live() != null) {
                    regioned.add(p);
                }
                String no = Oracle.check(gemm, p, Pass.GATHER, r.nextLong());
                if (no != null) {
                    failures.add(no);
                }
            }
        }
        assertThat(failures).isEmpty();
        // each 2-D and 3-D problem ran in regions under some budget (the small ones under short runs,
        // where the plain runs are pieces too); the 1-D layer never
        assertThat(regioned).containsExactlyInAnyOrderElementsOf(problems.subList(0, 3));
    }

    @Test
    void aPreparedLayerGivesTheUnpreparedCallsBits() {
        // packed once tap-major, or each chunk copied tap-major per multiply: the same sums
        ConvProblem p = ConvProblem.conv(new int[] {2, 64, 9, 11}, new int[] {5, 64, 3, 3},
                ConvSpec.defaults().withDilation(4).withPadding(4));
        float[] big = org.convkit.tensor.Tensor.uniform(1, -1, 1, p.inputShape()).data();
        float[] weight = org.convkit.tensor.Tensor.uniform(2, -1, 1, p.weightShape()).data();
        float[] bias = org.convkit.tensor.Tensor.uniform(3, -1, 1, p.outChannels()).data();
        int out = Math.toIntExact(org.convkit.tensor.Tensor.numel(p.outputShape()));
        int regions = 0;
        for (long[] budget : BUDGETS) {
            GemmConv gemm = new GemmConv(budget[0], (int) budget[1]);
            regions += gemm.schedule(p, Pass.GATHER, 2).live() != null ? 1 : 0;
            float[] plain = new float[out];
            gemm.run(p, Pass.GATHER, big, plain, weight, bias, 2);
            float[] prepared = new float[out];
            gemm.prepare(p, Pass.GATHER, weight, 2).run(big, prepared, bias);
            assertThat(prepared).containsExactly(plain);
        }
        assertThat(regions).isEqualTo(2); // the short-run budgets
    }

    @Test
    void asppAtDilation18LeavesSixtyPercentOfItsTapsDead() {
        ConvProblem aspp = ConvProblem.conv(new int[] {1, 2048, 33, 33}, new int[] {256, 2048, 3, 3},
                ConvSpec.defaults().withDilation(18).withPadding(18));
        LiveTaps live = new GemmConv().schedule(aspp, Pass.GATHER, 2).live();
        assertThat(live).isNotNull();
        // per dimension (15 + 33 + 15) / 99 of the taps are live; the last dimension keeps its dead ones
        assertThat(live.live).isCloseTo(63.0 / 99, org.assertj.core.api.Assertions.within(1e-9));
        int cells = 0;
        for (LiveTaps.Piece piece : live.pieces()) {
            cells += piece.cells();
        }
        assertThat(cells).isEqualTo(33 * 33);
    }

    @Test
    void otherPaddingModesAndFewDeadTapsKeepThePlainProduct() {
        ConvSpec same = ConvSpec.defaults().withPadding(1);
        // a 56x56 map: 5% of the taps dead, not worth the regions
        assertThat(new GemmConv().schedule(ConvProblem.conv(new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3}, same),
                Pass.GATHER).live()).isNull();
        // reflect padding reads real cells
        assertThat(new GemmConv().schedule(ConvProblem.conv(new int[] {1, 64, 7, 7}, new int[] {64, 64, 3, 3},
                same.withPaddingMode(PaddingMode.REFLECT)), Pass.GATHER).live()).isNull();
        // a 7x7 or 6x6x6 map: a tenth or a fifth of the taps dead, but the regions would be runs of
        // 7 or 6 cells, each a micro-tile of 32 columns
        assertThat(new GemmConv().schedule(ConvProblem.conv(new int[] {1, 64, 7, 7}, new int[] {64, 64, 3, 3}, same),
                Pass.GATHER).live()).isNull();
        assertThat(new GemmConv().schedule(ConvProblem.conv(new int[] {8, 128, 6, 6, 6}, new int[] {256, 128, 3, 3, 3},
                same), Pass.GATHER).live()).isNull();
    }
}
