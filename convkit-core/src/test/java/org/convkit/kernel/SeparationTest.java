package org.convkit.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SeparationTest {
    private static final ConvOptions REF = ConvOptions.defaults().withAlgorithm(Algorithm.REFERENCE);
    private static final double F32 = 0x1p-24;

    static Tensor kernel(double[][] k) {
        float[] d = new float[k.length * k[0].length];
        for (int i = 0; i < k.length; i++) {
            for (int j = 0; j < k[0].length; j++) {
                d[i * k[0].length + j] = (float) k[i][j];
            }
        }
        return Tensor.of(d, k.length, k[0].length);
    }

    static final double[][] SOBEL_X = {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}};
    static final double[][] SOBEL_Y = {{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}};
    static final double[][] PREWITT = {{1, 0, -1}, {1, 0, -1}, {1, 0, -1}};

    @Test
    void sobelSeparatesIntoTheGuidesIntegerFactors() {
        Separation s = Separation.of(kernel(SOBEL_X));
        assertThat(s.rank()).isEqualTo(1);
        assertThat(s.separable()).isTrue();
        assertThat(s.factors().get(0).column()).containsExactly(1, 2, 1);
        assertThat(s.factors().get(0).row()).containsExactly(1, 0, -1);
        assertThat(s.maxError()).isZero();
        // the guide's count: 9 parameters against 6
        assertThat(s.parameters()).isEqualTo(new Separation.Count(9, 6));
        assertThat(s.multipliesPerOutput().ratio()).isCloseTo(6.0 / 9, within(1e-15));

        Separation y = Separation.of(kernel(SOBEL_Y));
        assertThat(y.factors().get(0).column()).containsExactly(1, 0, -1);
        assertThat(y.factors().get(0).row()).containsExactly(1, 2, 1);
        Separation p = Separation.of(kernel(PREWITT));
        assertThat(p.rank()).isEqualTo(1);
        assertThat(p.factors().get(0).column()).containsExactly(1, 1, 1);
        assertThat(p.factors().get(0).row()).containsExactly(1, 0, -1);
        assertThat(p.maxError()).isZero();
    }

    @Test
    void integerFactorsCarryTheKernelsCommonFactorAndSign() {
        // -2 * ([1, 3] (x) [2, -1, 4]): the row is reduced to primitive, positive first; the column takes the rest
        double[][] k = {{-4, 2, -8}, {-12, 6, -24}};
        Factors f = Separation.of(kernel(k)).factors().get(0);
        assertThat(f.row()).containsExactly(2, -1, 4);
        assertThat(f.column()).containsExactly(-2, -6);
    }

    @Test
    void scaledSobelGivesScaledFactorsSignNormalized() {
        double[][] k = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                k[i][j] = -SOBEL_X[i][j] / 8;
            }
        }
        Separation s = Separation.of(kernel(k));
        assertThat(s.rank()).isEqualTo(1);
        double[] col = s.factors().get(0).column();
        double[] row = s.factors().get(0).row();
        assertThat(row[0]).isPositive();
        assertProportional(row, new double[] {1, 0, -1});
        assertProportional(col, new double[] {1, 2, 1});
        assertThat(s.maxError()).isLessThan(4 * F32 / 8);
    }

    @Test
    void gaussianAndBoxAreRankOneAndComeBackAsTheir1DFactors() {
        double[] g = {1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0};
        double[][] k = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                k[i][j] = g[i] * g[j];
            }
        }
        Separation s = Separation.of(kernel(k));
        assertThat(s.rank()).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(s.factors().get(0).column()[i]).isCloseTo(g[i], within(4 * F32));
            assertThat(s.factors().get(0).row()[i]).isCloseTo(g[i], within(4 * F32));
        }
        assertThat(s.maxError()).isLessThan(4 * F32);
        assertThat(s.rebuild().maxAbsDiff(kernel(k))).isLessThan(4 * F32);

        double[][] box = new double[4][6];
        for (double[] row : box) {
            java.util.Arrays.fill(row, 1 / 24.0);
        }
        Separation b = Separation.of(kernel(box));
        assertThat(b.rank()).isEqualTo(1);
        assertThat(b.maxError()).isLessThan(4 * F32 / 24);
        assertThat(b.parameters()).isEqualTo(new Separation.Count(24, 10));
    }

    @Test
    void aGaussianComputedInFloatIsStillRankOne() {
        // sigma 1.5, 7 taps, computed and rounded in float as a framework would store it
        float[] g = new float[7];
        float sum = 0;
        for (int i = 0; i < 7; i++) {
            g[i] = (float) Math.exp(-(i - 3) * (i - 3) / (2 * 1.5 * 1.5));
            sum += g[i];
        }
        float[] k = new float[49];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                k[i * 7 + j] = (g[i] / sum) * (g[j] / sum);
            }
        }
        Separation s = Separation.of(Tensor.of(k, 7, 7));
        assertThat(s.rank()).isEqualTo(1);
        assertThat(s.singularValues()[1] / s.singularValues()[0]).isLessThan(Separation.defaultTolerance(new int[] {7, 7}));
    }

    @Property(tries = 50)
    void randomKernelsHaveFullRank(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int k1 = 2 + r.nextInt(6);
        int k2 = 2 + r.nextInt(6);
        Tensor k = Tensor.uniform(r.nextLong(), -1, 1, k1, k2);
        Separation s = Separation.of(k);
        assertThat(s.rank()).isEqualTo(Math.min(k1, k2));
        assertThat(s.separable()).isFalse();
        assertThat(s.maxError()).isLessThan(1e-13);
        assertThat(s.approximation(1).maxError()).isGreaterThan(1e-3);
    }

    @Test
    void aConstructedRankTwoKernelGivesTwoPairs() {
        // [1,2,1]^T [1,0,-1] + [1,-1,0]^T [0,1,1]: independent columns and rows
        double[] c1 = {1, 2, 1};
        double[] r1 = {1, 0, -1};
        double[] c2 = {1, -1, 0};
        double[] r2 = {0, 1, 1};
        double[][] k = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                k[i][j] = c1[i] * r1[j] + c2[i] * r2[j];
            }
        }
        Separation s = Separation.of(kernel(k));
        assertThat(s.rank()).isEqualTo(2);
        assertThat(s.separable()).isFalse();
        assertThat(s.factors()).hasSize(2);
        assertThat(s.maxError()).isLessThan(1e-14);
        assertThat(s.parameters()).isEqualTo(new Separation.Count(9, 12));
        // one pair is not enough; the best one leaves the second singular value's worth
        Separation.Approximation one = s.approximation(1);
        assertThat(one.factors()).hasSize(1);
        assertThat(one.maxError()).isGreaterThan(0.1);
        assertThat(s.approximation(2).maxError()).isLessThan(1e-14);
        assertThat(s.approximation(0).maxError()).isEqualTo(3.0); // k[1][2] = -2 - 1
    }

    @Test
    void aLooseToleranceDropsTheSmallTerm() {
        double[][] k = {{1, 0}, {0, 1e-4}};
        assertThat(Separation.of(kernel(k)).rank()).isEqualTo(2);
        Separation loose = Separation.of(kernel(k), 1e-3);
        assertThat(loose.rank()).isEqualTo(1);
        assertThat(loose.maxError()).isCloseTo(1e-4, within(1e-9));
    }

    @Test
    void zeroKernelHasRankZero() {
        Separation s = Separation.of(Tensor.zeros(3, 3));
        assertThat(s.rank()).isZero();
        assertThat(s.separable()).isTrue();
        assertThat(s.factors()).isEmpty();
        assertThat(s.maxError()).isZero();
        Tensor x = Tensor.uniform(1, -1, 1, 1, 2, 5, 5);
        assertThat(s.apply(x, ConvSpec.defaults().withPadding(1)).data()).containsOnly(0f);
    }

    @Test
    void rankOne3DKernelGivesThreeFactors() {
        double[] a = {1, 2, 1};
        double[] b = {1, 0, -1};
        double[] c = {1, 4, 6, 4, 1};
        float[] k = new float[3 * 3 * 5];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 5; l++) {
                    k[(i * 3 + j) * 5 + l] = (float) (a[i] * b[j] * c[l]);
                }
            }
        }
        Separation s = Separation.of(Tensor.of(k, 3, 3, 5));
        assertThat(s.rank()).isEqualTo(1);
        assertThat(s.separable()).isTrue();
        Factors f = s.factors().get(0);
        assertThat(f.depth()).containsExactly(1, 2, 1);
        assertThat(f.column()).containsExactly(1, 0, -1);
        assertThat(f.row()).containsExactly(1, 4, 6, 4, 1);
        assertThat(s.maxError()).isZero();
        assertThat(s.parameters()).isEqualTo(new Separation.Count(45, 11));

        // the same, scaled off the integers: balanced factors still rebuild it to float eps
        for (int i = 0; i < k.length; i++) {
            k[i] *= 0.013f;
        }
        Separation t = Separation.of(Tensor.of(k, 3, 3, 5));
        assertThat(t.rank()).isEqualTo(1);
        assertProportional(t.factors().get(0).depth(), a);
        assertProportional(t.factors().get(0).column(), b);
        assertProportional(t.factors().get(0).row(), c);
        assertThat(t.maxError()).isLessThan(36 * 0.013 * 4 * F32);
    }

    @Property(tries = 30)
    void random3DKernelsAreNotSeparableButTheirTermsRebuildThem(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor k = Tensor.uniform(r.nextLong(), -1, 1, 2 + r.nextInt(3), 2 + r.nextInt(3), 2 + r.nextInt(3));
        Separation s = Separation.of(k);
        assertThat(s.separable()).isFalse();
        assertThat(s.rank()).isGreaterThan(1);
        assertThat(s.maxError()).isLessThan(1e-13);
        assertThatThrownBy(() -> s.approximation(1)).hasMessageContaining("2-D kernels only");
    }

    @Property(tries = 60)
    void factorPassesEqualTheDirectConvolution(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dims = 2 + r.nextInt(2);
        int[] ks = new int[dims];
        for (int d = 0; d < dims; d++) {
            ks[d] = 1 + r.nextInt(4);
        }
        // a random kernel is a sum of several terms (in 3-D, up to k1 * k2 of them), an outer product one
        Tensor k = r.nextBoolean() ? Tensor.uniform(r.nextLong(), -1, 1, ks) : rankOne(r, ks);
        Separation s = Separation.of(k);
        int channels = 1 + r.nextInt(3);
        int[] xs = new int[dims + 2];
        xs[0] = 1 + r.nextInt(2);
        xs[1] = channels;
        for (int d = 0; d < dims; d++) {
            xs[2 + d] = 2 * ks[d] + r.nextInt(5); // room for a dilated kernel without padding
        }
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, xs);
        ConvSpec spec = ConvSpec.defaults().withStride(1 + r.nextInt(2)).withDilation(1 + r.nextInt(2))
                .withPaddingMode(PaddingMode.values()[r.nextInt(4)]).withFlip(r.nextBoolean())
                .withPadding(r.nextBoolean() ? Padding.same() : Padding.of(r.nextInt(2)));
        Tensor direct = Conv.forward(x, depthwise(k, channels), null, spec.withGroups(channels), REF);
        Tensor passes = s.apply(x, spec);
        assertThat(passes.shape()).containsExactly(direct.shape());
        double scale = 0;
        for (float v : x.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        double absSum = 0;
        for (float v : k.data()) {
            absSum += Math.abs(v);
        }
        // float passes: each of the (r + D) accumulations and the factors' rounding, relative to sum |x w|
        double budget = (s.rank() * 4 + 4) * (ks[0] + ks[1] + (dims > 2 ? ks[2] : 0)) * F32
                * scale * Math.max(absSum, 1) * 4;
        assertThat(passes.maxAbsDiff(direct)).isLessThanOrEqualTo(budget);
    }

    @Test
    void sobelAsPassesEqualsTheDirectConvolutionExactly() {
        // integer kernel and integer image: every sum is exact in float, so the passes agree bitwise
        Tensor x = Tensor.zeros(1, 1, 6, 7);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < x.numel(); i++) {
            x.data()[i] = r.nextInt(-50, 50);
        }
        Tensor k = kernel(SOBEL_X);
        Tensor direct = Conv.forward(x, k.reshape(1, 1, 3, 3), null, ConvSpec.defaults().withPadding(1), REF);
        assertThat(Separation.of(k).apply(x, ConvSpec.defaults().withPadding(1)).data()).containsExactly(direct.data());
    }

    @Test
    void errorsNameTheParameter() {
        assertThatThrownBy(() -> Separation.of(Tensor.zeros(3))).hasMessageContaining("2-D (k1, k2) or 3-D");
        assertThatThrownBy(() -> Separation.of(Tensor.zeros(3, 0))).hasMessageContaining("empty");
        assertThatThrownBy(() -> Separation.of(Tensor.zeros(3, 3), -1)).hasMessageContaining("tolerance -1.0");
        assertThatThrownBy(() -> Separation.of(Tensor.zeros(3, 3), Double.NaN)).hasMessageContaining("tolerance NaN");
        Tensor nan = Tensor.zeros(2, 2);
        nan.data()[3] = Float.NaN;
        assertThatThrownBy(() -> Separation.of(nan)).hasMessageContaining("kernel element [1, 1] is NaN");
        Separation s = Separation.of(kernel(SOBEL_X));
        assertThatThrownBy(() -> s.approximation(4)).hasMessageContaining("rank 4 is outside 0..3");
        assertThatThrownBy(() -> s.apply(Tensor.zeros(5, 5), ConvSpec.defaults()))
                .hasMessageContaining("(N, C, 2 spatial)");
        assertThatThrownBy(() -> s.apply(Tensor.zeros(1, 2, 5, 5), ConvSpec.defaults().withGroups(2)))
                .hasMessageContaining("groups 2");
    }

    private static Tensor rankOne(SplittableRandom r, int[] ks) {
        double[][] f = new double[ks.length][];
        for (int d = 0; d < ks.length; d++) {
            f[d] = new double[ks[d]];
            for (int i = 0; i < ks[d]; i++) {
                f[d][i] = r.nextDouble(-1, 1);
            }
        }
        return outer(f);
    }

    /** The outer product of 1-D factors, one per dimension, rounded once to float. */
    static Tensor outer(double[][] f) {
        int[] ks = new int[f.length];
        for (int d = 0; d < f.length; d++) {
            ks[d] = f[d].length;
        }
        Tensor k = Tensor.zeros(ks);
        for (int t = 0; t < k.numel(); t++) {
            int[] at = Ints.coords(t, ks);
            double v = 1;
            for (int d = 0; d < ks.length; d++) {
                v *= f[d][at[d]];
            }
            k.data()[t] = (float) v;
        }
        return k;
    }

    /** The kernel (k...) as a depthwise weight (C, 1, k...). */
    private static Tensor depthwise(Tensor k, int channels) {
        int[] shape = new int[k.rank() + 2];
        shape[0] = channels;
        shape[1] = 1;
        System.arraycopy(k.shape(), 0, shape, 2, k.rank());
        float[] w = new float[channels * k.numel()];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(k.data(), 0, w, c * k.numel(), k.numel());
        }
        return Tensor.of(w, shape);
    }

    private static void assertProportional(double[] got, double[] want) {
        int pivot = 0;
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i]) > Math.abs(want[pivot])) {
                pivot = i;
            }
        }
        double scale = got[pivot] / want[pivot];
        assertThat(scale).isNotZero();
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).isCloseTo(scale * want[i], within(1e-6 * Math.abs(scale)));
        }
    }
}
