package org.convkit.viz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
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
        NONE, MAX, AVG;

        /** {@code none}, or what {@link PoolSpec.Kind#parse} accepts ({@code max}, {@code avg}). */
        public static Pooling parse(String s) {
            if (s.trim().equalsIgnoreCase("none")) {
                return NONE;
            }
            return PoolSpec.Kind.parse(s) == PoolSpec.Kind.MAX ? MAX : AVG;
        }
    }

    /** Which operation a spec describes. */
    public enum Operation {
        CONV("convolution"),
        CONV_TRANSPOSE("transposed convolution"),
        MAX_POOL("max pooling"),
        AVG_POOL("average pooling"),
        DEPTHWISE_SEPARABLE("depthwise separable convolution");

        private final String title;

        Operation(String title) {
            this.title = title;
        }

        /** The operation's name in words, for captions. */
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
    private final int delayMillis;

    private AnimationSpec(int[] input, int[] kernel, int channels, int filters, int[] stride, Padding padding,
                          int[] dilation, int groups, boolean transposed, int[] outputPadding, Pooling pooling,
                          boolean depthwiseSeparable, int delayMillis) {
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
        this.delayMillis = delayMillis;
    }

    /**
     * An input of spatial size {@code input} (one value: 1-D; two: 2-D) and a kernel or window of
     * spatial size {@code kernel} (one value for every dimension, or one per dimension).
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
                Pooling.NONE, false, DEFAULT_DELAY_MS);
    }

    public AnimationSpec withChannels(int c) {
        Ints.requireAtLeast("channels", new int[] {c}, 1);
        return new AnimationSpec(input, kernel, c, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, delayMillis);
    }

    public AnimationSpec withFilters(int f) {
        Ints.requireAtLeast("filters", new int[] {f}, 1);
        return new AnimationSpec(input, kernel, channels, f, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, delayMillis);
    }

    public AnimationSpec withStride(int... s) {
        ConvSpec.defaults().withStride(s);
        return new AnimationSpec(input, kernel, channels, filters, s.clone(), padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, delayMillis);
    }

    public AnimationSpec withPadding(Padding p) {
        return new AnimationSpec(input, kernel, channels, filters, stride, Objects.requireNonNull(p, "padding"),
                dilation, groups, transposed, outputPadding, pooling, depthwiseSeparable, delayMillis);
    }

    /** The CLI's padding forms: {@code 1}, {@code 1,2}, {@code 1:2,0:1}, valid, same, full, causal. */
    public AnimationSpec withPadding(String p) {
        return withPadding(Padding.parse(p));
    }

    public AnimationSpec withDilation(int... d) {
        ConvSpec.defaults().withDilation(d);
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, d.clone(), groups, transposed,
                outputPadding, pooling, depthwiseSeparable, delayMillis);
    }

    public AnimationSpec withGroups(int g) {
        ConvSpec.defaults().withGroups(g);
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, g, transposed,
                outputPadding, pooling, depthwiseSeparable, delayMillis);
    }

    public AnimationSpec withTransposed(boolean t) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, t,
                outputPadding, pooling, depthwiseSeparable, delayMillis);
    }

    /** Extra cells after a transposed convolution's output. */
    public AnimationSpec withOutputPadding(int... o) {
        ConvSpec.defaults().withOutputPadding(o);
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                o.clone(), pooling, depthwiseSeparable, delayMillis);
    }

    public AnimationSpec withPooling(Pooling p) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, Objects.requireNonNull(p, "pooling"), depthwiseSeparable, delayMillis);
    }

    /** A depthwise convolution (one filter per channel) followed by a pointwise 1x1 convolution to the filters. */
    public AnimationSpec withDepthwiseSeparable(boolean ds) {
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, ds, delayMillis);
    }

    /** The pause per frame, in milliseconds ({@value #MIN_DELAY_MS} to {@value #MAX_DELAY_MS}). */
    public AnimationSpec withDelayMillis(int ms) {
        if (ms < MIN_DELAY_MS || ms > MAX_DELAY_MS) {
            throw new IllegalArgumentException("frame delay must be between " + MIN_DELAY_MS + " and " + MAX_DELAY_MS
                    + " ms, got " + ms);
        }
        return new AnimationSpec(input, kernel, channels, filters, stride, padding, dilation, groups, transposed,
                outputPadding, pooling, depthwiseSeparable, ms);
    }

    /** Which operation the flags select; contradictory flags are refused with the reason. */
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

    /** The convolution spec these settings give (for a depthwise separable spec: its depthwise stage, without groups). */
    public ConvSpec convSpec() {
        ConvSpec s = ConvSpec.defaults().withPadding(padding).withDilation(dilation).withGroups(groups)
                .withOutputPadding(outputPadding);
        return stride == null ? s : s.withStride(stride);
    }

    /** The pooling spec these settings give (stride defaults to the window). */
    public PoolSpec poolSpec() {
        PoolSpec s = PoolSpec.of(pooling == Pooling.AVG ? PoolSpec.Kind.AVG : PoolSpec.Kind.MAX, kernel)
                .withPadding(padding).withDilation(dilation);
        return stride == null ? s : s.withStride(stride);
    }

    public int dims() {
        return input.length;
    }

    public int[] input() {
        return input.clone();
    }

    public int[] kernel() {
        return kernel.clone();
    }

    public int channels() {
        return channels;
    }

    public int filters() {
        return filters;
    }

    /** The stride as given, or null when none was (1, or the window for pooling). */
    public int[] stride() {
        return stride == null ? null : stride.clone();
    }

    public Padding padding() {
        return padding;
    }

    public int[] dilation() {
        return dilation.clone();
    }

    public int groups() {
        return groups;
    }

    public boolean transposed() {
        return transposed;
    }

    public int[] outputPadding() {
        return outputPadding.clone();
    }

    public Pooling pooling() {
        return pooling;
    }

    public boolean depthwiseSeparable() {
        return depthwiseSeparable;
    }

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
                && a.delayMillis == delayMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(input), Arrays.hashCode(kernel), channels, filters,
                Arrays.hashCode(stride), padding, Arrays.hashCode(dilation), groups, transposed,
                Arrays.hashCode(outputPadding), pooling, depthwiseSeparable, delayMillis);
    }

    @Override
    public String toString() {
        return "AnimationSpec{input=" + Arrays.toString(input) + ", kernel=" + Arrays.toString(kernel) + ", channels="
                + channels + ", filters=" + filters + ", stride=" + (stride == null ? "default" : Arrays.toString(stride))
                + ", padding=" + padding + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups
                + ", transposed=" + transposed + ", outputPadding=" + Arrays.toString(outputPadding) + ", pooling="
                + name(pooling) + ", depthwiseSeparable=" + depthwiseSeparable + ", delayMillis=" + delayMillis + "}";
    }
}
