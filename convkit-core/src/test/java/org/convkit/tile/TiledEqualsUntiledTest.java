package org.convkit.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.convkit.Algorithm;
import org.convkit.Conv;
import org.convkit.ConvOptions;
import org.convkit.ConvTranspose;
import org.convkit.Pool;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The stitched result of every tile equals the untiled one, over every padding mode, stride,
 * dilation, several paddings (explicit asymmetric and words) and 1-D, 2-D and 3-D, with tile sizes
 * that do and do not divide the output (1, 2, 3 cells). Bitwise where the tiles run the same sums
 * in the same order (convolution, pooling, transposed convolution with zeros); otherwise within
 * the budget of one extra rounding per folded border run. Each test counts what it compared, so a
 * loop that stopped early cannot pass.
 */
class TiledEqualsUntiledTest {
    private static final double U = 0x1p-24;
    private static final int[][] SPATIAL = {{11}, {9, 8}, {5, 6, 7}};
    private static final int[] TILE_SIZES = {1, 2, 3};
    private static final ConvOptions REFERENCE = ConvOptions.defaults().withAlgorithm(Algorithm.REFERENCE);

    private static List<Padding> paddings() {
        return List.of(Padding.of(new int[] {2}, new int[] {1}), Padding.same(), Padding.full(), Padding.of(0));
    }

