package org.convkit.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.PoolSpec;
import org.convkit.viz.AnimationSpec.Operation;
import org.convkit.viz.AnimationSpec.Pooling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The storyboard: shapes, frame counts, and values recomputed from the drawn cells. */
class AnimationsTest {
    private static AnimationSpec spec(int[] input, int... kernel) {
        return AnimationSpec.of(input, kernel);
    }

    @Test
    void theGuidesSevenBySevenByThreeExampleWithTwoFilters() {
        Animation a = Animations.build(spec(new int[] {7, 7}, 3).withChannels(3).withFilters(2).withStride(2));
        assertThat(a.outputShape()).containsExactly(2, 3, 3);
        assertThat(a.inputShape()).containsExactly(3, 7, 7);
        // 9 output positions per filter, filter by filter, then the hold
        assertThat(a.outputFrames()).isEqualTo(18);
        assertThat(a.frameCount()).isEqualTo(18 + Animations.HOLD_FRAMES);
        assertThat(a.frames().get(8).map()).isZero();
        assertThat(a.frames().get(9).map()).isEqualTo(1);
        assertThat(a.frames().get(9).position()).containsExactly(0, 0);
        for (Frame f : a.frames().subList(0, 18)) {
            assertThat(f.taps()).hasSize(27);
            assertThat(f.taps().stream().mapToInt(Tap::channel).distinct().count()).isEqualTo(3);
            assertThat(sumOfProducts(f)).isEqualTo(f.value());
        }
        Frame last = a.frames().get(18);
        assertThat(last.hold()).isTrue();
        assertThat(last.taps()).isEmpty();
        assertThat(a.explain()).contains("= 3").isEqualTo(
                Geometry.conv(new int[] {7, 7}, new int[] {3, 3}, ConvSpec.defaults().withStride(2)).explain());
        // frame 4 of filter 0 sits at output (1, 0): its window starts two rows down
        assertThat(a.frames().get(3).taps().get(0).cell()).containsExactly(2, 0);
    }

    @Test
    void theGuidesFiveByFiveStrideTwoAndItsTransposeBack() {
        Animation down = Animations.build(spec(new int[] {5, 5}, 3).withStride(2));
        assertThat(down.outputShape()).containsExactly(1, 2, 2);
        assertThat(down.frameCount()).isEqualTo(4 + Animations.HOLD_FRAMES);

        Animation up = Animations.build(spec(new int[] {2, 2}, 3).withStride(2).withTransposed(true));
        assertThat(up.spec().operation()).isEqualTo(Operation.CONV_TRANSPOSE);
        assertThat(up.outputShape()).containsExactly(1, 5, 5);
        assertThat(up.frameCount()).isEqualTo(25 + Animations.HOLD_FRAMES);
        Canvas c = up.stages().get(0).canvas();
        // conv_arithmetic's picture: 2 cells of implicit padding, inputs at 2 and 4 with one zero between
        assertThat(c.size()).containsExactly(7, 7);
        assertThat(c.axisKind(0, 1)).isEqualTo(CellKind.PADDING);
        assertThat(c.axisKind(0, 2)).isEqualTo(CellKind.INPUT);
        assertThat(c.axisKind(0, 3)).isEqualTo(CellKind.INSERTED_ZERO);
        assertThat(c.axisKind(0, 4)).isEqualTo(CellKind.INPUT);
        assertThat(c.axisKind(0, 5)).isEqualTo(CellKind.PADDING);
        assertThat(c.source(4, 2)).containsExactly(1, 0);
        assertThat(c.kind(3, 2)).isEqualTo(CellKind.INSERTED_ZERO);
        assertThat(c.kind(3, 0)).isEqualTo(CellKind.PADDING);
        for (Frame f : up.frames().subList(0, 25)) {
            assertThat(f.taps()).hasSize(9);
            assertThat(sumOfProducts(f)).isEqualTo(f.value());
        }
        // the window is the flipped kernel: the tap drawn first carries the kernel's last weight
        Tap t = up.frames().get(0).taps().get(0);
        assertThat(t.footprint()).containsExactly(0, 0);
        assertThat(t.weightIndex()).containsExactly(2, 2);
    }

