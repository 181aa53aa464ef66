package org.convkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeometryTest {
    private static final int[] N7 = {7};
    private static final int[] K3 = {3};

    @Test
    void convolutionOutputFollowsTheFormula() {
        Geometry g = Geometry.conv(new int[] {7, 7}, new int[] {3, 3}, ConvSpec.defaults().withStride(2));
        assertThat(g.output()).containsExactly(3, 3);
        assertThat(g.explain()).contains("height: ").contains("floor((7 + 0 + 0 - 1*2 - 1)/2) + 1 = floor(4/2) + 1 = 3");
    }

    @Test
    void samePaddingWorksWithStrideAndPutsTheOddCellAfter() {
        Geometry g = Geometry.conv(N7, K3, ConvSpec.defaults().withStride(2).withPadding(Padding.same()));
        assertThat(g.output()).containsExactly(4); // ceil(7/2)
        assertThat(g.padBefore()).containsExactly(1);
        assertThat(g.padAfter()).containsExactly(1);
        Geometry even = Geometry.conv(new int[] {8}, K3, ConvSpec.defaults().withStride(2).withPadding(Padding.same()));
        assertThat(even.output()).containsExactly(4);
        assertThat(even.padBefore()).containsExactly(0); // total 1: TensorFlow puts it after
        assertThat(even.padAfter()).containsExactly(1);
        assertThat(even.explain()).contains("padding 'same' gives 0 before and 1 after");
    }

    @Test
    void fullAndCausalPaddingDependOnTheDilatedSpan() {
        ConvSpec d2 = ConvSpec.defaults().withDilation(2);
        Geometry full = Geometry.conv(N7, K3, d2.withPadding(Padding.full()));
        assertThat(full.padBefore()).containsExactly(4);
        assertThat(full.output()).containsExactly(7 + 4);
        Geometry causal = Geometry.conv(N7, K3, d2.withPadding(Padding.causal()));
        assertThat(causal.padBefore()).containsExactly(4);
        assertThat(causal.padAfter()).containsExactly(0);
        assertThat(causal.output()).containsExactly(7);
    }

    @Test
    void transposedOutputFollowsTheFormulaAndSameGivesInputTimesStride() {
        Geometry t = Geometry.convTranspose(new int[] {2}, K3, ConvSpec.defaults().withStride(2));
        assertThat(t.output()).containsExactly(5);
        assertThat(t.explain()).contains("(2 - 1)*2 - 0 - 0 + 1*2 + 0 + 1 = 5");
        for (int s = 1; s <= 4; s++) {
            for (int k = 1; k <= 5; k++) {
                Geometry same = Geometry.convTranspose(new int[] {6}, new int[] {k},
                        ConvSpec.defaults().withStride(s).withPadding(Padding.same()));
                assertThat(same.output()).as("k=%d s=%d", k, s).containsExactly(6 * s);
                // and it is the adjoint of 'same' on the n*s input
                Geometry fwd = Geometry.conv(new int[] {6 * s}, new int[] {k},
                        ConvSpec.defaults().withStride(s).withPadding(Padding.same()));
                assertThat(fwd.output()).containsExactly(6);
                assertThat(fwd.padBefore()).isEqualTo(same.padBefore());
                assertThat(fwd.padAfter()).isEqualTo(same.padAfter());
            }
        }
    }

    @Test
    void poolingCeilModeDropsAWindowThatWouldStartInTheRightPadding() {
        PoolSpec p = PoolSpec.max(2).withStride(2).withPadding(1).withCeilMode(true);
        Geometry g = Geometry.pool(new int[] {4}, p);
        // ceil((4 + 2 - 2)/2) + 1 = 3; the third window starts at 4 - 1 = 3 < 4 + 1, kept
        assertThat(g.output()).containsExactly(3);
        Geometry h = Geometry.pool(new int[] {5}, PoolSpec.max(2).withStride(2).withCeilMode(true));
        assertThat(h.output()).containsExactly(3);
        Geometry dropped = Geometry.pool(new int[] {4}, PoolSpec.max(3).withStride(3).withPadding(1).withCeilMode(true));
        // ceil((4 + 2 - 3)/3) + 1 = 2, and window 2 starts at 3 < 5: kept
        assertThat(dropped.output()).containsExactly(2);
        Geometry drop = Geometry.pool(new int[] {6}, PoolSpec.max(2).withStride(5).withPadding(1).withCeilMode(true));
        // ceil((6 + 2 - 2)/5) + 1 = 3, but window 3 would start at 10 >= 6 + 1: dropped
        assertThat(drop.output()).containsExactly(2);
        assertThat(drop.explain()).contains("less one");
    }

    @Test
    void aKernelLargerThanThePaddedInputIsRefusedWithTheNumbersAndAFix() {
        assertThatThrownBy(() -> Geometry.conv(new int[] {5}, new int[] {7}, ConvSpec.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernel 7 with dilation 1 spans 7 cells but the padded input has 5")
                .hasMessageContaining("padding 1 on each side would make this fit");
        assertThatThrownBy(() -> Geometry.conv(new int[] {5, 9}, new int[] {3, 3}, ConvSpec.defaults().withDilation(1, 5)))
                .hasMessageContaining("spans 11 cells").hasMessageContaining("spatial dimension 1 (width)");
    }

    @Test
    void badParametersAreRefusedByName() {
        assertThatThrownBy(() -> ConvSpec.defaults().withStride(0)).hasMessageContaining("stride must be at least 1, got 0");
        assertThatThrownBy(() -> ConvSpec.defaults().withGroups(0)).hasMessageContaining("groups");
        assertThatThrownBy(() -> Geometry.conv(N7, K3, ConvSpec.defaults().withStride(1, 2, 3)))
                .hasMessageContaining("stride has 3 values [1, 2, 3] but there is 1 spatial dimension");
        assertThatThrownBy(() -> Geometry.convTranspose(N7, K3, ConvSpec.defaults().withStride(2).withOutputPadding(2)))
                .hasMessageContaining("output_padding 2 must be smaller than the stride 2 or the dilation 1");
        assertThatThrownBy(() -> Geometry.convTranspose(new int[] {1}, new int[] {1}, ConvSpec.defaults().withPadding(1)))
                .hasMessageContaining("transposed convolution output would have -1 cells");
        assertThatThrownBy(() -> Geometry.pool(N7, PoolSpec.max(3).withPadding(3)))
                .hasMessageContaining("pooling padding 3:3 is as wide as the window (3 cells)")
                .hasMessageContaining("use padding of at most 2");
        assertThatThrownBy(() -> Geometry.conv(N7, K3, ConvSpec.defaults().withOutputSize(7)))
                .hasMessageContaining("an output size [7] is for transposed convolutions");
        assertThatThrownBy(() -> Padding.parse("1:2:3")).hasMessageContaining("before:after");
        assertThatThrownBy(() -> Padding.parse("wide")).hasMessageContaining("padding 'wide' is not one of valid, same, full, causal");
        assertThatThrownBy(() -> Padding.parse("1,x2")).hasMessageContaining("is not one of valid");
        assertThatThrownBy(() -> Padding.parse("1,2.5")).hasMessageContaining("'2.5' is not an integer");
    }

    @Test
    void sizesBeyondAJavaArrayAreRefusedNotWrapped() {
        assertThatThrownBy(() -> Geometry.convTranspose(new int[] {40_000_000}, K3, ConvSpec.defaults().withStride(64)))
                .hasMessageContaining("the transposed convolution output 2559999939 cells");
        assertThatThrownBy(() -> Geometry.conv(N7, new int[] {1 << 20}, ConvSpec.defaults().withDilation(1 << 12)))
                .hasMessageContaining("spans 4294963201 cells");
        assertThat(Geometry.conv(N7, K3, ConvSpec.defaults().withStride(2).withPadding(Padding.same())).explain())
                .doesNotContain("odd cell");
    }

    @Test
    void paddingParsesEveryForm() {
        assertThat(Padding.parse("same").word()).isEqualTo(Padding.Word.SAME);
        assertThat(Padding.parse("1:2,0:1").before(2)).containsExactly(1, 0);
        assertThat(Padding.parse("1:2,0:1").after(2)).containsExactly(2, 1);
        assertThat(Padding.parse("3").after(3)).containsExactly(3, 3, 3);
        assertThat(Padding.parse("1:2,0:1").toString()).isEqualTo("1:2,0:1");
    }

    @Test
    void paddingModesReadTheDocumentedCells() {
        // a b c d  at 0..3
        int n = 4;
        int[] reflect = new int[8];
        int[] replicate = new int[8];
        int[] circular = new int[8];
        for (int i = -2; i < 6; i++) {
            reflect[i + 2] = PaddingMode.REFLECT.source(i, n);
            replicate[i + 2] = PaddingMode.REPLICATE.source(i, n);
            circular[i + 2] = PaddingMode.CIRCULAR.source(i, n);
        }
        assertThat(reflect).containsExactly(2, 1, 0, 1, 2, 3, 2, 1);
        assertThat(replicate).containsExactly(0, 0, 0, 1, 2, 3, 3, 3);
        assertThat(circular).containsExactly(2, 3, 0, 1, 2, 3, 0, 1);
        assertThat(PaddingMode.ZEROS.source(-1, n)).isEqualTo(-1);
        // wider than the input: the reflection repeats with period 2(n-1)
        assertThat(PaddingMode.REFLECT.source(-5, n)).isEqualTo(1);
        assertThat(PaddingMode.REFLECT.source(3, 1)).isEqualTo(0);
    }
}
