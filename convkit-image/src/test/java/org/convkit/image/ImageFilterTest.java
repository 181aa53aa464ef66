package org.convkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.plan.Plan;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFilterTest {
    /** Per-output budget, in units of 2^-24 sum |x w|: float accumulation over at most a few thousand taps. */
    private static final double BUDGET = 64;

    @ParameterizedTest
    @EnumSource(PaddingMode.class)
    void identityReturnsTheImage(PaddingMode border) {
        Tensor image = TestImage.rgb(40);
        assertThat(ImageFilter.apply(image, NamedKernels.named("identity"), border)).isEqualTo(image);
        Tensor plane = Tensor.uniform(9, 0, 1, 5, 8);
        assertThat(ImageFilter.apply(plane, NamedKernels.named("identity"), border)).isEqualTo(plane);
    }

    /** Row [1 2 3 4] with the taps [1 10 100]: y[j] = x[j-1] + 10 x[j] + 100 x[j+1], the borders by hand. */
    @ParameterizedTest
    @CsvSource({
        "zeros,     210, 321, 432,  43",   // x[-1] = 0, x[4] = 0
        "reflect,   212, 321, 432, 343",   // x[-1] = x[1] = 2, x[4] = x[2] = 3: the edge is not repeated
        "replicate, 211, 321, 432, 443",   // x[-1] = x[0] = 1, x[4] = x[3] = 4
        "circular,  214, 321, 432, 143",   // x[-1] = x[3] = 4, x[4] = x[0] = 1
    })
    void eachBorderByHand(String border, float y0, float y1, float y2, float y3) {
        PaddingMode mode = PaddingMode.parse(border);
        Tensor row = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4);
        Tensor taps = Tensor.of(new float[] {1, 10, 100}, 1, 3);
        assertThat(ImageFilter.apply(row, taps, mode).data()).containsExactly(y0, y1, y2, y3);
        // the same along the other axis
        Tensor column = row.reshape(1, 4, 1);
        assertThat(ImageFilter.apply(column, taps.reshape(3, 1), mode).data()).containsExactly(y0, y1, y2, y3);
    }

    @Test
    void anEvenKernelPutsItsExtraTapAfterTheAnchor() {
        // anchor (2 - 1) / 2 = 0: y[j] = x[j] + 10 x[j+1]
        Tensor row = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4);
        assertThat(ImageFilter.apply(row, Tensor.of(new float[] {1, 10}, 1, 2), PaddingMode.ZEROS).data())
                .containsExactly(21, 32, 43, 4);
        // anchor (4 - 1) / 2 = 1: y[j] = x[j-1] + 10 x[j] + 100 x[j+1] + 1000 x[j+2]
        assertThat(ImageFilter.apply(row, Tensor.of(new float[] {1, 10, 100, 1000}, 1, 4), PaddingMode.ZEROS).data())
                .containsExactly(3210, 4321, 432, 43);
    }

    @ParameterizedTest
    @CsvSource({"3, 3", "4, 2", "5, 1", "1, 6", "2, 2", "7, 7", "19, 19"})
    void everyBorderAgreesWithPlainLoopsAndTheReferenceEngine(int kh, int kw) {
        Tensor image = Tensor.uniform(kh * 31 + kw, 0, 1, 3, 13, 17);
        Tensor kernel = Tensor.uniform(kh * 7 + kw, -1, 1, kh, kw);
        for (PaddingMode border : PaddingMode.values()) {
            double[][] oracle = plainLoops(image, kernel, border);
            Tensor fast = ImageFilter.apply(image, kernel, border);
            Tensor reference = ImageFilter.apply(image, kernel, border,
                    ConvOptions.defaults().withAlgorithm(Algorithm.REFERENCE));
            assertThat(fast.shape()).containsExactly(3, 13, 17);
            assertWithinBudget(fast, oracle, border + " " + kh + "x" + kw);
            assertWithinBudget(reference, oracle, "reference " + border + " " + kh + "x" + kw);
        }
    }

    /** On the default test image the planner's costs favour the two 1-D passes for every rank-1 kernel. */
    @ParameterizedTest
    @ValueSource(strings = {"gaussian:1", "gaussian:2.5", "box:3", "box:6", "sobel-x", "sobel-y", "scharr-x", "identity"})
    void rankOneKernelsRunAsSeparablePasses(String name) {
        Kernel k = NamedKernels.named(name);
        for (PaddingMode border : PaddingMode.values()) {
            Plan plan = ImageFilter.plan(new int[] {3, TestImage.DEFAULT_SIZE, TestImage.DEFAULT_SIZE}, k.weights(),
                    border, ConvOptions.defaults());
            assertThat(plan.algorithm()).as(plan.explain()).isEqualTo(Algorithm.SEPARABLE);
            assertThat(plan.explain()).contains("chosen: separable");
        }
    }

    /** Forced, so that the separable passes are compared whatever the planner prefers at this size. */
    @ParameterizedTest
    @ValueSource(strings = {"gaussian:1", "gaussian:2.5", "box:3", "box:6", "sobel-x", "sobel-y", "scharr-x", "identity"})
    void separablePassesMatchThePlainLoops(String name) {
        Kernel k = NamedKernels.named(name);
        Tensor image = TestImage.rgb(96);
        ConvOptions separable = ConvOptions.defaults().withAlgorithm(Algorithm.SEPARABLE);
        for (PaddingMode border : PaddingMode.values()) {
            assertWithinBudget(ImageFilter.apply(image, k.weights(), border, separable),
                    plainLoops(image, k.weights(), border), name + " " + border);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"laplacian", "sharpen", "emboss", "motion:9:30"})
    void otherKernelsAreNotSeparable(String name) {
        Plan plan = ImageFilter.plan(new int[] {1, 64, 64}, NamedKernels.named(name).weights(), PaddingMode.REFLECT,
                ConvOptions.defaults());
        assertThat(plan.algorithm()).isNotEqualTo(Algorithm.SEPARABLE);
        assertThat(plan.explain()).contains("separable  cannot: the kernel does not split into a column times a row: its slice [0, 0]");
    }

    @Test
    void aKernelWiderThanTheImageStillWorksWithEveryBorder() {
        Tensor image = Tensor.uniform(4, 0, 1, 2, 3, 4);
        Tensor kernel = NamedKernels.gaussian(3); // 19 x 19
        for (PaddingMode border : PaddingMode.values()) {
            assertWithinBudget(ImageFilter.apply(image, kernel, border), plainLoops(image, kernel, border),
                    border.toString());
        }
    }

    /** A one-hot kernel with the circular border is a cyclic shift of the image, whatever its size. */
    @Property(tries = 40)
    void aOneHotKernelWithTheCircularBorderRollsTheImage(@ForAll @IntRange(min = 1, max = 12) int h,
            @ForAll @IntRange(min = 1, max = 12) int w, @ForAll @IntRange(min = 1, max = 7) int kh,
            @ForAll @IntRange(min = 1, max = 7) int kw, @ForAll @IntRange(min = 0, max = 48) int hot) {
        int u = hot % kh;
        int v = (hot / kh) % kw;
        Tensor image = Tensor.uniform(h * 13 + w, 0, 1, 2, h, w);
        Tensor kernel = Tensor.zeros(kh, kw);
        kernel.set(1f, u, v);
        Tensor y = ImageFilter.apply(image, kernel, PaddingMode.CIRCULAR);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    float expected = image.get(c, Math.floorMod(i + u - (kh - 1) / 2, h),
                            Math.floorMod(j + v - (kw - 1) / 2, w));
                    // FFT may be chosen for the larger kernels: exact within its rounding, not bitwise
                    assertThat(y.get(c, i, j)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6f));
                }
            }
        }
    }

    @Test
    void notANumberPropagatesToTheOutputsThatReadIt() {
        Tensor image = Tensor.full(0.5f, 1, 7, 7);
        image.set(Float.NaN, 0, 3, 3);
        Tensor y = ImageFilter.apply(image, NamedKernels.named("box:3"), PaddingMode.ZEROS);
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                boolean reads = Math.abs(i - 3) <= 1 && Math.abs(j - 3) <= 1;
                assertThat(Float.isNaN(y.get(0, i, j))).as("(%d, %d)", i, j).isEqualTo(reads);
            }
        }
    }

    @Test
    void badShapesAreNamed() {
        assertThatThrownBy(() -> ImageFilter.apply(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(3, 3), PaddingMode.ZEROS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(C, H, W) or (H, W)")
                .hasMessageContaining("[1, 1, 4, 4]");
        assertThatThrownBy(() -> ImageFilter.apply(Tensor.zeros(1, 4, 4), Tensor.zeros(1, 3, 3), PaddingMode.ZEROS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-D (kh, kw)")
                .hasMessageContaining("[1, 3, 3]");
    }

    /**
     * The definition, in double: y[c, i, j] = sum w[u, v] x[c, src(i + u - ah), src(j + v - aw)], the
     * source cell from the border's own map; index [0] holds y, [1] sum |x w| for the budget.
     */
    static double[][] plainLoops(Tensor image, Tensor kernel, PaddingMode border) {
        int c = image.size(0);
        int h = image.size(1);
        int w = image.size(2);
        int kh = kernel.size(0);
        int kw = kernel.size(1);
        double[] y = new double[c * h * w];
        double[] abs = new double[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double s = 0;
                    double a = 0;
                    for (int u = 0; u < kh; u++) {
                        int si = border.source(i + u - (kh - 1) / 2, h);
                        for (int v = 0; v < kw; v++) {
                            int sj = border.source(j + v - (kw - 1) / 2, w);
                            double x = si < 0 || sj < 0 ? 0 : image.get(ch, si, sj);
                            s += x * kernel.get(u, v);
                            a += Math.abs(x * kernel.get(u, v));
                        }
                    }
                    y[(ch * h + i) * w + j] = s;
                    abs[(ch * h + i) * w + j] = a;
                }
            }
        }
        return new double[][] {y, abs};
    }

    static void assertWithinBudget(Tensor actual, double[][] oracle, String what) {
        float[] a = actual.data();
        assertThat(a).hasSize(oracle[0].length);
        for (int i = 0; i < a.length; i++) {
            double budget = BUDGET * 0x1p-24 * oracle[1][i] + Float.MIN_NORMAL;
            assertThat(Math.abs(a[i] - oracle[0][i])).as("%s at %d: %s vs %s", what, i, a[i], oracle[0][i])
                    .isLessThanOrEqualTo(budget);
        }
    }
}
