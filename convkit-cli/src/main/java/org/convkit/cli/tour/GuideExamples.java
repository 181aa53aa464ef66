package org.convkit.cli.tour;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;
import org.convkit.viz.Animations;

/**
 * The worked examples the tour, {@code convkit demo} and the explorer's presets share: one example
 * per idea, with the same numbers wherever it appears. The values are the animations' own
 * ({@link Animations#inputValue}, {@link Animations#weightValue}), so that a table printed beside
 * an animation holds the cells the animation slides over.
 */
public final class GuideExamples {
    /** The convolution operation: a 7x7 input of 3 channels. */
    public static final int OPERATION_SIZE = 7;
    public static final int OPERATION_CHANNELS = 3;
    /** Two 3x3x3 filters at stride 2, no padding: the output is 3x3x2. */
    public static final int OPERATION_FILTERS = 2;
    public static final int OPERATION_KERNEL = 3;
    public static final int OPERATION_STRIDE = 2;
    public static final ConvSpec OPERATION_SPEC = ConvSpec.defaults().withStride(OPERATION_STRIDE);

    /** Pooling: a 2x2 window at stride 2 (its default, the window's size) over one 4x4 map. */
    public static final int POOLING_SIZE = 4;
    public static final int POOLING_WINDOW = 2;

    private GuideExamples() {
    }

    /** The operation's input, (1, 3, 7, 7). */
    public static Tensor operationInput() {
        return inputs(OPERATION_CHANNELS, OPERATION_SIZE);
    }

    /** The operation's filters, (2, 3, 3, 3). */
    public static Tensor operationWeight() {
        int taps = OPERATION_KERNEL * OPERATION_KERNEL;
        Tensor w = Tensor.zeros(OPERATION_FILTERS, OPERATION_CHANNELS, OPERATION_KERNEL, OPERATION_KERNEL);
        for (int o = 0; o < OPERATION_FILTERS; o++) {
            for (int c = 0; c < OPERATION_CHANNELS; c++) {
                for (int k = 0; k < taps; k++) {
                    w.data()[(o * OPERATION_CHANNELS + c) * taps + k] = Animations.weightValue(o, c, k);
                }
            }
        }
        return w;
    }

    /** The operation drawn. */
    public static AnimationSpec operationAnimation() {
        return AnimationSpec.of(new int[] {OPERATION_SIZE, OPERATION_SIZE}, new int[] {OPERATION_KERNEL})
                .withChannels(OPERATION_CHANNELS).withFilters(OPERATION_FILTERS).withStride(OPERATION_STRIDE);
    }

    /** The pooled map, (1, 1, 4, 4). */
    public static Tensor poolingInput() {
        return inputs(1, POOLING_SIZE);
    }

    /** The pooling window, of either kind. */
    public static PoolSpec pooling(PoolSpec.Kind kind) {
        return PoolSpec.of(kind, POOLING_WINDOW, POOLING_WINDOW);
    }

    /** The max pooling drawn. */
    public static AnimationSpec poolingAnimation() {
        return AnimationSpec.of(new int[] {POOLING_SIZE, POOLING_SIZE}, new int[] {POOLING_WINDOW})
                .withPooling(AnimationSpec.Pooling.MAX);
    }

    /** ceil_mode: the same window on a 5x5 map, where rounding up adds a last, partial window. */
    public static final int CEIL_SIZE = 5;

    /** The ceil-mode pooling, of either kind. */
    public static PoolSpec ceilPooling(PoolSpec.Kind kind) {
        return pooling(kind).withCeilMode(true);
    }

    /** The ceil-mode max pooling drawn. */
    public static AnimationSpec ceilAnimation() {
        return AnimationSpec.of(new int[] {CEIL_SIZE, CEIL_SIZE}, new int[] {POOLING_WINDOW})
                .withPooling(AnimationSpec.Pooling.MAX).withCeilMode(true);
    }

    private static Tensor inputs(int channels, int size) {
        Tensor x = Tensor.zeros(1, channels, size, size);
        int area = size * size;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < area; i++) {
                x.data()[c * area + i] = Animations.inputValue(c, i);
            }
        }
        return x;
    }
}
