package org.convkit.cli.explorer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.convkit.DepthwiseSeparable;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;

/**
 * The explorer's form, as text, turned into the engine's problem. Values stay text until the
 * library's own parsers read them ({@link Ints#parseList}, {@link Padding#parse}), so a bad value
 * is reported in the library's words; a missing parameter takes the default the page starts with.
 *
 * @param operation  {@code conv}, {@code convt} (transposed), {@code dwsep} (depthwise separable),
 *                   {@code maxpool} or {@code avgpool}
 * @param size       spatial input size: {@code 7} or {@code 7,5} (height, width)
 * @param channels   input channels
 * @param filters    output channels of a convolution (pooling keeps the input's)
 * @param kernel     kernel size, one value or one per dimension
 * @param stride     stride; for pooling, blank means the kernel size
 * @param padding    numbers, {@code before:after} or a word ({@code valid}, {@code same}, {@code full},
 *                   {@code causal})
 * @param dilation   dilation
 * @param groups     channel groups of a convolution
 * @param outputPadding output padding of a transposed convolution
 * @param paddingMode what a convolution reads outside its input: {@code zeros}, {@code reflect},
 *                   {@code replicate} or {@code circular}
 * @param ceilMode   {@code true} when a pooling's output size rounds up (PyTorch's ceil_mode), else {@code false}
 */
