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
            PaddingMode.ZEROS, new int[] {0}, false, null);

    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final int groups;
    private final PaddingMode paddingMode;
    private final int[] outputPadding;
    private final boolean flip;
    /** A transposed convolution's requested output size (ONNX's output_shape), or null. */
    private final int[] outputSize;

    private ConvSpec(int[] stride, Padding padding, int[] dilation, int groups, PaddingMode paddingMode,
                     int[] outputPadding, boolean flip, int[] outputSize) {
        this.outputSize = outputSize;
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
        return new ConvSpec(checkList("stride", s, 1), padding, dilation, groups, paddingMode, outputPadding, flip,
                outputSize);
    }

    @Override
    public ConvSpec withPadding(Padding p) {
        return new ConvSpec(stride, Objects.requireNonNull(p, "padding"), dilation, groups, paddingMode,
                outputPadding, flip, outputSize);
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
        return new ConvSpec(stride, padding, checkList("dilation", d, 1), groups, paddingMode, outputPadding, flip,
                outputSize);
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
        return new ConvSpec(stride, padding, dilation, g, paddingMode, outputPadding, flip, outputSize);
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
                outputPadding, flip, outputSize);
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
        return new ConvSpec(stride, padding, dilation, groups, paddingMode, checkList("output_padding", op, 0), flip,
                outputSize);
    }

    /**
     * A transposed convolution's output size, reached by choosing its padding (ONNX's
     * {@code output_shape}); a plain convolution refuses it. The padding must then be 0 (the
     * default), {@code same} or {@code same-lower}: the crop {@code (n-1)s + d(k-1) + 1 - size} is
     * split evenly with an odd cell after, or before for {@code same-lower} (ONNX's SAME_UPPER and
     * SAME_LOWER); a size beyond the uncropped output adds output padding, below
     * max(stride, dilation). No output padding may be given with it.
     *
     * @param size at least 1: one value for every spatial dimension, or one per dimension
     * @return a spec with this output size
     * @throws IllegalArgumentException if a value is below 1 or none is given
     */
    public ConvSpec withOutputSize(int... size) {
        return new ConvSpec(stride, padding, dilation, groups, paddingMode, outputPadding, flip,
                checkList("output size", size, 1));
    }

    /**
     * This spec with the padding and output padding a geometry resolved (words and an output size
     * replaced by their numbers), so that one problem's parts can be set up alone.
     *
     * @param g the geometry of this spec for some input
     * @return a spec with explicit padding and output padding, and no output size
     */
    public ConvSpec withResolvedPadding(Geometry g) {
        return new ConvSpec(stride, Padding.of(g.padBefore(), g.padAfter()), dilation, groups, paddingMode,
                g.outputPadding(), flip, null);
    }

    /**
     * True convolution (kernel reversed) when {@code true}; cross-correlation otherwise.
     *
     * @param f whether to reverse the kernel in every spatial dimension
     * @return a spec with this choice
     */
    public ConvSpec withFlip(boolean f) {
        return new ConvSpec(stride, padding, dilation, groups, paddingMode, outputPadding, f, outputSize);
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
     * The requested output size for {@code dims} spatial dimensions, or null when none was asked.
     *
     * @param dims the number of spatial dimensions
     * @return one extent per dimension, or null
     * @throws IllegalArgumentException if the spec gave another number of values than 1 or {@code dims}
     */
    public int[] outputSize(int dims) {
        return outputSize == null ? null : Ints.broadcast("output size", outputSize, dims);
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
                && Arrays.equals(c.outputPadding, outputPadding) && c.flip == flip
                && Arrays.equals(c.outputSize, outputSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stride), padding, Arrays.hashCode(dilation), groups, paddingMode,
                Arrays.hashCode(outputPadding), flip, Arrays.hashCode(outputSize));
    }

    @Override
    public String toString() {
        return "ConvSpec{stride=" + Arrays.toString(stride) + ", padding=" + padding + ", dilation="
                + Arrays.toString(dilation) + ", groups=" + groups + ", paddingMode=" + paddingMode
                + ", outputPadding=" + Arrays.toString(outputPadding) + ", flip=" + flip
                + (outputSize == null ? "" : ", outputSize=" + Arrays.toString(outputSize)) + "}";
    }
}