    private static int[] batched(int n, int c, int[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = n;
        s[1] = c;
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }

    private static int[] kernelShape(int out, int in, int dims, int k) {
        int[] s = new int[dims + 2];
        s[0] = out;
        s[1] = in;
        for (int d = 0; d < dims; d++) {
            s[d + 2] = k;
        }
        return s;
    }

    /** The spec cases that fit: a kernel too wide for a dimension is the untiled operation's error too. */
    private static List<ConvSpec> convSpecs() {
        List<ConvSpec> specs = new ArrayList<>();
        for (PaddingMode mode : PaddingMode.values()) {
            for (int stride = 1; stride <= 3; stride++) {
                for (int dilation = 1; dilation <= 2; dilation++) {
                    for (Padding p : paddings()) {
                        specs.add(ConvSpec.defaults().withStride(stride).withDilation(dilation).withPadding(p)
                                .withPaddingMode(mode));
                    }
                }
            }
        }
        return specs;
    }

    @Test
    void convolutionTilesAreBitwiseTheUntiledConvolution() {
        int compared = 0;
        long seed = 1;
        for (int[] spatial : SPATIAL) {
            int dims = spatial.length;
            for (ConvSpec spec : convSpecs()) {
                Tensor x = Tensor.uniform(seed++, -1, 1, batched(2, 2, spatial));
                Tensor w = Tensor.uniform(seed++, -1, 1, kernelShape(3, 2, dims, 3));
                Tensor b = Tensor.uniform(seed++, -1, 1, 3);
                Tensor untiled = Conv.forward(x, w, b, spec, REFERENCE);
                ConvTiles op = new ConvTiles(x.shape(), w, b, spec, REFERENCE);
                for (int t : TILE_SIZES) {
                    Tensor tiled = TileRunner.apply(op, x, t);
                    assertThat(tiled.shape()).as("%s %s tile %d", spec, untiled, t).isEqualTo(untiled.shape());
                    assertThat(tiled.data()).as("%s tile %d", spec, t).isEqualTo(untiled.data());
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(SPATIAL.length * convSpecs().size() * TILE_SIZES.length);
    }

    @Test
    void groupedTrueConvolutionTilesUnbatched() {
        ConvSpec spec = ConvSpec.defaults().withGroups(2).withFlip(true).withStride(2, 1).withDilation(1, 2)
                .withPadding(Padding.same()).withPaddingMode(PaddingMode.REFLECT);
        Tensor x = Tensor.uniform(7, -1, 1, 4, 13, 10);
        Tensor w = Tensor.uniform(8, -1, 1, 6, 2, 3, 2);
        Tensor untiled = Conv.forward(x, w, null, spec, REFERENCE);
        Tensor tiled = TileRunner.apply(new ConvTiles(x.shape(), w, null, spec, REFERENCE), x, 4, 3);
        assertThat(tiled.data()).isEqualTo(untiled.data());
    }

    /**
     * Every convolution algorithm that takes the problem, and the planner's own choice, gives the
     * untiled bits: the tiles run the algorithm the untiled problem runs (the planner is asked once,
     * for the whole problem), whose sums do not depend on where a tile starts. Transposed: bitwise
     * with the reference engine and the depthwise kernel; the GEMM scatter within its budget.
     */
    @Test
    void everyAlgorithmTilesBitwise() {
        int compared = 0;
        int comparedTransposed = 0;
        for (Algorithm a : Algorithm.values()) {
            for (int groups : new int[] {1, 4}) {
                ConvSpec spec = ConvSpec.defaults().withPadding(Padding.same()).withGroups(groups);
                ConvSpec specT = spec.withStride(2);
                Tensor x = Tensor.uniform(groups, -1, 1, 2, 4, 37, 41);
                Tensor w = Tensor.uniform(groups + 1, -1, 1, 4, 4 / groups, 3, 3);
                ConvOptions o = ConvOptions.defaults().withAlgorithm(a);
                Tensor untiled = declinedOrRun(() -> Conv.forward(x, w, null, spec, o));
                Tensor untiledT = declinedOrRun(() -> ConvTranspose.forward(x, w, null, specT, o));
                for (int t : new int[] {8, 16}) {
                    if (untiled != null) {
                        assertThat(TileRunner.apply(new ConvTiles(x.shape(), w, null, spec, o), x, t).data())
                                .as("%s groups %d tile %d", a, groups, t).isEqualTo(untiled.data());
                        compared++;
                    }
                    if (untiledT != null) {
                        Tensor tiledT = TileRunner.apply(new ConvTransposeTiles(x.shape(), w, null, specT, o), x, t);
                        if (ConvTranspose.plan(x.shape(), w, specT, o).algorithm() == Algorithm.GEMM) {
                            // its scatter (col2im) rounds differently once the window moves: 1 ulp seen
                            Tensor scale = ConvTranspose.forward(abs(x), abs(w), null, specT, REFERENCE);
                            assertWithin(tiledT, untiledT, scale, 2 * (4 * 9 + 2), "transposed " + a + " tile " + t);
                        } else {
                            assertThat(tiledT.data()).as("transposed %s groups %d tile %d", a, groups, t)
                                    .isEqualTo(untiledT.data());
                        }
                        comparedTransposed++;
                    }
                }
            }
        }
        // auto, reference, gemm, implicit, fft, direct, and winograd (groups 1) or depthwise (groups 4)
        assertThat(compared).isEqualTo(2 * 2 * 7);
        // auto, reference, gemm, and depthwise (groups 4)
        assertThat(comparedTransposed).isEqualTo(2 * 7);
    }

    /** The algorithm's result, or null when it declines the problem (pointwise on a 3x3 kernel...). */
    private static Tensor declinedOrRun(java.util.function.Supplier<Tensor> run) {
        try {
            return run.get();
        } catch (IllegalArgumentException declined) {
            return null;
        }
    }

    @Test
    void transposedConvolutionTilesEqualTheUntiledOne() {
        int compared = 0;
        int bitwise = 0;
        long seed = 100;
        for (int[] spatial : SPATIAL) {
            int dims = spatial.length;
            for (ConvSpec base : convSpecs()) {
                int stride = base.stride(1)[0];
                for (int op = 0; op < Math.max(stride, base.dilation(1)[0]); op += Math.max(1, stride - 1)) {
                    ConvSpec spec = base.padding().word() == Padding.Word.SAME ? base : base.withOutputPadding(op);
                    Tensor x = Tensor.uniform(seed++, -1, 1, batched(2, 3, spatial));
                    Tensor w = Tensor.uniform(seed++, -1, 1, kernelShape(3, 2, dims, 3));
                    Tensor b = Tensor.uniform(seed++, -1, 1, 2);
                    Tensor untiled = ConvTranspose.forward(x, w, b, spec, REFERENCE);
                    Tensor scale = ConvTranspose.forward(abs(x), abs(w), abs(b), spec, REFERENCE);
                    ConvTransposeTiles tiles = new ConvTransposeTiles(x.shape(), w, b, spec, REFERENCE);
                    for (int t : TILE_SIZES) {
                        Tensor tiled = TileRunner.apply(tiles, x, t);
                        assertThat(tiled.shape()).isEqualTo(untiled.shape());
                        if (spec.paddingMode() == PaddingMode.ZEROS) {
                            assertThat(tiled.data()).as("%s tile %d", spec, t).isEqualTo(untiled.data());
                            bitwise++;
                        } else {
                            assertWithin(tiled, untiled, scale, 4, spec + " tile " + t);
                        }
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(SPATIAL.length * convSpecs().size() * TILE_SIZES.length);
        assertThat(bitwise).isGreaterThan(compared / 5);
    }

    /**
     * Max pooling is exact, so any algorithm gives the same bits. Average pooling's fast path keeps
     * running window sums whose order depends on where a row starts: bitwise with the reference
     * engine, within a few roundings of the window sum with the fast path.
     */
    @Test
    void poolingTilesEqualTheUntiledPooling() {
        int bitwise = 0;
        int compared = 0;
        long seed = 500;
        for (int[] spatial : SPATIAL) {
            for (PoolSpec.Kind kind : PoolSpec.Kind.values()) {
                for (int stride = 1; stride <= 3; stride++) {
                    // every kind dilated: average and Lp pooling as ONNX defines them
                    for (int dilation = 1; dilation <= 2; dilation++) {
                        for (int pad = 0; pad <= 1; pad++) {
                            for (boolean ceil : new boolean[] {false, true}) {
                                for (boolean countPad : new boolean[] {false, true}) {
                                    PoolSpec spec = PoolSpec.of(kind, 3).withStride(stride).withDilation(dilation)
                                            .withPadding(pad).withCeilMode(ceil).withCountIncludePad(countPad);
                                    Tensor x = Tensor.uniform(seed++, -1, 1, batched(2, 2, spatial));
                                    for (ConvOptions o : List.of(REFERENCE, ConvOptions.defaults())) {
                                        Tensor untiled = Pool.forward(x, spec, o);
                                        Tensor scale = Pool.forward(abs(x), spec, REFERENCE);
                                        PoolTiles tiles = new PoolTiles(x.shape(), spec, o);
                                        for (int t : TILE_SIZES) {
                                            Tensor tiled = TileRunner.apply(tiles, x, t);
                                            assertThat(tiled.shape()).isEqualTo(untiled.shape());
                                            if (o == REFERENCE || kind == PoolSpec.Kind.MAX) {
                                                assertThat(tiled.data()).as("%s tile %d", spec, t)
                                                        .isEqualTo(untiled.data());
                                                bitwise++;
                                            } else {
                                                assertWithin(tiled, untiled, scale, 2 * 27, spec + " tile " + t);
                                            }
                                            compared++;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // 3 dims x 3 kinds x 3 strides x 2 dilations x 2 paddings x 2 ceil x 2 count x 2 engines x 3
        // tile sizes; every max and every reference comparison bitwise (the default engine runs lp on
        // the reference too, but within the budget is all the test asks of it)
        assertThat(compared).isEqualTo(3 * 18 * 2 * 2 * 2 * 2 * 3);
        assertThat(bitwise).isEqualTo(3 * (6 * 2 + 6 + 6) * 2 * 2 * 2 * 3);
    }

    private static Tensor abs(Tensor t) {
        float[] a = t.data().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return Tensor.of(a, t.shape());
    }

    /** |tiled - untiled| <= c u sum|terms| + 2 u |untiled|: c roundings of partial sums of the same terms. */
    private static void assertWithin(Tensor tiled, Tensor untiled, Tensor scale, double c, String what) {
        float[] got = tiled.data();
        float[] want = untiled.data();
        float[] s = scale.data();
        for (int i = 0; i < got.length; i++) {
            double budget = c * U * s[i] + 2 * U * Math.abs(want[i]);
            assertThat(Math.abs((double) got[i] - want[i])).as("%s element %d: %s vs %s", what, i, got[i], want[i])
                    .isLessThanOrEqualTo(budget);
        }
    }
}