public record Settings(String operation, String size, String channels, String filters, String kernel, String stride,
                       String padding, String dilation, String groups, String outputPadding, String paddingMode,
                       String ceilMode) {

    /** The settings the page opens with: the guide's example, a 7x7x3 input and two 3x3x3 filters at stride 2. */
    public static final Settings GUIDE = new Settings("conv", "7", "3", "2", "3", "2", "0", "1", "1", "0", "zeros", "false");

    /**
     * Reads query parameters; those absent keep {@link #GUIDE}'s value.
     *
     * @throws IllegalArgumentException for a parameter the explorer does not know, one that does
     *     not apply to the operation, or a number too large for it ({@link Parameter#check})
     */
    public static Settings from(Map<String, String> q) {
        Settings d = GUIDE;
        Parameter.check(q, Operation.parse(q.getOrDefault(Parameter.OPERATION.key(), d.operation)));
        return new Settings(q.getOrDefault(Parameter.OPERATION.key(), d.operation),
                q.getOrDefault(Parameter.SIZE.key(), d.size), q.getOrDefault(Parameter.CHANNELS.key(), d.channels),
                q.getOrDefault(Parameter.FILTERS.key(), d.filters), q.getOrDefault(Parameter.KERNEL.key(), d.kernel),
                q.getOrDefault(Parameter.STRIDE.key(), d.stride), q.getOrDefault(Parameter.PADDING.key(), d.padding),
                q.getOrDefault(Parameter.DILATION.key(), d.dilation), q.getOrDefault(Parameter.GROUPS.key(), d.groups),
                q.getOrDefault(Parameter.OUTPUT_PADDING.key(), d.outputPadding),
                q.getOrDefault(Parameter.PADDING_MODE.key(), d.paddingMode),
                q.getOrDefault(Parameter.CEIL_MODE.key(), d.ceilMode));
    }

    /** These settings for one input channel and one filter (groups 1): the same sliding, drawn smaller. */
    Settings oneChannel() {
        return new Settings(operation, size, "1", "1", kernel, stride, padding, dilation, "1", outputPadding,
                paddingMode, ceilMode);
    }

    /** Whether a pooling's output size rounds up. */
    public boolean ceil() {
        return switch (ceilMode.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("ceil_mode '" + ceilMode + "' is not true or false");
        };
    }

    /** Which operation the form asks for. */
    public enum Operation {
        CONV("convolution"), CONV_TRANSPOSE("transposed convolution"),
        DEPTHWISE_SEPARABLE("depthwise separable convolution"), MAX_POOL("max pooling"), AVG_POOL("average pooling");

        private final String title;

        Operation(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        public boolean pooling() {
            return this == MAX_POOL || this == AVG_POOL;
        }

        static Operation parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "conv" -> CONV;
                case "convt" -> CONV_TRANSPOSE;
                case "dwsep" -> DEPTHWISE_SEPARABLE;
                case "maxpool" -> MAX_POOL;
                case "avgpool" -> AVG_POOL;
                default -> throw new IllegalArgumentException("operation '" + s
                        + "' is not one of conv, convt, dwsep, maxpool, avgpool");
            };
        }
    }

    public Operation op() {
        return Operation.parse(operation);
    }

    /** The spatial input size, height then width (a single value is a square). */
    public int[] spatial() {
        int[] hw = Ints.broadcast("input size", Ints.parseList("input size", size), 2);
        return Ints.requireAtLeast("input size", hw, 1);
    }

    public int inChannels() {
        return one("channels", channels, 1);
    }

    public int filterCount() {
        return one("filters", filters, 1);
    }

    /** The kernel's height and width. */
    public int[] kernelSize() {
        return Ints.requireAtLeast("kernel", Ints.broadcast("kernel", Ints.parseList("kernel", kernel), 2), 1);
    }

    /** Stride, padding and dilation as the engine reads them; groups 1 and no output padding. */
    public ConvSpec slide() {
        return ConvSpec.defaults().withStride(Ints.parseList("stride", stride)).withPadding(Padding.parse(padding))
                .withDilation(Ints.parseList("dilation", dilation));
    }

    /** What a convolution reads outside its input (the page offers it for a convolution only). */
    public PaddingMode mode() {
        return PaddingMode.parse(paddingMode);
    }

    /**
     * The engine's view of a convolution or transposed convolution: an unbatched input
     * (C, H, W) and a weight laid out as PyTorch does, checked by {@link ConvProblem}. For a
     * depthwise separable convolution, its depthwise stage: weight (C, 1, kh, kw), groups C.
     */
    public ConvProblem convProblem() {
        Operation op = op();
        if (op.pooling()) {
            throw new IllegalStateException(op.title() + " is not a convolution");
        }
        int[] hw = spatial();
        int c = inChannels();
        int f = filterCount();
        int[] k = kernelSize();
        if (op == Operation.DEPTHWISE_SEPARABLE) {
            return ConvProblem.conv(new int[] {c, hw[0], hw[1]}, new int[] {c, 1, k[0], k[1]}, slide().withGroups(c));
        }
        int g = one("groups", groups, 1);
        ConvSpec s = slide().withGroups(g);
        if (op == Operation.CONV) {
            s = s.withPaddingMode(mode());
        }
        if (op == Operation.CONV_TRANSPOSE) {
            s = s.withOutputPadding(Ints.parseList("output_padding", outputPadding));
            if (f % g != 0) {
                throw new IllegalArgumentException("out_channels (filters) " + f + " is not divisible by groups " + g);
            }
            return ConvProblem.convTranspose(new int[] {c, hw[0], hw[1]}, new int[] {c, f / g, k[0], k[1]}, s);
        }
        // the weight (out, in/groups, kh, kw) is made to fit; ConvProblem then words what does not divide
        int perGroup = c % g == 0 ? c / g : Math.max(1, c / g);
        return ConvProblem.conv(new int[] {c, hw[0], hw[1]}, new int[] {f, perGroup, k[0], k[1]}, s);
    }

    /** The engine's view of a pooling over an unbatched input (C, H, W). */
    public PoolProblem poolProblem() {
        Operation op = op();
        if (!op.pooling()) {
            throw new IllegalStateException(op.title() + " is not a pooling");
        }
        int[] hw = spatial();
        int[] k = Ints.broadcast("kernel", Ints.parseList("kernel", kernel), 2);
        PoolSpec s = PoolSpec.of(op == Operation.MAX_POOL ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG, k)
                .withPadding(Padding.parse(padding)).withCeilMode(ceil());
        if (!stride.isBlank()) {
            s = s.withStride(Ints.parseList("stride", stride));
        }
        if (op == Operation.MAX_POOL) {
            s = s.withDilation(Ints.parseList("dilation", dilation));
        }
        return PoolProblem.of(new int[] {inChannels(), hw[0], hw[1]}, s);
    }

    /** The geometry of whichever operation is asked for. */
    public Geometry geometry() {
        return op().pooling() ? poolProblem().geometry() : convProblem().geometry();
    }

    /** The output shape (C, H, W), as the engine computes it. */
    public int[] outputShape() {
        if (op() == Operation.DEPTHWISE_SEPARABLE) {
            int[] hw = convProblem().geometry().output();
            return new int[] {filterCount(), hw[0], hw[1]};
        }
        return op().pooling() ? poolProblem().userOutputShape() : convProblem().userOutputShape();
    }

    /** Weights and multiply-adds of a depthwise separable convolution against the standard one it replaces. */
    public DepthwiseSeparable.Cost separableCost() {
        int[] k = kernelSize();
        int c = inChannels();
        int[] hw = spatial();
        return DepthwiseSeparable.cost(new int[] {c, hw[0], hw[1]}, new int[] {c, 1, k[0], k[1]},
                new int[] {filterCount(), c, 1, 1}, slide());
    }

    /** The input shape (C, H, W). */
    public int[] inputShape() {
        return op().pooling() ? poolProblem().userInputShape() : convProblem().userInputShape();
    }

    private static int one(String name, String text, int min) {
        int[] v = Ints.parseList(name, text);
        if (v.length != 1) {
            throw new IllegalArgumentException(name + " takes one integer, got " + v.length + " values "
                    + Arrays.toString(v));
        }
        return Ints.requireAtLeast(name, v, min)[0];
    }
}
