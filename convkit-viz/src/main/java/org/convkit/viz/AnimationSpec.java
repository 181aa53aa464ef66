package org.convkit.viz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.PoolSpec;

/**
 * What to animate: an input of spatial size {@code input} (1-D or 2-D) with {@code channels}
 * channels, and either a convolution with {@code filters} filters of spatial size {@code kernel}
 * (plain, transposed or depthwise separable) or a max / average pooling with that window.
 *
 * <p>Immutable: every {@code withX} returns a new spec. Each value is checked by the engine's own
 * spec classes as it is set ({@code withStride(0)} fails with {@link ConvSpec}'s message), and the
 * combination is checked by the engine's geometry when {@link Animations#build} runs, so an
 * animation refuses exactly what the engine refuses, in the same words.
 *
 * <p>Defaults: 1 channel, 1 filter, stride 1 (a pooling's stride defaults to its window, as in
 * PyTorch), padding 0, dilation 1, groups 1, not transposed, no output padding, no pooling, not
 * separable, {@value #DEFAULT_DELAY_MS} ms per frame.
 */
public final class AnimationSpec {
    /** The pause per frame when none is given. */
    public static final int DEFAULT_DELAY_MS = 700;
    /** The shortest pause per frame: GIF counts in hundredths of a second and browsers clamp below 20 ms. */
    public static final int MIN_DELAY_MS = 20;
    /** The longest pause per frame. */
    public static final int MAX_DELAY_MS = 10_000;

    /** Whether the window pools instead of convolving. */
    public enum Pooling {
        /** A convolution, not a pooling. */
        NONE,
        /** Max pooling. */
        MAX,
        /** Average pooling. */
        AVG;

        /**
         * {@code none}, or what {@link PoolSpec.Kind#parse} accepts ({@code max}, {@code avg}).
         *
         * @param s the name
         * @return the pooling
         * @throws IllegalArgumentException for any other name
         */
        public static Pooling parse(String s) {
            if (s.trim().equalsIgnoreCase("none")) {
                return NONE;
            }
            PoolSpec.Kind k = PoolSpec.Kind.parse(s);
            if (k == PoolSpec.Kind.LP) {
                // the pictures draw a window's taps and its max or mean; a p-norm is not drawn yet
                throw new IllegalArgumentException("pooling 'lp' is not animated; animate max or avg (the windows are "
                        + "the same)");
            }
            return k == PoolSpec.Kind.MAX ? MAX : AVG;
        }
    }

    /** Which operation a spec describes. */
    public enum Operation {
        /** A convolution. */
        CONV("convolution"),
        /** A transposed convolution. */
        CONV_TRANSPOSE("transposed convolution"),
        /** A max pooling. */
        MAX_POOL("max pooling"),
        /** An average pooling. */
        AVG_POOL("average pooling"),
        /** A depthwise convolution, then a pointwise one. */
        DEPTHWISE_SEPARABLE("depthwise separable convolution");

        private final String title;

        Operation(String title) {
            this.title = title;
        }

        /**
         * The operation's name in words, for captions.
         *
         * @return for example {@code "transposed convolution"}
         */
        public String title() {
            return title;
        }
    }

    private final int[] input;
    private final int[] kernel;
    private final int channels;
    private final int filters;
    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final int groups;
    private final boolean transposed;
    private final int[] outputPadding;
    private final Pooling pooling;
    private final boolean depthwiseSeparable;
    private final PaddingMode paddingMode;
    private final boolean ceilMode;
    private final int delayMillis;

    private AnimationSpec(int[] input, int[] kernel, int channels, int filters, int[] stride, Padding padding,
                          int[] dilation, int groups, boolean transposed, int[] outputPadding, Pooling pooling,
                          boolean depthwiseSeparable, PaddingMode paddingMode, boolean ceilMode,
                          int delayMillis) {
        this.input = input;
        this.kernel = kernel;
        this.channels = channels;
        this.filters = filters;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.transposed = transposed;
        this.outputPadding = outputPadding;
        this.pooling = pooling;
        this.depthwiseSeparable = depthwiseSeparable;
        this.paddingMode = paddingMode;
        this.ceilMode = ceilMode;
        this.delayMillis = delayMillis;
    }

