package org.convkit.spec;

import java.util.Arrays;
import java.util.Objects;

/**
 * The parameters of a convolution or transposed convolution, as PyTorch names them.
 *
 * <p>Immutable; each {@code withX} returns a new spec. Per-dimension values given once apply to
 * every spatial dimension. Defaults: stride 1, padding 0, dilation 1, groups 1, zeros padding mode,
 * output_padding 0, cross-correlation (not flipped).
 *
 * <p>{@code flip} selects true convolution (kernel reversed in every spatial dimension, as in signal
 * processing and {@code scipy.signal.convolve}); without it the operation is the cross-correlation
 * that deep-learning frameworks call convolution.
 */
public final class ConvSpec implements SlidingSpec<ConvSpec> {
    private static final ConvSpec DEFAULTS = new ConvSpec(new int[] {1}, Padding.of(0), new int[] {1}, 1,
            PaddingMode.ZEROS, new int[] {0}, false);

    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final int groups;
    private final PaddingMode paddingMode;
    private final int[] outputPadding;
    private final boolean flip;

    private ConvSpec(int[] stride, Padding padding, int[] dilation, int groups, PaddingMode paddingMode,
                     int[] outputPadding, boolean flip) {
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.paddingMode = paddingMode;
        this.outputPadding = outputPadding;
        this.flip = flip;
    }

    /**
     * Stride 1, padding 0, dilation 1, groups 1, zeros, no output padding, cross-correlation.
     *
     * @return the default spec
     */
    public static ConvSpec defaults() {
        return DEFAULTS;
    }

    @Override
    public ConvSpec withStride(int... s) {
        return new ConvSpec(checkList("stride", s, 1), padding, dilation, groups, paddingMode, outputPadding, flip);
    }

    @Override
    public ConvSpec withPadding(Padding p) {
        return new ConvSpec(stride, Objects.requireNonNull(p, "padding"), dilation, groups, paddingMode,
                outputPadding, flip);
    }

    /**
     * Symmetric explicit padding.
     *
     * @param p at least 0, the same before and after: one value for every spatial dimension, or one per dimension
     * @return a spec with this padding
     * @throws IllegalArgumentException if a value is negative or none is given
     */
    public ConvSpec withPadding(int... p) {
        return withPadding(Padding.of(p));
    }

    @Override
    public ConvSpec withDilation(int... d) {
        return new ConvSpec(stride, padding, checkList("dilation", d, 1), groups, paddingMode, outputPadding, flip);
    }

    /**
     * Splits the channels into {@code g} groups, each convolved with its own filters (groups equal to
     * the input channels: a depthwise convolution).
     *
     * @param g at least 1, dividing both channel counts
     * @return a spec with this many groups
     * @throws IllegalArgumentException if {@code g < 1}
     */
    public ConvSpec withGroups(int g) {
        if (g < 1) {
            throw new IllegalArgumentException("groups must be at least 1, got " + g);
        }
        return new ConvSpec(stride, padding, dilation, g, paddingMode, outputPadding, flip);
    }

    /**
     * What the padding cells hold: zeros, or the input reflected, replicated or wrapped around.
     *
     * @param m the padding mode
     * @return a spec with this padding mode
     * @throws NullPointerException if {@code m} is null
     */
    public ConvSpec withPaddingMode(PaddingMode m) {
        return new ConvSpec(stride, padding, dilation, groups, Objects.requireNonNull(m, "paddingMode"),
                outputPadding, flip);
    }

    /**
     * Extra cells at the end of a transposed convolution's output (ignored by a plain convolution):
     * which of the {@code s} input sizes that a stride-{@code s} convolution maps to one output size the
     * transpose restores.
     *
     * @param op at least 0 and below the stride or the dilation: one value for every spatial dimension, or one per dimension
     * @return a spec with this output padding
     * @throws IllegalArgumentException if a value is negative or none is given
     */
    public ConvSpec withOutputPadding(int... op) {
        return new ConvSpec(stride, padding, dilation, groups, paddingMode, checkList("output_padding", op, 0), flip);
    }

    /**
     * True convolution (kernel reversed) when {@code true}; cross-correlation otherwise.
     *
     * @param f whether to reverse the kernel in every spatial dimension
     * @return a spec with this choice
     */
    public ConvSpec withFlip(boolean f) {
        return new ConvSpec(stride, padding, dilation, groups, paddingMode, outputPadding, f);
    }

    private static int[] checkList(String name, int[] v, int min) {
        if (v.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one value");
        }
        return Ints.requireAtLeast(name, v.clone(), min);
    }

    /**
     * Stride for {@code dims} spatial dimensions.
     *
     * @param dims the number of spatial dimensions
     * @return one stride per dimension
     * @throws IllegalArgumentException if the spec gave another number of values than 1 or {@code dims}
     */
    public int[] stride(int dims) {
        return Ints.broadcast("stride", stride, dims);
    }

    /**
     * Dilation for {@code dims} spatial dimensions.
     *
     * @param dims the number of spatial dimensions
     * @return one dilation per dimension
     * @throws IllegalArgumentException if the spec gave another number of values than 1 or {@code dims}
     */
    public int[] dilation(int dims) {
        return Ints.broadcast("dilation", dilation, dims);
    }

    /**
     * Output padding for {@code dims} spatial dimensions.
     *
     * @param dims the number of spatial dimensions
     * @return one output padding per dimension
     * @throws IllegalArgumentException if the spec gave another number of values than 1 or {@code dims}
     */
    public int[] outputPadding(int dims) {
        return Ints.broadcast("output_padding", outputPadding, dims);
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
     * The number of channel groups.
     *
     * @return at least 1
     */
    public int groups() {
        return groups;
    }

    /**
     * What the padding cells hold.
     *
     * @return the padding mode
     */
    public PaddingMode paddingMode() {
        return paddingMode;
    }

    /**
     * Whether this is a true convolution (kernel reversed) rather than a cross-correlation.
     *
     * @return true for a true convolution
     */
    public boolean flip() {
        return flip;
    }

    /**
     * True when some output padding is non-zero.
     *
     * @return whether any dimension has output padding
     */
    public boolean hasOutputPadding() {
        for (int v : outputPadding) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvSpec c && Arrays.equals(c.stride, stride) && c.padding.equals(padding)
                && Arrays.equals(c.dilation, dilation) && c.groups == groups && c.paddingMode == paddingMode
                && Arrays.equals(c.outputPadding, outputPadding) && c.flip == flip;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stride), padding, Arrays.hashCode(dilation), groups, paddingMode,
                Arrays.hashCode(outputPadding), flip);
    }

    @Override
    public String toString() {
        return "ConvSpec{stride=" + Arrays.toString(stride) + ", padding=" + padding + ", dilation="
                + Arrays.toString(dilation) + ", groups=" + groups + ", paddingMode=" + paddingMode
                + ", outputPadding=" + Arrays.toString(outputPadding) + ", flip=" + flip + "}";
    }
}
