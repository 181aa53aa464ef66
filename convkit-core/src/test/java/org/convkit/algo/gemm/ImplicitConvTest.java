package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.convkit.algo.Pass;
import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImplicitConvTest {
    /** Workspace targets: slabs of one output row (or cell) everywhere, a few rows, and the default. */
    private static final long[] TARGETS = {1, 3000, GemmCost.TILE_FLOATS};

    @Test
    void randomProblemsAgreeWithTheReferenceOnEverySlabbing() {
        SplittableRandom r = new SplittableRandom(31);
        List<String> failures = new ArrayList<>();
        int[] compared = new int[Pass.values().length];
        for (int i = 0; i < 150; i++) {
            ConvProblem p = Oracle.randomProblem(r);
            for (Pass pass : Pass.values()) {
                for (long target : TARGETS) {
                    ImplicitConv a = new ImplicitConv(target);
                    if (a.unsupported(p, pass) != null) {
                        continue;
                    }
                    String no = Oracle.check(a, p, pass, r.nextLong());
                    if (no != null) {
                        failures.add(no);
                    }
                    compared[pass.ordinal()]++;
                }
            }
        }
        assertThat(failures).isEmpty();
        // strided, dilated, every padding mode, transposed problems among them
        assertThat(compared[Pass.GATHER.ordinal()]).isGreaterThan(300);
        assertThat(compared[Pass.SCATTER.ordinal()]).isGreaterThan(60);
        assertThat(compared[Pass.WEIGHT_GRAD.ordinal()]).isGreaterThan(10); // maps of 256 cells or more

    }

    @Test
    void theZeroPaddedCopyIsTheGeneralWalksBitForBit() {
        SplittableRandom r = new SplittableRandom(37);
        int compared = 0;
        for (int i = 0; i < 400 && compared < 120; i++) {
            ConvProblem p = Oracle.randomProblem(r);
            if (p.spec().paddingMode() != PaddingMode.ZEROS || p.transposed()) {
                continue;
            }
            Grid g = new Grid(p);
            for (int slabLength : new int[] {1, 2, 1 << 20}) {
                PhaseImage image = new PhaseImage(g, slabLength);
                float[] big = Tensor.uniform(r.nextLong(), -1, 1, p.bigShape()).data();
                for (int slab = 0; slab < image.slabs; slab++) {
                    float[] fast = new float[(int) image.floats()];
                    float[] walked = new float[fast.length];
                    java.util.Arrays.fill(fast, Float.NaN);
                    java.util.Arrays.fill(walked, Float.NaN);
                    image.copy(big, 0, slab, fast);
                    image.copyEachRow(big, 0, 0, g.cbg, slab, walked);
                    assertThat(fast).as("%s, slabs of %d, slab %d", p, slabLength, slab).isEqualTo(walked);
                }
            }
            compared++;
        }
        assertThat(compared).isEqualTo(120);
    }

    @Test
    void weightGradientsOfLargerMapsAgreeWithTheReference() {
        ConvSpec pad = ConvSpec.defaults().withPadding(1);
        List<ConvProblem> problems = List.of(
                ConvProblem.conv(new int[] {2, 5, 23, 19}, new int[] {6, 5, 3, 3}, pad),
                ConvProblem.conv(new int[] {1, 4, 40, 33}, new int[] {8, 2, 3, 5},
                        ConvSpec.defaults().withPadding(2).withStride(2, 1).withGroups(2)),
                ConvProblem.conv(new int[] {3, 3, 9, 9, 9}, new int[] {5, 3, 3, 3, 3},
                        pad.withDilation(1, 2, 1).withPaddingMode(PaddingMode.REFLECT)),
                ConvProblem.conv(new int[] {2, 7, 600}, new int[] {9, 7, 5}, ConvSpec.defaults().withDilation(3)),
                ConvProblem.conv(new int[] {1, 6, 30, 30}, new int[] {7, 6, 3, 3}, pad.withFlip(true)));
        SplittableRandom r = new SplittableRandom(53);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (ConvProblem p : problems) {
            for (long target : TARGETS) {
                ImplicitConv a = new ImplicitConv(target);
                if (a.unsupported(p, Pass.WEIGHT_GRAD) != null) {
                    // slabs a row thin under a tiny target: fewer cells than a chunk
                    assertThat(target).as("%s", p.geometry()).isLessThan(GemmCost.TILE_FLOATS);
                    continue;
                }
                compared++;
                String no = Oracle.check(a, p, Pass.WEIGHT_GRAD, r.nextLong());
                if (no != null) {
                    failures.add(no);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(compared).isGreaterThan(problems.size()); // each under the default target, some under 3000
    }

    @Test
    void slabsCutTheOutermostDimensionWithOutputsAndDoNotChangeABit() {
        ConvProblem p = ConvProblem.conv(new int[] {2, 5, 9, 13}, new int[] {7, 5, 3, 3},
                ConvSpec.defaults().withPadding(1).withStride(2, 1).withDilation(1, 2));
        float[] big = Tensor.uniform(1, -1, 1, p.inputShape()).data();
        float[] weight = Tensor.uniform(2, -1, 1, p.weightShape()).data();
        float[] bias = Tensor.uniform(3, -1, 1, p.outChannels()).data();
        float[] whole = run(new ImplicitConv(), p, big, weight, bias);
        ImplicitConv thin = new ImplicitConv(1);
        PhaseImage im = thin.image(p, 1);
        assertThat(im.slabDim).isEqualTo(1); // the 2-D map's rows: its normalized dimension 0 has one cell
        assertThat(im.slabs).isEqualTo(p.outputShape()[2]);
        assertThat(run(thin, p, big, weight, bias)).containsExactly(whole);
        // stride 2 down the rows: two phase planes of rows; dilation 2 along them: taps 0, 2, 4 in one phase
        assertThat(im.channelFloats).isEqualTo(2 * im.planeFloats);
    }

    @Test
    void theCellsBetweenRowsAreDroppedSoANaNReachesOnlyWhatItShould() {
        // the products between rows read cells no output of that tap reads; what they give is dropped
        ConvProblem p = ConvProblem.conv(new int[] {1, 3, 6, 7}, new int[] {4, 3, 3, 3}, ConvSpec.defaults().withPadding(1));
        float[] big = Tensor.uniform(4, -1, 1, p.inputShape()).data();
        big[2 * 42 + 3 * 7 + 6] = Float.NaN; // channel 2, row 3, the last column
        float[] weight = Tensor.uniform(5, -1, 1, p.weightShape()).data();
        float[] got = run(new ImplicitConv(), p, big, weight, null);
        float[] want = run(new ReferenceAlgorithm(), p, big, weight, null);
        for (int e = 0; e < got.length; e++) {
            assertThat(Float.isNaN(got[e])).as("element %d", e).isEqualTo(Float.isNaN(want[e]));
        }
        int nans = 0;
        for (float v : got) {
            nans += Float.isNaN(v) ? 1 : 0;
        }
        assertThat(nans).isEqualTo(4 * 6); // 3x2 cells, 4 channels
    }

    @Test
    void aWeightGradientWhoseProductsBetweenRowsMeetANaNIsComputedAgainByTheLowering() {
        // column 16 is read by tap column 0 only from the gap after the row (output column 17): the
        // reference's gradient of those taps stays finite
        ConvProblem p = ConvProblem.conv(new int[] {1, 3, 16, 17}, new int[] {4, 3, 3, 3}, ConvSpec.defaults().withPadding(1));
        float[] big = Tensor.uniform(6, -1, 1, p.inputShape()).data();
        big[2 * 272 + 3 * 17 + 16] = Float.NaN;
        float[] small = Tensor.uniform(7, -1, 1, p.outputShape()).data();
        float[] got = new float[Math.toIntExact(Tensor.numel(p.weightShape()))];
        new ImplicitConv().run(p, Pass.WEIGHT_GRAD, big, small, got, null, 2);
        float[] want = new float[got.length];
        new ReferenceAlgorithm().run(p, Pass.WEIGHT_GRAD, big, small, want, null, 1);
        int nans = 0;
        for (int e = 0; e < got.length; e++) {
            assertThat(Float.isNaN(got[e])).as("element %d", e).isEqualTo(Float.isNaN(want[e]));
            nans += Float.isNaN(got[e]) ? 1 : 0;
        }
        assertThat(nans).isEqualTo(4 * 3 * 2); // every output channel, channel 2's tap rows, tap columns 1 and 2
    }

    @Test
    void saysWhyItCannotRunATransposedPass() {
        ImplicitConv a = new ImplicitConv();
        ConvProblem strided = ConvProblem.conv(new int[] {1, 2, 8, 8}, new int[] {2, 2, 3, 3},
                ConvSpec.defaults().withStride(2));
        assertThat(a.unsupported(strided, Pass.GATHER)).isNull();
        assertThat(a.unsupported(strided, Pass.SCATTER)).contains("stride 1");
        ConvProblem reflect = ConvProblem.conv(new int[] {1, 2, 8, 8}, new int[] {2, 2, 3, 3},
                ConvSpec.defaults().withPadding(1).withPaddingMode(PaddingMode.REFLECT));
        assertThat(a.unsupported(reflect, Pass.SCATTER)).contains("zero padding");
        ConvProblem wide = ConvProblem.conv(new int[] {1, 2, 8, 8}, new int[] {2, 2, 3, 3},
                ConvSpec.defaults().withPadding(3));
        assertThat(a.unsupported(wide, Pass.SCATTER)).contains("exceeds the kernel's span 2");
        assertThat(a.unsupported(wide, Pass.WEIGHT_GRAD)).contains("fewer than 256 cells");
        assertThat(a.unsupported(ConvProblem.conv(new int[] {1, 2, 18, 18}, new int[] {2, 2, 3, 3},
                ConvSpec.defaults().withPadding(1)), Pass.WEIGHT_GRAD)).isNull();
    }

    private static float[] run(org.convkit.algo.ConvAlgorithm a, ConvProblem p, float[] big, float[] weight,
                               float[] bias) {
        float[] small = new float[Math.toIntExact(Tensor.numel(p.outputShape()))];
        a.run(p, Pass.GATHER, big, small, weight, bias, 2);
        return small;
    }
}