    @Test
    void dilationSpreadsTheFootprintWithGaps() {
        Animation a = Animations.build(spec(new int[] {7, 7}, 3).withDilation(2));
        assertThat(a.outputShape()).containsExactly(1, 3, 3);
        List<Tap> taps = a.frames().get(4).taps();
        assertThat(taps).extracting(tp -> tp.cell()[1]).containsExactly(1, 3, 5, 1, 3, 5, 1, 3, 5);
        assertThat(taps).extracting(tp -> tp.cell()[0]).containsExactly(1, 1, 1, 3, 3, 3, 5, 5, 5);
    }

    @Test
    void paddingCellsAreDrawnAndReadAsZero() {
        Animation a = Animations.build(spec(new int[] {4}, 3).withPadding("same").withStride(2));
        Stage s = a.stages().get(0);
        assertThat(s.canvas().size()).containsExactly(5);
        assertThat(s.geometry().padBefore()).containsExactly(0);
        assertThat(s.geometry().padAfter()).containsExactly(1);
        Frame lastOut = a.frames().get(1);
        assertThat(lastOut.taps()).extracting(Tap::kind)
                .containsExactly(CellKind.INPUT, CellKind.INPUT, CellKind.PADDING);
        assertThat(lastOut.taps().get(2).input()).isZero();
    }

    /**
     * Reflect, replicate and circular padding read the input cell they copy, and each window's sum
     * of products is the engine's output for that mode: on 4 cells with padding 2, the two cells
     * before the input copy cells 2, 1 (reflect), 0, 0 (replicate) or 2, 3 (circular).
     */
    @ParameterizedTest
    @CsvSource({"REFLECT, 2, 1", "REPLICATE, 0, 0", "CIRCULAR, 2, 3"})
    void paddingModesReadTheCellsTheyCopy(PaddingMode mode, int first, int second) {
        Animation a = Animations.build(spec(new int[] {4}, 3).withPadding("2").withPaddingMode(mode));
        Canvas c = a.stages().get(0).canvas();
        assertThat(c.copiedFrom(0)).containsExactly(first);
        assertThat(c.copiedFrom(1)).containsExactly(second);
        assertThat(c.copiedFrom(2)).containsExactly(0);
        Frame f = a.frames().get(0);
        assertThat(f.taps().get(0).kind()).isEqualTo(CellKind.PADDING);
        assertThat(f.taps().get(0).input()).isEqualTo(Animations.inputValue(0, first));
        for (Frame g : a.frames()) {
            if (!g.hold()) {
                assertThat(sumOfProducts(g)).isEqualTo(g.value());
            }
        }
        // the caption's sum names the copied values, and adds up
        assertThat(Captions.expression(f, a.stages().get(0))).doesNotContain("padding/zero")
                .endsWith("= " + Captions.number(f.value()));
        String svg = SvgAnimation.render(a);
        assertThat(svg).contains("padding mode " + mode.name().toLowerCase(Locale.ROOT), "the cell it copies");
    }

