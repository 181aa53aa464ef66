package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.algo.Pass;
import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * GEMM against the reference where its tiling is awkward: tiles of one column, of prime widths, a
 * row's segment, ending exactly at a row's end; small volume 1; transposed problems with every
 * padding mode (so col2im folds and its phases wrap around). Tiny tile budgets put tile edges in
 * every dimension of small problems, so the reference stays quick.
 */
class GemmConvTest {
    /** (tile floats, min columns): one column per tile, then prime-ish budgets, then the default. */
    private static final long[][] BUDGETS = {{1, 1}, {7, 1}, {53, 3}, {331, 5}, {4099, 64}, {GemmCost.TILE_FLOATS, 64}};

    @Test
    void aWeightGradientOfSmallMapsSumsSeveralImagesPerProduct() {
        List<ConvProblem> problems = List.of(
                ConvProblem.conv(new int[] {11, 16, 7, 7}, new int[] {24, 16, 3, 3}, ConvSpec.defaults().withPadding(1)),
                ConvProblem.conv(new int[] {6, 12, 9, 9}, new int[] {8, 6, 3, 3},
                        ConvSpec.defaults().withStride(2).withGroups(2)),
                ConvProblem.conv(new int[] {5, 8, 4, 4, 4}, new int[] {8, 8, 3, 3, 3}, ConvSpec.defaults().withPadding(1)));
        SplittableRandom r = new SplittableRandom(43);
        List<String> failures = new ArrayList<>();
        for (ConvProblem p : problems) {
            GemmConv gemm = new GemmConv();
            GemmConv.Schedule s = gemm.schedule(p, Pass.WEIGHT_GRAD, 2);
            assertThat(s.fold()).as("%s", p.geometry()).isGreaterThan(1);
            // the budget counts one product's columns and the products' partial sums
            assertThat(gemm.errorBound(p, Pass.WEIGHT_GRAD))
                    .isEqualTo(s.fold() * s.tiling().columns + Tiling.ceilDiv(p.batch(), s.fold()) + 2.0);
            String no = Oracle.check(gemm, p, Pass.WEIGHT_GRAD, r.nextLong());
            if (no != null) {
                failures.add(no);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void smallMapsOfSeveralImagesGoInOneProductWithTheSameBits() {
        // small maps (7x7, 7x7 from a stride-2 phase split, 1-D), reductions of 288 to 300: images side
        // by side in runs, groups, a bias
        List<ConvProblem> problems = List.of(
                ConvProblem.conv(new int[] {8, 32, 7, 7}, new int[] {40, 32, 3, 3}, ConvSpec.defaults().withPadding(1)),
                ConvProblem.conv(new int[] {5, 64, 14, 14}, new int[] {12, 32, 3, 3},
                        ConvSpec.defaults().withPadding(1).withStride(2).withGroups(2)),
                ConvProblem.conv(new int[] {3, 100, 9}, new int[] {4, 100, 3}, ConvSpec.defaults().withDilation(2)));
        SplittableRandom r = new SplittableRandom(41);
        List<String> failures = new ArrayList<>();
        for (ConvProblem p : problems) {
            GemmConv folding = new GemmConv();
            GemmConv single = new GemmConv(40, 1); // runs too short for two maps: image by image
            assertThat(folding.schedule(p, Pass.GATHER, 2).fold()).as("%s", p.geometry()).isGreaterThan(1);
            assertThat(single.schedule(p, Pass.GATHER, 2).fold()).as("%s", p.geometry()).isEqualTo(1);
            String no = Oracle.check(folding, p, Pass.GATHER, r.nextLong());
            if (no != null) {
                failures.add(no);
            }
            float[] big = Tensor.uniform(1, -1, 1, p.inputShape()).data();
            float[] weight = Tensor.uniform(2, -1, 1, p.weightShape()).data();
            float[] bias = Tensor.uniform(3, -1, 1, p.outChannels()).data();
            int out = Math.toIntExact(Tensor.numel(p.outputShape()));
            float[] folded = new float[out];
            folding.run(p, Pass.GATHER, big, folded, weight, bias, 2);
            float[] alone = new float[out];
            single.run(p, Pass.GATHER, big, alone, weight, bias, 3);
            assertThat(folded).as("%s", p.geometry()).containsExactly(alone);
            float[] prepared = new float[out];
            folding.prepare(p, Pass.GATHER, weight, 2).run(big, prepared, bias);
            assertThat(prepared).containsExactly(folded);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void randomProblemsUnderEveryTileBudget() {
        SplittableRandom r = new SplittableRandom(424242);
        List<String> failures = new ArrayList<>();
        Map<Pass, Integer> compared = new EnumMap<>(Pass.class);
        int multiTile = 0;
        int chunked = 0;
        for (int i = 0; i < 160; i++) {
            ConvProblem p = Oracle.randomProblem(r);
            long[] budget = BUDGETS[i % BUDGETS.length];
            GemmConv gemm = new GemmConv(budget[0], (int) budget[1]);
            for (Pass pass : Pass.values()) {
                String no = Oracle.check(gemm, p, pass, r.nextLong());
                if (no != null) {
                    failures.add("tiles " + budget[0] + "/" + budget[1] + ": " + no);
                }
                compared.merge(pass, 1, Integer::sum);
                if (gemm.schedule(p, pass).tiles() > 1) {
                    multiTile++;
                }
                if (pass == Pass.GATHER && gemm.schedule(p, pass).chunks() > 1) {
                    chunked++; // the reduction lowered and multiplied in chunks
                }
            }
        }
        assertThat(failures).isEmpty();
        System.out.println("GemmConvTest: compared " + compared + ", " + multiTile + " of them with several tiles, "
                + chunked + " gathers in reduction chunks");
        assertThat(multiTile).isGreaterThan(200);
        assertThat(chunked).isGreaterThan(40);
    }

    @Test
    void theLoweringsTablesDoNotGrowWithALongSignal() {
        // a table per (tap, cell) of the last dimension was 4 GB for this filter: an OutOfMemoryError
        ConvProblem fir = ConvProblem.conv(new int[] {1, 1, 1 << 20}, new int[] {1, 1, 1023},
                ConvSpec.defaults().withPadding(Padding.same()));
        Grid g = new Grid(fir);
        assertThat(Lowering.workspaceInts(g)).isLessThan(1 << 12);
        Lowering low = new Lowering(g);
        assertThat(low.planeFloats()).isEqualTo(1 << 20);
    }

    @Test
    void aStridedGatherTooLargeToSplitWholeSplitsEachImagesChannels() {
        // 3 x 8 groups x 4 channels of 100x110 at stride 2: past the whole copy's bound, each task
        // splits its own image's 4 channels
        ConvProblem p = ConvProblem.conv(new int[] {3, 32, 100, 110}, new int[] {16, 4, 3, 3},
                ConvSpec.defaults().withStride(2).withPadding(1).withGroups(8));
        Grid g = new Grid(p);
        assertThat(Lowering.splitFloats(g)).isGreaterThan(GemmConv.MAX_SPLIT_FLOATS);
        assertThat(GemmConv.localSplit(g)).isEqualTo(4 * 100 * 110);
        assertThat(Oracle.check(new GemmConv(), p, Pass.GATHER, 5)).isNull();
        assertThat(Oracle.check(new GemmConv(2000, 7), p, Pass.GATHER, 6)).isNull();
    }

    @Test
    void smallVolumeOfOneCell() {
        // a kernel as large as the padded input: one output cell, one column
        check(ConvProblem.conv(new int[] {2, 3, 5, 7}, new int[] {4, 3, 5, 7}, ConvSpec.defaults()));
        check(ConvProblem.conv(new int[] {1, 2, 1}, new int[] {3, 2, 1}, ConvSpec.defaults()));
        check(ConvProblem.convTranspose(new int[] {1, 2, 1, 1, 1}, new int[] {2, 3, 2, 3, 2},
                ConvSpec.defaults().withStride(2)));
        // the SCATTER then takes the images as the product's rows: several images, groups, folds
        ConvProblem generator = ConvProblem.convTranspose(new int[] {5, 4, 1, 1}, new int[] {4, 3, 4, 4},
                ConvSpec.defaults().withStride(2).withGroups(2));
        ConvProblem folded = ConvProblem.convTranspose(new int[] {3, 6, 1}, new int[] {6, 2, 5},
                ConvSpec.defaults().withGroups(3).withPadding(1).withPaddingMode(PaddingMode.REFLECT));
        for (ConvProblem p : new ConvProblem[] {generator, folded}) {
            check(p);
            float[] small = org.convkit.tensor.Tensor.uniform(7, -1, 1, p.inputShape()).data();
            float[] weight = org.convkit.tensor.Tensor.uniform(8, -1, 1, p.weightShape()).data();
            float[] bias = org.convkit.tensor.Tensor.uniform(9, -1, 1, p.outChannels()).data();
            GemmConv gemm = new GemmConv();
            float[] plain = new float[Math.toIntExact(org.convkit.tensor.Tensor.numel(p.outputShape()))];
            gemm.run(p, Pass.SCATTER, plain, small, weight, bias, 3);
            float[] prepared = new float[plain.length];
            gemm.prepare(p, Pass.SCATTER, weight.clone(), 2).run(prepared, small, bias);
            assertThat(prepared).containsExactly(plain);
        }
    }

    @Test
    void primeSizesAndTileEdgesInsideAndAtRowEnds() {
        ConvProblem prime = ConvProblem.conv(new int[] {1, 3, 13, 17}, new int[] {5, 3, 3, 5},
                ConvSpec.defaults().withPadding(Padding.of(new int[] {2, 1}, new int[] {0, 3})).withStride(1, 2));
        ConvProblem rows = ConvProblem.conv(new int[] {1, 2, 8, 11}, new int[] {3, 2, 3, 3},
                ConvSpec.defaults().withPadding(1));
        // rows: 18 lowered rows x 11 columns a row; budgets of exactly 1, 2 and 3 rows end tiles at row ends,
        // budgets in between cut rows into segments
        for (long budget : new long[] {18 * 11, 18 * 22, 18 * 33, 18 * 5, 18 * 7, 18 * 13}) {
            for (int minColumns : new int[] {1, 11}) {
                for (Pass pass : Pass.values()) {
                    assertThat(Oracle.check(new GemmConv(budget, minColumns), rows, pass, budget)).isNull();
                    assertThat(Oracle.check(new GemmConv(budget, minColumns), prime, pass, budget)).isNull();
                }
            }
        }
        // a GATHER's runs of cells start and end inside rows (3 cells, rows of 11)
        CellRanges runs = new GemmConv(18 * 5, 3).schedule(rows, Pass.GATHER).ranges();
        assertThat(runs.columns() % 11).isNotZero();
        assertThat(runs.count()).isGreaterThan(1);
        // a minimum of one row keeps tiles whole rows, ending at row ends; without it rows are cut
        Tiling whole = new GemmConv(18 * 22, 11).schedule(rows, Pass.SCATTER).tiling();
        assertThat(whole.split).isEqualTo(1);
        assertThat(whole.columns % 11).isZero();
        Tiling segments = new GemmConv(18 * 7, 1).schedule(rows, Pass.SCATTER).tiling();
        assertThat(segments.split).isEqualTo(2);
        assertThat(segments.columns).isLessThan(11);
    }

    @Test
    void transposedPassesFoldBordersForEveryPaddingModeUnderSmallTiles() {
        for (PaddingMode mode : PaddingMode.values()) {
            ConvSpec spec = ConvSpec.defaults().withStride(2, 1).withPadding(Padding.of(new int[] {3, 2}, new int[] {1, 4}))
                    .withDilation(1, 2).withPaddingMode(mode);
            ConvProblem p = ConvProblem.conv(new int[] {2, 2, 11, 9}, new int[] {3, 2, 4, 3}, spec);
            for (long budget : new long[] {1, 24, 24 * 3, 24 * 16}) {
                for (Pass pass : Pass.values()) {
                    assertThat(Oracle.check(new GemmConv(budget, 1), p, pass, budget)).isNull();
                }
            }
        }
    }

    @Test
    void theGuidesExamplesExactly() {
        ConvOptions gemm = ConvOptions.defaults().withAlgorithm(Algorithm.GEMM);
        Tensor x = Tensor.arange(1, 3, 7, 7);
        Tensor w = Tensor.full(1f, 2, 3, 3, 3);
        for (int i = w.numel() / 2; i < w.numel(); i++) {
            w.data()[i] = -1f;
        }
        Tensor y = Conv.forward(x, w, null, ConvSpec.defaults().withStride(2), gemm);
        assertThat(y.shape()).containsExactly(1, 2, 3, 3);
        double window = 0 + 1 + 2 + 7 + 8 + 9 + 14 + 15 + 16;
        double expected = 3 * window + 9 * 49 * (0 + 1 + 2);
        assertThat(y.get(0, 0, 0, 0)).isEqualTo((float) expected);
        assertThat(y.get(0, 1, 0, 0)).isEqualTo((float) -expected);
        assertThat(y.get(0, 0, 2, 2)).isEqualTo((float) (expected + (2 * 7 * 2 + 2 * 2) * 27));

        Tensor x5 = Tensor.arange(1, 1, 5, 5);
        Tensor k3 = Tensor.full(1f, 1, 1, 3, 3);
        ConvSpec s2 = ConvSpec.defaults().withStride(2);
        Tensor y5 = Conv.forward(x5, k3, null, s2, gemm);
        assertThat(y5.data()).containsExactly(54f, 72f, 144f, 162f);
        Tensor back = ConvTranspose.forward(y5, k3, null, s2, gemm);
        assertThat(back.shape()).containsExactly(1, 1, 5, 5);
        assertThat(back.get(0, 0, 0, 0)).isEqualTo(54f);
        assertThat(back.get(0, 0, 0, 2)).isEqualTo(54f + 72f);
        assertThat(back.get(0, 0, 2, 2)).isEqualTo(54f + 72f + 144f + 162f);
        assertThat(back.get(0, 0, 4, 4)).isEqualTo(162f);
    }

    /**
     * A SCATTER at stride 1 runs as its adjoint's GATHER where the model says so: within its budget
     * of the reference for input gradients and transposed convolutions, with dilation, asymmetric
     * padding, groups, flip and a bias, 1-D to 3-D, the same bits on any thread count and prepared.
     */
    @Test
    void aStrideOneScatterAsItsAdjointsGather() {
        ConvProblem[] problems = {
            ConvProblem.conv(new int[] {3, 48, 9, 8}, new int[] {40, 48, 3, 3},
                    ConvSpec.defaults().withPadding(Padding.of(new int[] {1, 0}, new int[] {2, 1}))),
            ConvProblem.conv(new int[] {2, 64, 200}, new int[] {64, 32, 5},
                    ConvSpec.defaults().withDilation(2).withGroups(2).withPadding(3).withFlip(true)),
            ConvProblem.convTranspose(new int[] {2, 40, 4, 5, 6}, new int[] {40, 36, 3, 3, 3},
                    ConvSpec.defaults().withPadding(1)),
        };
        GemmConv gemm = new GemmConv();
        for (ConvProblem p : problems) {
            assertThat(gemm.adjoint(p, Pass.SCATTER)).as(p.geometry().toString()).isTrue();
            assertThat(Oracle.check(gemm, p, Pass.SCATTER, 21)).isNull();
            float[] small = Tensor.uniform(7, -1, 1, p.smallShape()).data();
            float[] weight = Tensor.uniform(8, -1, 1, p.weightShape()).data();
            float[] bias = Tensor.uniform(9, -1, 1, p.bigChannels()).data();
            float[] plain = new float[Math.toIntExact(Tensor.numel(p.bigShape()))];
            gemm.run(p, Pass.SCATTER, plain, small, weight, bias, 3);
            float[] prepared = new float[plain.length];
            gemm.prepare(p, Pass.SCATTER, weight.clone(), 2).run(prepared, small, bias);
            assertThat(prepared).containsExactly(plain);
        }
    }

    @Test
    void errorBudgetsAreTheStatedFormulas() {
        ConvProblem p = ConvProblem.conv(new int[] {4, 64, 28, 28}, new int[] {64, 64, 3, 3}, ConvSpec.defaults().withPadding(1));
        GemmConv gemm = new GemmConv();
        assertThat(gemm.errorBound(p, Pass.GATHER)).isEqualTo(64 * 9 + 2);
        // zero padding, stride 1: a cell is reached by each of the 9 taps once, and the pass runs as
        // its adjoint's GATHER, one chain of 64 x 9 products: the bound covers both
        assertThat(gemm.adjoint(p, Pass.SCATTER)).isTrue();
        assertThat(gemm.errorBound(p, Pass.SCATTER)).isEqualTo(64 + 9 + 2 + 64 * 9);
        // stride 2: no adjoint; a cell is reached by at most 4 taps (9 positions, every other one)
        ConvProblem s2 = ConvProblem.conv(new int[] {4, 64, 28, 28}, new int[] {64, 64, 3, 3},
                ConvSpec.defaults().withPadding(1).withStride(2));
        assertThat(gemm.adjoint(s2, Pass.SCATTER)).isFalse();
        assertThat(gemm.errorBound(s2, Pass.SCATTER)).isEqualTo(64 + GemmConv.maxContributions(new Grid(s2)) + 2);
        Tiling t = gemm.schedule(p, Pass.WEIGHT_GRAD).tiling();
        assertThat(gemm.errorBound(p, Pass.WEIGHT_GRAD)).isEqualTo(t.columns + 4.0 * t.tiles + 2)
                .isLessThan(4 * 28 * 28);
        // replicate padding 2 on a 3-tap kernel: the edge cell is read by position -2, -1 and 0 of several taps
        ConvProblem rep = ConvProblem.conv(new int[] {1, 1, 9}, new int[] {1, 1, 3},
                ConvSpec.defaults().withPadding(2).withPaddingMode(PaddingMode.REPLICATE));
        assertThat(GemmConv.maxContributions(new Grid(rep))).isEqualTo(6);
    }

    @Test
    void weightGradientBlocksFollowTheThreadsButNotTheBits() {
        ConvProblem p = ConvProblem.conv(new int[] {2, 40, 13, 11}, new int[] {24, 40, 3, 3}, ConvSpec.defaults().withPadding(1));
        GemmConv gemm = new GemmConv();
        // 360 dW columns: one block on one thread, two on two, and so on, down to the tiling's blocks
        assertThat(gemm.schedule(p, Pass.WEIGHT_GRAD, 1).blocks()).isEqualTo(1);
        assertThat(gemm.schedule(p, Pass.WEIGHT_GRAD, 2).blocks()).isEqualTo(2);
        assertThat(gemm.schedule(p, Pass.WEIGHT_GRAD, 7).blocks()).isEqualTo(4);
        float[] x = Tensor.uniform(5, -1, 1, p.bigShape()).data();
        float[] gy = Tensor.uniform(6, -1, 1, p.smallShape()).data();
        float[] one = new float[24 * 40 * 9];
        gemm.run(p, Pass.WEIGHT_GRAD, x, gy, one, null, 1);
        for (int threads : new int[] {2, 3, 7}) {
            float[] dw = new float[one.length];
            gemm.run(p, Pass.WEIGHT_GRAD, x, gy, dw, null, threads);
            assertThat(dw).as("%d threads", threads).isEqualTo(one);
        }
        assertThat(Oracle.check(gemm, p, Pass.WEIGHT_GRAD, 8)).isNull();
    }

    private static void check(ConvProblem p) {
        for (long budget : new long[] {1, 5, GemmCost.TILE_FLOATS}) {
            for (Pass pass : Pass.values()) {
                assertThat(Oracle.check(new GemmConv(budget, 1), p, pass, budget)).isNull();
            }
        }
    }
}
