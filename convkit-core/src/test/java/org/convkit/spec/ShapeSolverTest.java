package org.convkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.convkit.spec.ShapeSolver.Setting;
import org.junit.jupiter.api.Test;

class ShapeSolverTest {

    @Test
    void stride1Padding1IsSameForAKernelOf3() {
        List<Setting> s = ShapeSolver.conv(5, 3, 1, 5);
        assertThat(s.get(0)).isEqualTo(new Setting(1, 1, 1, 0, List.of(Padding.Word.SAME)));
        assertThat(s.get(0).describe(false)).isEqualTo("stride 1, padding 1 (same)");
    }

    @Test
    void sevenToThreeWithKernel3StartsAtStride2WithoutPadding() {
        List<Setting> s = ShapeSolver.conv(7, 3, 1, 3);
        assertThat(s).extracting(x -> x.describe(false)).startsWith(
                "stride 2, padding 0 (valid)", "stride 2, padding 0:1", "stride 3, padding 1 (same)",
                "stride 3, padding 2 (full)", "stride 3, padding 2:0 (causal)", "stride 3, padding 1:2");
        // stride 1 keeps at least 5 of the 7 cells, whatever the padding
        assertThat(s).noneMatch(x -> x.stride() == 1);
    }

    @Test
    void causalPaddingAppearsWithItsOwnSplit() {
        List<Setting> s = ShapeSolver.conv(7, 3, 2, 7);
        assertThat(s).contains(new Setting(1, 4, 0, 0, List.of(Padding.Word.CAUSAL)));
        assertThat(s).contains(new Setting(1, 2, 2, 0, List.of(Padding.Word.SAME)));
        assertThat(s.get(0)).isEqualTo(new Setting(1, 2, 2, 0, List.of(Padding.Word.SAME)));
    }

    @Test
    void transposedTwoToFiveIsStride2WithoutPadding() {
        List<Setting> s = ShapeSolver.convTranspose(2, 3, 1, 5);
        assertThat(s.get(0)).isEqualTo(new Setting(2, 0, 0, 0, List.of(Padding.Word.VALID)));
        assertThat(s.get(0).describe(true)).isEqualTo("stride 2, padding 0, output_padding 0 (valid)");
        assertThat(s).allMatch(x -> x.outputPadding() < Math.max(x.stride(), 1));
    }

    @Test
    void transposedSameDoublesWithStride2() {
        List<Setting> s = ShapeSolver.convTranspose(4, 3, 1, 8);
        // 'same' with stride 2: total padding 1, the odd cell after, output padding 0 -> (4-1)*2 - 1 + 3 = 8
        assertThat(s).contains(new Setting(2, 0, 1, 0, List.of(Padding.Word.SAME)));
        assertThat(s).contains(new Setting(2, 1, 1, 1, List.of()));
    }

    @Test
    void unreachableTargetsGiveAnEmptyList() {
        // a convolution without padding beyond span-1 cannot grow 3 inputs to 100 outputs
        assertThat(ShapeSolver.conv(3, 3, 1, 100)).isEmpty();
    }

    @Test
    void solveWorksPerDimensionAndBroadcasts() {
        List<List<Setting>> s = ShapeSolver.solve(false, new int[] {7, 5}, new int[] {3, 3}, new int[] {1},
                new int[] {3});
        assertThat(s).hasSize(2);
        assertThat(s.get(0).get(0).stride()).isEqualTo(2);
        assertThat(s.get(1).get(0)).isEqualTo(new Setting(1, 0, 0, 0, List.of(Padding.Word.VALID)));
        assertThatThrownBy(() -> ShapeSolver.solve(false, new int[] {7, 5}, new int[] {3, 3}, new int[] {1},
                new int[] {3, 3, 3})).hasMessageContaining("target has 3 values");
        assertThatThrownBy(() -> ShapeSolver.conv(7, 3, 1, 0)).hasMessageContaining("target size must be at least 1");
    }

    @Property(tries = 300)
    void everyConvSettingGivesTheTarget(@ForAll @IntRange(min = 1, max = 40) int n,
                                        @ForAll @IntRange(min = 1, max = 7) int k,
                                        @ForAll @IntRange(min = 1, max = 3) int d,
                                        @ForAll @IntRange(min = 1, max = 40) int target) {
        List<Setting> settings = ShapeSolver.conv(n, k, d, target);
        for (Setting s : settings) {
            ConvSpec spec = ConvSpec.defaults().withStride(s.stride()).withDilation(d)
                    .withPadding(Padding.of(new int[] {s.padBefore()}, new int[] {s.padAfter()}));
            assertThat(Geometry.conv(new int[] {n}, new int[] {k}, spec).output()).containsExactly(target);
            for (Padding.Word w : s.words()) {
                Geometry g = Geometry.conv(new int[] {n}, new int[] {k}, spec.withPadding(Padding.word(w)));
                assertThat(g.output()).containsExactly(target);
                assertThat(g.padBefore()).containsExactly(s.padBefore());
                assertThat(g.padAfter()).containsExactly(s.padAfter());
            }
        }
        assertThat(settings).isSortedAccordingTo(
                (a, b) -> a.stride() != b.stride() ? Integer.compare(a.stride(), b.stride())
                        : Boolean.compare(!a.symmetric(), !b.symmetric()) != 0
                        ? Boolean.compare(!a.symmetric(), !b.symmetric())
                        : Integer.compare(a.totalPadding(), b.totalPadding()));
        // with stride 1 and room to pad, the identity-size target is always reachable
        if (target == n) {
            assertThat(settings).anyMatch(s -> s.stride() == 1);
        }
    }

    @Property(tries = 300)
    void everyTransposedSettingGivesTheTarget(@ForAll @IntRange(min = 1, max = 20) int n,
                                              @ForAll @IntRange(min = 1, max = 7) int k,
                                              @ForAll @IntRange(min = 1, max = 3) int d,
                                              @ForAll @IntRange(min = 1, max = 60) int target) {
        for (Setting s : ShapeSolver.convTranspose(n, k, d, target)) {
            assertThat(s.outputPadding()).isLessThan(Math.max(s.stride(), d));
            ConvSpec spec = ConvSpec.defaults().withStride(s.stride()).withDilation(d)
                    .withPadding(Padding.of(new int[] {s.padBefore()}, new int[] {s.padAfter()}))
                    .withOutputPadding(s.outputPadding());
            assertThat(Geometry.convTranspose(new int[] {n}, new int[] {k}, spec).output()).containsExactly(target);
            for (Padding.Word w : s.words()) {
                ConvSpec ws = ConvSpec.defaults().withStride(s.stride()).withDilation(d).withPadding(Padding.word(w));
                Geometry g = Geometry.convTranspose(new int[] {n}, new int[] {k}, ws);
                assertThat(g.output()).containsExactly(target);
                assertThat(g.outputPadding()).containsExactly(s.outputPadding());
            }
        }
    }
}