    /**
     * ceil_mode: 2x2 windows at stride 2 on 5 cells give 3 outputs, the last window hanging one
     * cell past the input; that cell is drawn (BEYOND), never read, and not counted by the average.
     */
    @Test
    void aCeilModeWindowHangsPastTheInputAndReadsOnlyWhatIsThere() {
        for (Pooling kind : List.of(Pooling.MAX, Pooling.AVG)) {
            Animation a = Animations.build(spec(new int[] {5, 5}, 2).withPooling(kind).withCeilMode(true));
            assertThat(a.outputShape()).endsWith(3, 3);
            Canvas c = a.stages().get(0).canvas();
            assertThat(c.size()).containsExactly(6, 6);
            assertThat(c.has(CellKind.BEYOND)).isTrue();
            Frame corner = a.frames().get(8);
            assertThat(corner.taps()).extracting(Tap::kind).containsExactly(CellKind.INPUT, CellKind.BEYOND,
                    CellKind.BEYOND, CellKind.BEYOND);
            double only = Animations.inputValue(0, 24);
            assertThat(corner.value()).isEqualTo(only);
            assertThat(Captions.expression(corner, a.stages().get(0))).contains("3 cells past the input, unread")
                    .endsWith("= " + Captions.number(only));
            if (kind == Pooling.AVG) {
                assertThat(corner.divisor()).isEqualTo(1);
            }
            assertThat(SvgAnimation.render(a)).contains("ceil_mode", "past the input (ceil_mode: not read)");
        }
        assertThatThrownBy(() -> Animations.build(spec(new int[] {5}, 2).withCeilMode(true)))
                .hasMessageStartingWith("ceil_mode applies to pooling only");
    }

    @Test
    void aPaddingModeIsDrawnForAConvolutionOnly() {
        assertThatThrownBy(() -> Animations.build(spec(new int[] {4}, 2)
                .withPooling(Pooling.MAX).withPaddingMode(PaddingMode.REFLECT)))
                .hasMessage("padding mode reflect is drawn for a convolution only; the max pooling animation pads with"
                        + " zeros (use padding mode zeros)");
    }