    /**
     * An input of spatial size {@code input} (one value: 1-D; two: 2-D) and a kernel or window of
     * spatial size {@code kernel} (one value for every dimension, or one per dimension).
     *
     * @param input the input's spatial extents, at least 1
     * @param kernel the kernel's or window's extents, at least 1
     * @return a spec of one channel, one filter, stride 1, no padding
     * @throws IllegalArgumentException if a size is below 1 or the counts disagree
     */
    public static AnimationSpec of(int[] input, int[] kernel) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(kernel, "kernel");
        if (input.length < 1 || input.length > 2) {
            throw new IllegalArgumentException("an animation draws 1-D or 2-D inputs, but the input size "
                    + Arrays.toString(input) + " has " + input.length + " dimensions; give one or two sizes");
        }
        Ints.requireAtLeast("input size", input.clone(), 1);
        int[] k = Ints.requireAtLeast("kernel size", Ints.broadcast("kernel", kernel, input.length), 1);
        return new AnimationSpec(input.clone(), k, 1, 1, null, Padding.of(0), new int[] {1}, 1, false, new int[] {0},
                Pooling.NONE, false, PaddingMode.ZEROS, false, DEFAULT_DELAY_MS);
    }

    /**
     * The input's channels.
     *
     * @param c at least 1
     * @return a spec with this change
     * @throws IllegalArgumentException if {@code c < 1}
     */
    public AnimationSpec withChannels(int c) {
        Ints.requireAtLeast("channels", new int[] {c}, 1);
        return new AnimationSpec(input, kernel, c, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * The filters (output channels).
     *
     * @param f at least 1
     * @return a spec with this change
     * @throws IllegalArgumentException if {@code f < 1}
     */
    public AnimationSpec withFilters(int f) {
        Ints.requireAtLeast("filters", new int[] {f}, 1);
        return new AnimationSpec(input, kernel, channels, f, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * The stride (for pooling, the window when none is given).
     *
     * @param s at least 1: one value for every dimension, or one per dimension
     * @return a spec with this change
     * @throws IllegalArgumentException if a value is below 1
     */
    public AnimationSpec withStride(int... s) {
        ConvSpec.defaults().withStride(s);
        return new AnimationSpec(input, kernel, channels, filters, s.clone(), padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * The padding.
     *
     * @param p numbers, pairs or a word
     * @return a spec with this change
     */
    public AnimationSpec withPadding(Padding p) {
        return new AnimationSpec(input, kernel, channels, filters, stride, Objects.requireNonNull(p, "padding"),
                dilation, groups, transposed, outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * The CLI's padding forms: {@code 1}, {@code 1,2}, {@code 1:2,0:1}, valid, same, same-lower, full, causal.
     *
     * @param p the text
     * @return a spec with this change
     * @throws IllegalArgumentException if the text is none of these forms
     */
    public AnimationSpec withPadding(String p) {
        return withPadding(Padding.parse(p));
    }

    /**
     * The dilation.
     *
     * @param d at least 1: one value for every dimension, or one per dimension
     * @return a spec with this change
     * @throws IllegalArgumentException if a value is below 1
     */
    public AnimationSpec withDilation(int... d) {
        ConvSpec.defaults().withDilation(d);
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, d.clone(), groups, transposed,
                outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * The channel groups.
     *
     * @param g at least 1, dividing the channels and the filters
     * @return a spec with this change
     * @throws IllegalArgumentException if {@code g < 1}
     */
    public AnimationSpec withGroups(int g) {
        ConvSpec.defaults().withGroups(g);
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, g, transposed,
                outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * A transposed convolution instead of a convolution.
     *
     * @param t whether transposed
     * @return a spec with this change
     */
    public AnimationSpec withTransposed(boolean t) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, t,
                outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * Extra cells after a transposed convolution's output.
     *
     * @param o at least 0: one value for every dimension, or one per dimension
     * @return a spec with this change
     * @throws IllegalArgumentException if a value is negative
     */
    public AnimationSpec withOutputPadding(int... o) {
        ConvSpec.defaults().withOutputPadding(o);
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                o.clone(), pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * A pooling instead of a convolution.
     *
     * @param p max, average or none
     * @return a spec with this change
     */
    public AnimationSpec withPooling(Pooling p) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, Objects.requireNonNull(p, "pooling"), depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    /**
     * A depthwise convolution (one filter per channel) followed by a pointwise 1x1 convolution to the filters.
     *
     * @param ds whether depthwise separable
     * @return a spec with this change
     */
    public AnimationSpec withDepthwiseSeparable(boolean ds) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, ds, paddingMode, ceilMode, delayMillis);
    }

    /**
     * The pause per frame, in milliseconds ({@value #MIN_DELAY_MS} to {@value #MAX_DELAY_MS}).
     *
     * @param ms the pause
     * @return a spec with this change
     * @throws IllegalArgumentException if it is out of range
     */
    public AnimationSpec withDelayMillis(int ms) {
        if (ms < MIN_DELAY_MS || ms > MAX_DELAY_MS) {
            throw new IllegalArgumentException("frame delay must be between " + MIN_DELAY_MS + " and " + MAX_DELAY_MS
                    + " ms, got " + ms);
        }
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, paddingMode, ceilMode, ms);
    }

    /**
     * What a convolution reads outside its input; drawn as the copied values, each padding cell
     * in the window pointing at the input cell it copies.
     *
     * @param m zeros (the default), reflect, replicate or circular
     * @return a spec with this change
     */
    public AnimationSpec withPaddingMode(PaddingMode m) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, Objects.requireNonNull(m, "paddingMode"),
                ceilMode, delayMillis);
    }

    /**
     * Pooling's {@code ceil_mode}: the output size rounds up, so a last window may hang past the
     * padded input (drawn, never read).
     *
     * @param c whether to round up
     * @return a spec with this change
     */
    public AnimationSpec withCeilMode(boolean c) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, paddingMode, c, delayMillis);
    }

    /**
     * Pooling's {@code ceil_mode}.
     *
     * @return whether the output size rounds up
     */
    public boolean ceilMode() {
        return ceilMode;
    }

    /**
     * What a convolution reads outside its input.
     *
     * @return the padding mode
     */
    public PaddingMode paddingMode() {
        return paddingMode;
    }

    /**
     * Which operation the flags select; contradictory flags are refused with the reason.
     *
     * @return the operation
     * @throws IllegalArgumentException if the flags contradict each other
     */
    public Operation operation() {
        int chosen = (transposed ? 1 : 0) + (pooling != Pooling.NONE ? 1 : 0) + (depthwiseSeparable ? 1 : 0);
        if (chosen > 1) {
            throw new IllegalArgumentException("choose one of transposed, pooling (" + name(pooling)
                    + ") and depthwise separable: an animation shows one operation");
        }
        if (transposed) {
            return Operation.CONV_TRANSPOSE;
        }
        if (depthwiseSeparable) {
            return Operation.DEPTHWISE_SEPARABLE;
        }
        switch (pooling) {
            case MAX:
                return Operation.MAX_POOL;
            case AVG:
                return Operation.AVG_POOL;
            default:
                return Operation.CONV;
        }
    }

    /**
     * The convolution spec these settings give (for a depthwise separable spec: its depthwise stage, without groups).
     *
     * @return the spec
     */
    public ConvSpec convSpec() {
        ConvSpec s = ConvSpec.defaults().withPadding(padding).withDilation(dilation).withGroups(groups)
                .withOutputPadding(outputPadding).withPaddingMode(paddingMode);
        return stride == null ? s : s.withStride(stride);
    }

    /**
     * The pooling spec these settings give (stride defaults to the window).
     *
     * @return the spec
     */
    public PoolSpec poolSpec() {
        PoolSpec s = PoolSpec.of(pooling == Pooling.AVG ? PoolSpec.Kind.AVG : PoolSpec.Kind.MAX, kernel)
                .withPadding(padding).withDilation(dilation).withCeilMode(ceilMode);
        return stride == null ? s : s.withStride(stride);
    }

    /**
     * The number of spatial dimensions.
     *
     * @return 1 or 2
     */
    public int dims() {
        return input.length;
    }

    /**
     * The input's spatial extents.
     *
     * @return a copy
     */
    public int[] input() {
        return input.clone();
    }

    /**
     * The kernel's or window's extents.
     *
     * @return a copy
     */
    public int[] kernel() {
        return kernel.clone();
    }

    /**
     * The input's channels.
     *
     * @return at least 1
     */
    public int channels() {
        return channels;
    }

    /**
     * The filters (output channels).
     *
     * @return at least 1
     */
    public int filters() {
        return filters;
    }

    /**
     * The stride as given, or null when none was (1, or the window for pooling).
     *
     * @return a copy, or null
     */
    public int[] stride() {
        return stride == null ? null : stride.clone();
    }

    /**
     * The padding as given.
     *
     * @return numbers, pairs or a word
     */
    public Padding padding() {
        return padding;
    }

    /**
     * The dilation as given.
     *
     * @return a copy
     */
    public int[] dilation() {
        return dilation.clone();
    }

    /**
     * The channel groups.
     *
     * @return at least 1
     */
    public int groups() {
        return groups;
    }

    /**
     * Whether this is a transposed convolution.
     *
     * @return true when transposed
     */
    public boolean transposed() {
        return transposed;
    }

    /**
     * The output padding as given.
     *
     * @return a copy
     */
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    /**
     * The pooling, or none.
     *
     * @return the pooling
     */
    public Pooling pooling() {
        return pooling;
    }

    /**
     * Whether this is a depthwise separable convolution.
     *
     * @return true when depthwise separable
     */
    public boolean depthwiseSeparable() {
        return depthwiseSeparable;
    }

    /**
     * The pause per frame.
     *
     * @return milliseconds
     */
    public int delayMillis() {
        return delayMillis;
    }

    /** True when some output padding is non-zero. */
    boolean hasOutputPadding() {
        return Arrays.stream(outputPadding).anyMatch(v -> v != 0);
    }

    private static String name(Pooling p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnimationSpec a && Arrays.equals(a.input, input) && Arrays.equals(a.kernel, kernel)
                && a.channels == channels && a.filters == filters && Arrays.equals(a.stride, stride)
                && a.padding.equals(padding) && Arrays.equals(a.dilation, dilation) && a.groups == groups
                && a.transposed == transposed && Arrays.equals(a.outputPadding, outputPadding)
                && a.pooling == pooling && a.depthwiseSeparable == depthwiseSeparable
                && a.paddingMode == paddingMode && a.ceilMode == ceilMode && a.delayMillis == delayMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(input), Arrays.hashCode(kernel), channels, filters,
                Arrays.hashCode(stride), padding, Arrays.hashCode(dilation), groups, transposed,
                Arrays.hashCode(outputPadding), pooling, depthwiseSeparable, paddingMode, ceilMode, delayMillis);
    }

    @Override
    public String toString() {
        return "AnimationSpec{input=" + Arrays.toString(input) + ", kernel=" + Arrays.toString(kernel) + ", channels="
                + channels + ", filters=" + filters + ", stride=" + (stride == null ? "default" : Arrays.toString(stride))
                + ", padding=" + padding + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups
                + ", transposed=" + transposed + ", outputPadding=" + Arrays.toString(outputPadding) + ", pooling="
                + name(pooling) + ", depthwiseSeparable=" + depthwiseSeparable + ", paddingMode=" + paddingMode + ", ceilMode=" + ceilMode + ", delayMillis="
                + delayMillis + "}";
    }
}
