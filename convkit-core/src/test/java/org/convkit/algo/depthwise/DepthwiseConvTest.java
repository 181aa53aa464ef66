package org.convkit.algo.depthwise;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The depthwise loops against the reference, pass by pass, on the shapes that stress them. */
class DepthwiseConvTest {
    private final DepthwiseConv dw = new DepthwiseConv();

    /** A depthwise convolution: input (n, c, spatial...), c * mult filters of the given kernel. */
    private static ConvProblem conv(int n, int c, int mult, int[] spatial, int[] kernel, ConvSpec spec) {
        int[] in = new int[spatial.length + 2];
        int[] w = new int[kernel.length + 2];
        in[0] = n;
        in[1] = c;
        System.arraycopy(spatial, 0, in, 2, spatial.length);
        w[0] = c * mult;
        w[1] = 1;
        System.arraycopy(kernel, 0, w, 2, kernel.length);
        return ConvProblem.conv(in, w, spec.withGroups(c));
    }

    private void agrees(ConvProblem p, long seed) {
        assertThat(dw.unsupported(p, Pass.GATHER)).isNull();
        for (Pass pass : Pass.values()) {
            ReferenceCheck.Outcome o = new ReferenceCheck(p, pass, seed, -1).compare(dw);
            assertThat(o.ofBudget()).as("%s of %s %s: error as a fraction of the budget", pass, p.spec(), p.geometry())
                    .isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void theCopyFreeGatherGivesThePaddedLoopsBits() {
        ConvSpec base = ConvSpec.defaults();
        ConvProblem[] taken = {
            conv(2, 3, 1, new int[] {9, 11}, new int[] {3, 3}, base.withPadding(1)),
            conv(1, 2, 3, new int[] {12, 13}, new int[] {3, 3}, base.withDilation(2).withPadding(2).withFlip(true)),
            conv(1, 2, 2, new int[] {8, 9}, new int[] {4, 2}, base.withPadding(Padding.same())),
            conv(1, 3, 1, new int[] {6, 17}, new int[] {5, 5}, base.withPadding(Padding.of(new int[] {1, 3}, new int[] {3, 1}))),
            conv(2, 2, 1, new int[] {40}, new int[] {7}, base.withPadding(3)),
            conv(1, 1, 1, new int[] {5, 5}, new int[] {5, 5}, base.withPadding(2)),
            // planes large enough that runs are rounded up past the interior, into the border
            conv(2, 3, 2, new int[] {37, 45}, new int[] {3, 3}, base.withPadding(1)),
            conv(1, 2, 1, new int[] {30, 33}, new int[] {5, 3}, base.withDilation(2).withPadding(Padding.same())),
            conv(1, 2, 1, new int[] {64, 64}, new int[] {3, 3}, base.withPadding(Padding.of(new int[] {2, 1}, new int[] {0, 1}))),
        };
        for (ConvProblem p : taken) {
            Grid g = new Grid(p, DepthwiseConv.BLOCK_CELLS);
            assertThat(InPlaceGather.of(g)).as("%s %s", p.spec(), p.geometry()).isNotNull();
            float[] big = Tensor.uniform(31, -1, 1, p.bigShape()).data();
            float[] weight = Tensor.uniform(32, -1, 1, p.weightShape()).data();
            float[] bias = Tensor.uniform(33, -1, 1, p.smallChannels()).data();
            float[] inPlace = gather(p, g, true, big, weight, bias);
            assertThat(inPlace).as("%s %s", p.spec(), p.geometry()).isEqualTo(gather(p, g, false, big, weight, bias))
                    .doesNotContain(Float.NaN);
        }
        // not taken: other padding modes, strides, narrower outputs, no interior
        assertThat(InPlaceGather.of(new Grid(conv(1, 2, 1, new int[] {9, 9}, new int[] {3, 3},
                base.withPadding(1).withPaddingMode(PaddingMode.REFLECT)), DepthwiseConv.BLOCK_CELLS))).isNull();
        assertThat(InPlaceGather.of(new Grid(conv(1, 2, 1, new int[] {9, 9}, new int[] {3, 3},
                base.withPadding(1).withStride(2)), DepthwiseConv.BLOCK_CELLS))).isNull();
        assertThat(InPlaceGather.of(new Grid(conv(1, 2, 1, new int[] {9, 9}, new int[] {3, 3}, base),
                DepthwiseConv.BLOCK_CELLS))).isNull();
        assertThat(InPlaceGather.of(new Grid(conv(1, 2, 1, new int[] {2, 2}, new int[] {5, 5}, base.withPadding(2)),
                DepthwiseConv.BLOCK_CELLS))).isNull();
    }

    @Test
    void theChannelBlockedGatherGivesTheRowLoopsBits() {
        ConvSpec base = ConvSpec.defaults();
        // channels past a whole block, strides, dilation, asymmetric padding, flip, 1-D to 3-D, batches
        ConvProblem[] problems = {
            conv(2, 19, 1, new int[] {7, 7}, new int[] {5, 5}, base.withPadding(2)),
            conv(1, 40, 1, new int[] {14, 14}, new int[] {3, 3}, base.withPadding(1).withStride(2)),
            conv(3, 5, 1, new int[] {9, 11}, new int[] {3, 5}, base.withPadding(Padding.of(new int[] {2, 0}, new int[] {1, 3}))
                    .withDilation(2, 1).withFlip(true)),
            conv(1, 33, 1, new int[] {29}, new int[] {7}, base.withPadding(3).withStride(3)),
            conv(2, 17, 1, new int[] {5, 6, 7}, new int[] {3, 3, 3}, base.withPadding(1)),
            conv(1, 8, 1, new int[] {6, 6}, new int[] {3, 3}, base), // no padding: the last cells are not read
            conv(1, 3, 1, new int[] {2, 2}, new int[] {5, 5}, base.withPadding(2)), // a map smaller than its kernel
        };
        long seed = 40;
        for (ConvProblem p : problems) {
            BlockedGather b = BlockedGather.of(p);
            assertThat(b).as("%s %s", p.spec(), p.geometry()).isNotNull();
            float[] big = Tensor.uniform(seed++, -1, 1, p.bigShape()).data();
            float[] weight = Tensor.uniform(seed++, -1, 1, p.weightShape()).data();
            float[] bias = Tensor.uniform(seed++, -1, 1, p.smallChannels()).data();
            float[] loops = gather(p, new Grid(p, DepthwiseConv.BLOCK_CELLS), false, big, weight, bias);
            for (int threads : new int[] {1, 2, 3}) {
                float[] blocked = new float[loops.length];
                java.util.Arrays.fill(blocked, Float.NaN);
                b.run(big, blocked, weight, bias, p.batch(), threads);
                assertThat(blocked).as("%s %s on %d threads", p.spec(), p.geometry(), threads).isEqualTo(loops);
            }
            float[] packed = new float[loops.length];
            b.runPacked(big, packed, b.coefficients(weight), null, p.batch(), 2);
            float[] noBias = gather(p, new Grid(p, DepthwiseConv.BLOCK_CELLS), false, big, weight, null);
            assertThat(packed).as("prepared, no bias").isEqualTo(noBias);
        }
        // not taken: a multiplier, other padding modes, one channel
        assertThat(BlockedGather.of(conv(1, 4, 2, new int[] {7, 7}, new int[] {3, 3}, base.withPadding(1)))).isNull();
        assertThat(BlockedGather.of(conv(1, 4, 1, new int[] {7, 7}, new int[] {3, 3},
                base.withPadding(1).withPaddingMode(PaddingMode.REFLECT)))).isNull();
        assertThat(BlockedGather.of(conv(1, 1, 1, new int[] {7, 7}, new int[] {3, 3}, base.withPadding(1)))).isNull();
    }

    @Test
    void smallMapsWithManyChannelsAgreeWithTheReferenceOnEveryPass() {
        // the shapes the channel-blocked GATHER is chosen for (MobileNet's and EfficientNet's late layers)
        ConvSpec base = ConvSpec.defaults();
        agrees(conv(2, 48, 1, new int[] {7, 7}, new int[] {5, 5}, base.withPadding(2)), 61);
        agrees(conv(1, 64, 1, new int[] {14, 14}, new int[] {5, 5}, base.withPadding(2).withStride(2)), 62);
        agrees(conv(1, 40, 1, new int[] {7, 7}, new int[] {3, 3}, base.withPadding(1).withFlip(true)), 63);
    }

    /** The GATHER loops alone, with or without the copy-free path, on the problem's arrays. */
    private static float[] gather(ConvProblem p, Grid g, boolean inPlace, float[] big, float[] weight, float[] bias) {
        int mult = p.smallChannels() / p.bigChannels();
        ChannelLoops loops = new ChannelLoops(g, mult, p.spec().flip(), inPlace);
        ChannelLoops.Buffers s = loops.buffers(Pass.GATHER);
        float[] small = new float[p.batch() * p.smallChannels() * g.smallVolume()];
        java.util.Arrays.fill(small, Float.NaN);
        int cb = p.bigChannels();
        for (int task = 0; task < p.batch() * cb; task++) {
            int c = task % cb;
            loops.gather(big, task * g.bigVolume(), small, task * mult * g.smallVolume(), weight,
                    c * mult * g.kernelVolume(), bias, c * mult, s);
        }
        return small;
    }

    @Test
    void multipliersOneTwoThree() {
        for (int m = 1; m <= 3; m++) {
            agrees(conv(2, 3, m, new int[] {9, 11}, new int[] {3, 3}, ConvSpec.defaults().withPadding(1)), 10 + m);
        }
    }

    @Test
    void strideDilationAndAsymmetricPadding() {
        ConvSpec base = ConvSpec.defaults();
        agrees(conv(1, 4, 2, new int[] {13, 12}, new int[] {3, 3}, base.withStride(2).withPadding(1)), 20);
        agrees(conv(1, 4, 1, new int[] {13, 12}, new int[] {3, 3}, base.withDilation(2).withPadding(2)), 21);
        agrees(conv(2, 3, 2, new int[] {10, 14}, new int[] {3, 5}, base.withStride(2, 3).withDilation(2, 1)
                .withPadding(Padding.of(new int[] {0, 2}, new int[] {2, 1}))), 22);
        agrees(conv(1, 2, 1, new int[] {8, 9}, new int[] {4, 2}, base.withPadding(Padding.same())), 23);
        // rows one apart but columns strided: one copy per tap for the whole block, from phase-split rows
        agrees(conv(2, 3, 2, new int[] {9, 17}, new int[] {3, 3}, base.withStride(1, 2).withPadding(1)), 25);
        agrees(conv(1, 2, 1, new int[] {7, 23}, new int[] {2, 4}, base.withStride(1, 3).withDilation(1, 2)
                .withPadding(Padding.of(new int[] {1, 3}, new int[] {0, 2})).withPaddingMode(PaddingMode.REFLECT)), 26);
        agrees(conv(1, 2, 3, new int[] {7, 7}, new int[] {3, 3}, base.withPadding(Padding.full()).withFlip(true)), 24);
    }

    @Test
    void everyPaddingModeEvenWiderThanTheInput() {
        int seed = 30;
        for (PaddingMode mode : PaddingMode.values()) {
            ConvSpec spec = ConvSpec.defaults().withPaddingMode(mode);
            agrees(conv(2, 3, 2, new int[] {6, 7}, new int[] {3, 3}, spec.withPadding(1)), seed++);
            agrees(conv(1, 2, 1, new int[] {5, 6}, new int[] {3, 2}, spec.withStride(2)
                    .withPadding(Padding.of(new int[] {2, 0}, new int[] {1, 2}))), seed++);
            // wider than the input: reflect and circular repeat, replicate extends, zeros are zeros
            agrees(conv(1, 2, 2, new int[] {3, 4}, new int[] {3, 3}, spec.withPadding(4).withDilation(2)), seed++);
        }
    }

    @Test
    void oneAndThreeDimensions() {
        ConvSpec spec = ConvSpec.defaults();
        agrees(conv(2, 3, 2, new int[] {41}, new int[] {5}, spec.withPadding(2)), 40);
        agrees(conv(1, 2, 1, new int[] {3000}, new int[] {3}, spec.withPadding(1).withDilation(4)), 41);
        agrees(conv(1, 2, 3, new int[] {37}, new int[] {2}, spec.withStride(3).withPaddingMode(PaddingMode.CIRCULAR)
                .withPadding(Padding.of(new int[] {1}, new int[] {0}))), 42);
        agrees(conv(2, 2, 2, new int[] {5, 6, 7}, new int[] {3, 3, 3}, spec.withPadding(1)), 43);
        agrees(conv(1, 3, 1, new int[] {6, 5, 9}, new int[] {2, 3, 3}, spec.withStride(2, 1, 2).withDilation(1, 2, 1)
                .withPadding(1).withPaddingMode(PaddingMode.REFLECT)), 44);
    }

    @Test
    void tallImagesSpanSeveralBlocksOfRows() {
        // 200 rows of 30: blocks of about 2048 cells hold 64 rows, so four blocks, the last short
        agrees(conv(1, 2, 2, new int[] {200, 30}, new int[] {3, 3}, ConvSpec.defaults().withPadding(1)), 50);
        agrees(conv(1, 2, 1, new int[] {200, 30}, new int[] {3, 3}, ConvSpec.defaults().withPadding(1).withStride(2)), 51);
    }

    @Test
    void transposedDepthwiseConvolutions() {
        // groups = output channels: the big side is the transposed convolution's output
        ConvProblem p = ConvProblem.convTranspose(new int[] {2, 6, 7, 5}, new int[] {6, 1, 3, 3},
                ConvSpec.defaults().withGroups(3).withStride(2).withPadding(1).withOutputPadding(1));
        assertThat(p.groups()).isEqualTo(p.bigChannels());
        for (Pass pass : Pass.values()) {
            assertThat(new ReferenceCheck(p, pass, 60, -1).compare(dw).ofBudget()).as("%s", pass)
                    .isLessThanOrEqualTo(1.0);
        }
    }

    /**
     * Every stride (1 to 3, and different per dimension), dilation 1 and 2, kernels 3 and 5, the
     * multipliers 1 and 2 and every padding mode, on odd sizes (so that run tails and rows narrower
     * than a vector occur), all three passes against the reference: the phase-split rows, the
     * stride-1 runs kept every s2-th, the upsampled SCATTER and the dots of WEIGHT_GRAD.
     */
    @Test
    void everyStrideDilationKernelMultiplierAndMode() {
        int seed = 100;
        int compared = 0;
        for (PaddingMode mode : PaddingMode.values()) {
            for (int[] stride : new int[][] {{1, 1}, {2, 2}, {3, 3}, {2, 1}, {1, 3}, {3, 2}}) {
                for (int dil = 1; dil <= 2; dil++) {
                    for (int k : new int[] {3, 5}) {
                        for (int mult = 1; mult <= 2; mult++) {
                            int pad = (k - 1) * dil / 2;
                            ConvSpec spec = ConvSpec.defaults().withPaddingMode(mode).withStride(stride)
                                    .withDilation(dil).withPadding(pad);
                            agrees(conv(2, 3, mult, new int[] {13, 11}, new int[] {k, k}, spec), seed++);
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(4 * 6 * 2 * 2 * 2);
    }

    @Test
    void stridedLayersOfRealNetworksAtTheirSizes() {
        ConvSpec base = ConvSpec.defaults();
        // MobileNetV2 / EfficientNet shapes, fewer channels: 3x3 and 5x5 at stride 2, the output
        // odd-sized or not, several blocks of rows
        agrees(conv(1, 3, 1, new int[] {112, 112}, new int[] {3, 3}, base.withStride(2).withPadding(1)), 200);
        agrees(conv(2, 2, 1, new int[] {28, 28}, new int[] {5, 5}, base.withStride(2).withPadding(2)), 201);
        agrees(conv(1, 4, 1, new int[] {14, 14}, new int[] {5, 5}, base.withStride(2).withPadding(2)), 202);
        agrees(conv(1, 3, 1, new int[] {7, 7}, new int[] {3, 3}, base.withPadding(1)), 203);
        // 'same' padding at stride 2 is asymmetric (0 before, 1 after for 3x3 on even sizes)
        agrees(conv(1, 2, 1, new int[] {56, 56}, new int[] {3, 3}, base.withStride(2)
                .withPadding(Padding.of(new int[] {0, 0}, new int[] {1, 1}))), 204);
        // tall and narrow, stride 3: many blocks, each of rows three apart
        agrees(conv(1, 2, 2, new int[] {301, 20}, new int[] {3, 3}, base.withStride(3).withPadding(1)), 205);
    }

    @Test
    void oneAndThreeDimensionalStridesAndModes() {
        ConvSpec spec = ConvSpec.defaults();
        int seed = 300;
        for (PaddingMode mode : PaddingMode.values()) {
            ConvSpec m = spec.withPaddingMode(mode);
            agrees(conv(2, 3, 2, new int[] {97}, new int[] {5}, m.withStride(2).withPadding(2)), seed++);
            agrees(conv(1, 2, 1, new int[] {101}, new int[] {3}, m.withStride(3).withDilation(2).withPadding(2)), seed++);
            agrees(conv(1, 2, 2, new int[] {7, 9, 11}, new int[] {3, 3, 3}, m.withStride(2).withPadding(1)), seed++);
            agrees(conv(2, 2, 1, new int[] {6, 7, 9}, new int[] {3, 5, 3}, m.withStride(2, 1, 3).withDilation(1, 1, 2)
                    .withPadding(Padding.of(new int[] {1, 2, 1}, new int[] {0, 2, 2}))), seed++);
        }
    }

    @Test
    void rowsLongerThanOneDotsCallCanTake() {
        // WEIGHT_GRAD splits a row's run into pieces of FLUSH_CHUNKS chunks: 1-D rows of 10007 and 20011
        ConvSpec spec = ConvSpec.defaults();
        agrees(conv(1, 2, 1, new int[] {10007}, new int[] {3}, spec.withStride(2).withPadding(1)), 400);
        agrees(conv(2, 1, 2, new int[] {20011}, new int[] {5}, spec.withPadding(2).withPaddingMode(PaddingMode.REFLECT)), 401);
    }

    @Test
    void aPreparedPassGivesTheBitsOfARun() {
        ConvProblem[] problems = {
            conv(2, 5, 2, new int[] {17, 19}, new int[] {3, 3}, ConvSpec.defaults().withStride(2).withPadding(1)),
            conv(1, 6, 1, new int[] {9, 9}, new int[] {3, 3}, ConvSpec.defaults().withPadding(1)),
            conv(1, 3, 1, new int[] {20, 21}, new int[] {5, 5}, ConvSpec.defaults().withStride(2).withPadding(2)
                    .withPaddingMode(PaddingMode.REFLECT)),
        };
        for (ConvProblem p : problems) {
            for (Pass pass : new Pass[] {Pass.GATHER, Pass.SCATTER}) {
                ReferenceCheck check = new ReferenceCheck(p, pass, 80, -1);
                float[] big = Tensor.uniform(81, -1, 1, p.bigShape()).data();
                float[] small = Tensor.uniform(82, -1, 1, p.smallShape()).data();
                float[] weight = Tensor.uniform(83, -1, 1, p.weightShape()).data();
                float[] bias = Tensor.uniform(84, -1, 1, pass == Pass.GATHER ? p.smallChannels() : p.bigChannels()).data();
                float[] b1 = big.clone();
                float[] s1 = small.clone();
                dw.run(p, pass, b1, s1, weight, bias, 2);
                float[] b2 = big.clone();
                float[] s2 = small.clone();
                dw.prepare(p, pass, weight, 2).run(b2, s2, bias);
                assertThat(pass == Pass.GATHER ? s2 : b2).as("%s %s", pass, p.geometry())
                        .containsExactly(pass == Pass.GATHER ? s1 : b1);
                assertThat(check.compare(dw).ofBudget()).isLessThanOrEqualTo(1.0);
            }
        }
    }

    @Test
    void bitwiseTheSameOnAnyNumberOfThreads() {
        ConvProblem[] problems = {
            conv(2, 16, 2, new int[] {40, 40}, new int[] {3, 3}, ConvSpec.defaults().withPadding(1)),
            conv(3, 24, 1, new int[] {29, 31}, new int[] {5, 5}, ConvSpec.defaults().withStride(2).withPadding(2)),
            conv(8, 10, 1, new int[] {9, 9}, new int[] {3, 3}, ConvSpec.defaults().withStride(2).withPadding(1)
                    .withPaddingMode(PaddingMode.CIRCULAR)),
        };
        for (ConvProblem p : problems) {
            for (Pass pass : Pass.values()) {
                ReferenceCheck check = new ReferenceCheck(p, pass, 70, -1);
                float[] one = check.run(dw, 1);
                for (int t = 2; t <= 4; t++) {
                    assertThat(check.run(dw, t)).as("%s of %s on %d threads", pass, p.geometry(), t).containsExactly(one);
                }
            }
        }
    }

    @Test
    void theWeightGradientsBudgetDoesNotGrowWithTheImage() {
        ConvProblem p = conv(4, 2, 1, new int[] {300, 300}, new int[] {3, 3}, ConvSpec.defaults().withPadding(1));
        assertThat(dw.errorBound(p, Pass.WEIGHT_GRAD)).isEqualTo(34);
        assertThat(dw.errorBound(p, Pass.GATHER)).isEqualTo(11);
    }

    @Test
    void declinesGroupedConvolutionsThatAreNotDepthwise() {
        ConvProblem grouped = ConvProblem.conv(new int[] {1, 4, 5, 5}, new int[] {4, 2, 3, 3},
                ConvSpec.defaults().withGroups(2));
        assertThat(dw.unsupported(grouped, Pass.GATHER)).contains("groups 2").contains("4");
    }
}