    @Test
    void maxPoolingPointsAtTheCellTheEngineChose() {
        Animation a = Animations.build(spec(new int[] {5, 5}, 2).withPooling(Pooling.MAX).withPadding("0:1"));
        assertThat(a.outputShape()).containsExactly(1, 3, 3);
        for (Frame f : a.frames().subList(0, 9)) {
            assertThat(f.chosen()).isNotNegative();
            Tap chosen = f.taps().get(f.chosen());
            assertThat(chosen.kind()).isEqualTo(CellKind.INPUT);
            assertThat(chosen.input()).isEqualTo(f.value());
            assertThat(f.taps()).allSatisfy(t -> assertThat(t.input()).isLessThanOrEqualTo(f.value()));
        }
        // the last column's windows reach into the padding, which reads as -infinity
        assertThat(a.frames().get(2).taps().get(1).kind()).isEqualTo(CellKind.PADDING);
        assertThat(a.frames().get(2).taps().get(1).input()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void averagePoolingShowsItsDivisor() {
        Animation a = Animations.build(spec(new int[] {3, 3}, 2).withPooling(Pooling.AVG).withStride(1)
                .withChannels(2).withPadding("1"));
        assertThat(a.outputShape()).containsExactly(2, 4, 4);
        for (Frame f : a.frames().subList(0, a.outputFrames())) {
            assertThat(f.divisor()).isEqualTo(4);
            double sum = f.taps().stream().mapToDouble(Tap::input).sum();
            assertThat(sum / f.divisor()).isCloseTo(f.value(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(f.taps()).allSatisfy(t -> assertThat(t.channel()).isEqualTo(f.map()));
        }
    }

    @Test
    void depthwiseSeparableRunsItsTwoStages() {
        Animation a = Animations.build(spec(new int[] {5, 5}, 3).withChannels(3).withFilters(2)
                .withDepthwiseSeparable(true));
        assertThat(a.stages()).hasSize(2);
        assertThat(a.outputShape()).containsExactly(2, 3, 3);
        assertThat(a.outputFrames()).isEqualTo(3 * 9 + 2 * 9);
        Stage depth = a.stages().get(0);
        Stage point = a.stages().get(1);
        for (Frame f : a.frames().subList(0, 27)) {
            assertThat(f.stage()).isZero();
            assertThat(f.taps()).hasSize(9).allSatisfy(t -> assertThat(t.channel()).isEqualTo(f.map()));
            assertThat(sumOfProducts(f)).isEqualTo(f.value());
        }
        for (Frame f : a.frames().subList(27, 45)) {
            assertThat(f.stage()).isEqualTo(1);
            assertThat(f.taps()).hasSize(3);
            assertThat(sumOfProducts(f)).isEqualTo(f.value());
            // the pointwise stage reads what the depthwise stage computed
            for (Tap t : f.taps()) {
                assertThat(t.input()).isEqualTo(depth.output(t.channel(), t.cell()));
            }
        }
        assertThat(point.inputSize()).containsExactly(3, 3);
    }

    @Test
    void groupsSplitTheChannels() {
        Animation a = Animations.build(spec(new int[] {4, 4}, 3).withChannels(4).withFilters(2).withGroups(2));
        for (Frame f : a.frames().subList(0, a.outputFrames())) {
            int group = f.map();
            assertThat(f.taps()).hasSize(18).allSatisfy(t -> assertThat(t.channel() / 2).isEqualTo(group));
            assertThat(sumOfProducts(f)).isEqualTo(f.value());
        }
    }

    @Test
    void oneDimensionalInputs() {
        Animation a = Animations.build(spec(new int[] {9}, 3).withDilation(2).withPadding("causal").withChannels(2));
        assertThat(a.outputShape()).containsExactly(1, 9);
        assertThat(a.stages().get(0).canvas().size()).containsExactly(13);
        assertThat(a.frames().get(0).taps()).extracting(Tap::kind).containsExactly(CellKind.PADDING,
                CellKind.PADDING, CellKind.INPUT, CellKind.PADDING, CellKind.PADDING, CellKind.INPUT);
    }

    @Test
    void invalidSettingsFailWithTheEnginesOwnMessage() {
        String engine = message(() -> Geometry.conv(new int[] {3, 3}, new int[] {5, 5}, ConvSpec.defaults()));
        assertThatThrownBy(() -> Animations.build(spec(new int[] {3, 3}, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(engine);
        assertThatThrownBy(() -> spec(new int[] {5}, 3).withStride(0))
                .hasMessage(message(() -> ConvSpec.defaults().withStride(0)));
        assertThatThrownBy(() -> Animations.build(spec(new int[] {5, 5}, 3).withChannels(3).withGroups(2)))
                .hasMessageContaining("in_channels 3 is not divisible by groups 2");
        // dilated average pooling is ONNX's, which the engine now takes: it animates as dilated max pooling does
        assertThat(Animations.build(spec(new int[] {5, 5}, 2).withPooling(Pooling.AVG).withDilation(2)).outputShape())
                .containsExactly(1, 2, 2);
        assertThatThrownBy(() -> Animations.build(spec(new int[] {2}, 3).withStride(2).withTransposed(true)
                .withOutputPadding(2))).hasMessageContaining("output_padding 2 must be smaller than the stride 2");
        assertThatThrownBy(() -> Animations.build(spec(new int[] {5}, 3).withOutputPadding(1)))
                .hasMessageContaining("only applies to a transposed convolution");
        assertThatThrownBy(() -> Animations.build(spec(new int[] {5}, 3).withTransposed(true)
                .withPooling(Pooling.MAX))).hasMessageContaining("choose one of transposed, pooling");
        assertThatThrownBy(() -> spec(new int[] {2, 2, 2}, 1)).hasMessageContaining("1-D or 2-D");
    }

    @Test
    void hugeAnimationsAreRefusedNamingTheLimit() {
        assertThatThrownBy(() -> Animations.build(spec(new int[] {32, 32}, 3)))
                .hasMessageContaining("900 frames").hasMessageContaining("limit of " + Animations.MAX_FRAMES);
        assertThatThrownBy(() -> Animations.build(spec(new int[] {70, 70}, 3).withStride(7)))
                .hasMessageContaining("cells, more than the limit of " + Animations.MAX_CELLS);
        assertThatThrownBy(() -> FramePainter.size(Animations.build(spec(new int[] {3000}, 3000))))
                .hasMessageContaining("limit");
    }

    static double sumOfProducts(Frame f) {
        double s = 0;
        for (Tap t : f.taps()) {
            s += t.input() * t.weight();
        }
        return s;
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the engine to refuse");
    }
}
