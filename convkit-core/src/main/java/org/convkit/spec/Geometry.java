package org.convkit.spec;

import java.util.Arrays;
import java.util.Locale;

/**
 * A convolution's, transposed convolution's or pooling's arithmetic resolved against concrete
 * spatial sizes: padding words become numbers, and every output size comes from here.
 *
 * <p>Per spatial dimension, with input n, kernel k, stride s, dilation d, padding before/after
 * p_b/p_a and output padding o, the kernel spans {@code d(k-1)+1} cells and
 * <pre>
 *   convolution:            n_out = floor((n + p_b + p_a - d(k-1) - 1) / s) + 1
 *   transposed convolution: n_out = (n - 1) s - p_b - p_a + d(k-1) + o + 1
 *   pooling (ceil mode):    n_out = ceil((n + p_b + p_a - d(k-1) - 1) / s) + 1,
 *                           less one if the last window would start past the input and p_b
 * </pre>
 * A transposed convolution's padding and padding words mean those of the convolution it is the
 * adjoint of; {@code same} and {@code same-lower} make its output exactly {@code n * s}.
 */
public final class Geometry {
    /** Which arithmetic. */
    public enum Kind {
        /** A convolution's. */
        CONV,
        /** A transposed convolution's. */
        CONV_TRANSPOSE,
        /** A pooling's. */
        POOL
    }

    private final Kind kind;
    private final int[] input;
    private final int[] kernel;
    private final int[] stride;
    private final int[] dilation;
    private final int[] padBefore;
    private final int[] padAfter;
    private final int[] outputPadding;
    private final int[] output;
    private final boolean ceilMode;
    private final Padding padding;
    /** A transposed convolution's requested output size, from which its padding was chosen, or null. */
    private final int[] requestedOutput;

    private Geometry(Kind kind, int[] input, int[] kernel, int[] stride, int[] dilation, int[] padBefore,
                     int[] padAfter, int[] outputPadding, int[] output, boolean ceilMode, Padding padding,
                     int[] requestedOutput) {
        this.requestedOutput = requestedOutput;
        this.kind = kind;
        this.input = input;
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = dilation;
        this.padBefore = padBefore;
        this.padAfter = padAfter;
        this.outputPadding = outputPadding;
        this.output = output;
        this.ceilMode = ceilMode;
        this.padding = padding;
    }

    /**
     * The geometry of a convolution of spatial size {@code input} with a kernel of spatial size {@code kernel}.
     *
     * @param input the input's spatial extents (no batch or channel dimension)
     * @param kernel the kernel's spatial extents, one per input dimension
     * @param spec stride, padding, dilation
     * @return the resolved geometry
     * @throws IllegalArgumentException if a size or parameter is out of range or the kernel does not fit,
     *     naming the parameter, the numbers and the fix
     */
    public static Geometry conv(int[] input, int[] kernel, ConvSpec spec) {
        int dims = checkDims(input, kernel);
        int[] s = spec.stride(dims);
        int[] d = spec.dilation(dims);
        int[][] pad = resolve(spec.padding(), input, kernel, s, d, false);
        int[] out = new int[dims];
        for (int i = 0; i < dims; i++) {
            int span = span(kernel[i], d[i]);
            long padded = (long) input[i] + pad[0][i] + pad[1][i];
            if (span > padded) {
                throw new IllegalArgumentException("kernel " + kernel[i] + " with dilation " + d[i] + " spans " + span
                        + " cells but the padded input has " + padded + " (input " + input[i] + " + padding "
                        + pad[0][i] + "+" + pad[1][i] + ")" + where(i, dims) + "; " + fitHint(span, input[i]));
            }
            out[i] = convOutput(input[i], kernel[i], s[i], d[i], pad[0][i], pad[1][i]);
        }
        if (spec.outputSize(dims) != null) {
            throw new IllegalArgumentException("an output size " + Arrays.toString(spec.outputSize(dims)) + " is for "
                    + "transposed convolutions; a convolution's output size follows from its padding and stride");
        }
        return new Geometry(Kind.CONV, input.clone(), kernel.clone(), s, d, pad[0], pad[1], new int[dims], out,
                false, spec.padding(), null);
    }

    /**
     * The geometry of a transposed convolution whose input has spatial size {@code input}.
     *
     * @param input the input's spatial extents (no batch or channel dimension)
     * @param kernel the kernel's spatial extents, one per input dimension
     * @param spec stride, padding (that of the convolution it is the adjoint of), dilation, output padding
     * @return the resolved geometry
     * @throws IllegalArgumentException if a size or parameter is out of range or the kernel does not fit,
     *     naming the parameter, the numbers and the fix
     */
    public static Geometry convTranspose(int[] input, int[] kernel, ConvSpec spec) {
        int dims = checkDims(input, kernel);
        int[] s = spec.stride(dims);
        int[] d = spec.dilation(dims);
        int[] target = spec.outputSize(dims);
        if (target != null) {
            return toOutputSize(input, kernel, spec, s, d, target);
        }
        int[][] pad = resolve(spec.padding(), input, kernel, s, d, true);
        int[] op = spec.outputPadding(dims);
        if (spec.padding().word() == Padding.Word.SAME || spec.padding().word() == Padding.Word.SAME_LOWER) {
            if (spec.hasOutputPadding()) {
                throw new IllegalArgumentException("output_padding " + Arrays.toString(op) + " cannot be combined with "
                        + "padding '" + spec.padding() + "', which chooses the output padding that makes the output input*stride");
            }
            op = new int[dims];
            for (int i = 0; i < dims; i++) {
                op[i] = Math.max(0, s[i] - span(kernel[i], d[i]));
            }
        }
        int[] out = new int[dims];
        for (int i = 0; i < dims; i++) {
            if (op[i] >= Math.max(s[i], d[i])) {
                throw new IllegalArgumentException("output_padding " + op[i] + where(i, dims) + " must be smaller than "
                        + "the stride " + s[i] + " or the dilation " + d[i] + " (larger values add cells that no input "
                        + "reaches); use at most " + (Math.max(s[i], d[i]) - 1));
            }
            out[i] = transposedOutput(input[i], kernel[i], s[i], d[i], pad[0][i], pad[1][i], op[i]);
            if (out[i] < 1) {
                long full = ((long) input[i] - 1) * s[i] + span(kernel[i], d[i]) + op[i];
                throw new IllegalArgumentException("transposed convolution output would have " + out[i] + " cells"
                        + where(i, dims) + ": padding " + pad[0][i] + "+" + pad[1][i] + " crops more than the "
                        + full + " cells it produces; use padding of at most " + (full - 1) + " in total");
            }
        }
        return new Geometry(Kind.CONV_TRANSPOSE, input.clone(), kernel.clone(), s, d, pad[0], pad[1], op, out, false,
                spec.padding(), null);
    }

    /**
     * A transposed convolution whose padding is chosen for a target output size (ONNX's
     * output_shape): the uncropped output (n-1)s + d(k-1) + 1 is cropped by the difference, split
     * evenly with an odd cell after (padding 0 or same: ONNX's SAME_UPPER and ONNX Runtime's default)
     * or before (same-lower: ONNX's SAME_LOWER); a larger target adds output padding at the end.
     */
    private static Geometry toOutputSize(int[] input, int[] kernel, ConvSpec spec, int[] s, int[] d, int[] target) {
        int dims = input.length;
        Padding p = spec.padding();
        boolean lower = p.word() == Padding.Word.SAME_LOWER;
        boolean zero = !p.isWord() && Ints.sum(p.before(dims)) == 0 && Ints.sum(p.after(dims)) == 0;
        if (!(zero || p.word() == Padding.Word.SAME || lower)) {
            throw new IllegalArgumentException("output size " + Arrays.toString(target) + " chooses the padding, so "
                    + "padding '" + p + "' cannot be given with it; drop the padding, or use 'same' or 'same-lower' to "
                    + "put an odd crop's extra cell after or before");
        }
        if (spec.hasOutputPadding()) {
            throw new IllegalArgumentException("output size " + Arrays.toString(target) + " chooses the output padding, "
                    + "so output_padding " + Arrays.toString(spec.outputPadding(dims)) + " cannot be given with it; "
                    + "drop one of them");
        }
        int[] pb = new int[dims];
        int[] pa = new int[dims];
        int[] op = new int[dims];
        for (int i = 0; i < dims; i++) {
            int full = transposedOutput(input[i], kernel[i], s[i], d[i], 0, 0, 0);
            int most = full + Math.max(s[i], d[i]) - 1;
            if (target[i] > most) {
                throw new IllegalArgumentException("output size " + target[i] + where(i, dims) + " is more than this "
                        + "transposed convolution can give: (n - 1)s + d(k-1) + 1 = (" + input[i] + " - 1)*" + s[i]
                        + " + " + d[i] + "*" + (kernel[i] - 1) + " + 1 = " + full + " cells, plus output padding below "
                        + "max(stride, dilation) = " + Math.max(s[i], d[i]) + "; use at most " + most);
            }
            int crop = full - target[i];
            if (crop >= 0) {
                pb[i] = lower ? crop - crop / 2 : crop / 2;
                pa[i] = crop - pb[i];
            } else {
                op[i] = -crop;
            }
        }
        int[] out = target.clone();
        return new Geometry(Kind.CONV_TRANSPOSE, input.clone(), kernel.clone(), s, d, pb, pa, op, out, false, p,
                target.clone());
    }

    /**
     * The geometry of a pooling of spatial size {@code input}.
     *
     * @param input the input's spatial extents (no batch or channel dimension)
     * @param spec window, stride, padding, dilation, ceil mode
     * @return the resolved geometry
     * @throws IllegalArgumentException if a size or parameter is out of range or the kernel does not fit,
     *     naming the parameter, the numbers and the fix
     */
    public static Geometry pool(int[] input, PoolSpec spec) {
        int dims = input.length;
        int[] k = spec.kernel(dims);
        checkDims(input, k);
        int[] s = spec.stride(dims);
        int[] d = spec.dilation(dims);
        int[][] pad = resolve(spec.padding(), input, k, s, d, false);
        int[] out = new int[dims];
        for (int i = 0; i < dims; i++) {
            int span = span(k[i], d[i]);
            // PyTorch stops at half the span; ONNX allows more, and a padding below the span still
            // leaves every window reaching the input, so only a whole window of padding is refused
            if (pad[0][i] >= span || pad[1][i] >= span) {
                throw new IllegalArgumentException("pooling padding " + pad[0][i] + ":" + pad[1][i] + where(i, dims)
                        + " is as wide as the window (" + span + " cells), so some windows would hold only "
                        + "padding; use padding of at most " + (span - 1));
            }
            int padded = checked("the padded input", (long) input[i] + pad[0][i] + pad[1][i]);
            if (span > padded) {
                throw new IllegalArgumentException("pooling window " + k[i] + " with dilation " + d[i] + " spans " + span
                        + " cells but the padded input has " + padded + " (input " + input[i] + " + padding "
                        + pad[0][i] + "+" + pad[1][i] + ")" + where(i, dims) + "; use a window of at most " + padded);
            }
            int num = padded - span;
            int o = (spec.ceilMode() ? Math.floorDiv(num + s[i] - 1, s[i]) : Math.floorDiv(num, s[i])) + 1;
            if (spec.ceilMode() && (o - 1) * s[i] >= input[i] + pad[0][i]) {
                o--;
            }
            out[i] = o;
        }
        return new Geometry(Kind.POOL, input.clone(), k, s, d, pad[0], pad[1], new int[dims], out, spec.ceilMode(),
                spec.padding(), null);
    }

    private static int checkDims(int[] input, int[] kernel) {
        if (input.length != kernel.length) {
            throw new IllegalArgumentException("the input has " + input.length + " spatial dimensions "
                    + Arrays.toString(input) + " but the kernel has " + kernel.length + " " + Arrays.toString(kernel));
        }
        if (input.length < 1) {
            throw new IllegalArgumentException("at least one spatial dimension is needed");
        }
        Ints.requireAtLeast("input size", input, 1);
        Ints.requireAtLeast("kernel size", kernel, 1);
        return input.length;
    }

    /**
     * Cells a kernel of size k covers with dilation d.
     *
     * @param k the kernel's extent
     * @param d the dilation
     * @return {@code d(k-1) + 1}
     * @throws IllegalArgumentException if that overflows an int
     */
    public static int span(int k, int d) {
        return checked("kernel " + k + " with dilation " + d + " spans", (long) d * (k - 1) + 1);
    }

    /**
     * A convolution's output size in one dimension: {@code floor((n + p_b + p_a - d(k-1) - 1) / s) + 1}.
     *
     * @param n the input's extent
     * @param k the kernel's extent
     * @param s the stride
     * @param d the dilation
     * @param pb the padding before
     * @param pa the padding after
     * @return the output's extent (zero or less when the kernel does not fit)
     * @throws IllegalArgumentException if a sum overflows an int
     */
    public static int convOutput(int n, int k, int s, int d, int pb, int pa) {
        long padded = checked("the padded input", (long) n + pb + pa);
        return (int) Math.floorDiv(padded - span(k, d), (long) s) + 1;
    }

    /**
     * A transposed convolution's output size in one dimension: {@code (n - 1) s - p_b - p_a + d(k-1) + o + 1}.
     *
     * @param n the input's extent
     * @param k the kernel's extent
     * @param s the stride
     * @param d the dilation
     * @param pb the padding before
     * @param pa the padding after
     * @param op the output padding
     * @return the output's extent
     * @throws IllegalArgumentException if the result overflows an int
     */
    public static int transposedOutput(int n, int k, int s, int d, int pb, int pa, int op) {
        return checked("the transposed convolution output", ((long) n - 1) * s - pb - pa + span(k, d) + op);
    }

    /** Sizes are Java ints (arrays are int-indexed): a larger one is an error, never a silent wrap. */
    private static int checked(String what, long cells) {
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " " + cells + " cells, more than one Java array can index ("
                    + (Integer.MAX_VALUE - 8) + ")");
        }
        return (int) cells;
    }

    /** Padding before [0] and after [1] per dimension, words resolved. */
    private static int[][] resolve(Padding p, int[] in, int[] k, int[] s, int[] d, boolean transposed) {
        int dims = in.length;
        if (!p.isWord()) {
            return new int[][] {p.before(dims), p.after(dims)};
        }
        int[] b = new int[dims];
        int[] a = new int[dims];
        for (int i = 0; i < dims; i++) {
            int span = span(k[i], d[i]);
            switch (p.word()) {
                case VALID:
                    break;
                case FULL:
                    b[i] = span - 1;
                    a[i] = span - 1;
                    break;
                case CAUSAL:
                    b[i] = span - 1;
                    break;
                case SAME:
                case SAME_LOWER: {
                    // For a transposed convolution 'same' means the adjoint of 'same' on an input n*s wide.
                    long n = transposed ? (long) in[i] * s[i] : in[i];
                    long out = (n + s[i] - 1) / s[i];
                    int total = (int) Math.max((out - 1) * s[i] + span - n, 0);
                    // ONNX's SAME_UPPER and SAME_LOWER: which side takes an odd total's extra cell
                    b[i] = p.word() == Padding.Word.SAME ? total / 2 : total - total / 2;
                    a[i] = total - b[i];
                    break;
                }
                default:
                    throw new AssertionError(p.word());
            }
        }
        return new int[][] {b, a};
    }

    private static String fitHint(int span, int n) {
        int p = (span - n + 1) / 2;
        return "padding " + p + " on each side would make this fit";
    }

    private static String where(int i, int dims) {
        return dims == 1 ? "" : " in spatial dimension " + i + " (" + axisName(i, dims) + ")";
    }

    /**
     * The conventional name of spatial axis {@code i} of {@code dims}: length; height, width; depth, height, width.
     *
     * @param i the spatial axis, from 0
     * @param dims the number of spatial dimensions
     * @return its name, or {@code "axis i"} beyond three dimensions
     */
    public static String axisName(int i, int dims) {
        switch (dims) {
            case 1:
                return "length";
            case 2:
                return i == 0 ? "height" : "width";
            case 3:
                return new String[] {"depth", "height", "width"}[i];
            default:
                return "axis " + i;
        }
    }

    /**
     * Which arithmetic this is.
     *
     * @return convolution, transposed convolution or pooling
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The number of spatial dimensions.
     *
     * @return 1, 2 or 3
     */
    public int dims() {
        return input.length;
    }

    /**
     * The input's spatial extents.
     *
     * @return a copy, one per dimension
     */
    public int[] input() {
        return input.clone();
    }

    /**
     * The kernel's (or window's) spatial extents.
     *
     * @return a copy, one per dimension
     */
    public int[] kernel() {
        return kernel.clone();
    }

    /**
     * The stride in each dimension.
     *
     * @return a copy, one per dimension
     */
    public int[] stride() {
        return stride.clone();
    }

    /**
     * The dilation in each dimension.
     *
     * @return a copy, one per dimension
     */
    public int[] dilation() {
        return dilation.clone();
    }

    /**
     * The padding before each dimension, padding words resolved.
     *
     * @return a copy, one per dimension
     */
    public int[] padBefore() {
        return padBefore.clone();
    }

    /**
     * The padding after each dimension, padding words resolved.
     *
     * @return a copy, one per dimension
     */
    public int[] padAfter() {
        return padAfter.clone();
    }

    /**
     * A transposed convolution's output padding (zeros otherwise).
     *
     * @return a copy, one per dimension
     */
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    /**
     * The output's spatial extents.
     *
     * @return a copy, one per dimension
     */
    public int[] output() {
        return output.clone();
    }

    /**
     * Whether a pooling rounds its output size up.
     *
     * @return the ceil mode (false for convolutions)
     */
    public boolean ceilMode() {
        return ceilMode;
    }

    /**
     * The padding as the user gave it (a word or numbers).
     *
     * @return the padding before resolution
     */
    public Padding requestedPadding() {
        return padding;
    }

    /**
     * The arithmetic worked through with these numbers, one paragraph per spatial dimension: how a
     * padding word was resolved, then the formula, the numbers put in, and the result.
     *
     * @return the text, for people
     */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(axisName(i, dims())).append(": ");
            explainDim(sb, i);
        }
        return sb.toString();
    }

    private void explainDim(StringBuilder sb, int i) {
        int n = input[i];
        int k = kernel[i];
        int s = stride[i];
        int d = dilation[i];
        int pb = padBefore[i];
        int pa = padAfter[i];
        if (requestedOutput != null) {
            int full = transposedOutput(n, k, s, d, 0, 0, 0);
            sb.append("output size ").append(requestedOutput[i]).append(" asked: the uncropped output is (n - 1)s + "
                    + "d(k-1) + 1 = ").append(full);
            if (full >= requestedOutput[i]) {
                sb.append(", so ").append(full - requestedOutput[i]).append(" cropped: ").append(pb).append(" before and ")
                        .append(pa).append(" after").append((pb + pa) % 2 == 0 ? "" : pb > pa ? " (the odd cell before)"
                        : " (the odd cell after)");
            } else {
                sb.append(", so output padding ").append(outputPadding[i]);
            }
            sb.append("; ");
        } else if (padding.isWord()) {
            sb.append("padding '").append(padding).append("' gives ").append(pb).append(" before and ").append(pa)
                    .append(" after");
            switch (padding.word()) {
                case SAME:
                case SAME_LOWER:
                    int m = kind == Kind.CONV_TRANSPOSE ? n * s : n;
                    sb.append(" (total max((ceil(").append(m).append('/').append(s).append(")-1)*").append(s)
                            .append(" + ").append(span(k, d)).append(" - ").append(m).append(", 0) = ").append(pb + pa)
                            .append((pb + pa) % 2 == 0 ? ")" : pb > pa ? ", the odd cell before)" : ", the odd cell after)");
                    break;
                case FULL:
                    sb.append(" (d(k-1) = ").append(pb).append(" on each side)");
                    break;
                case CAUSAL:
                    sb.append(" (d(k-1) = ").append(pb).append(" before, none after)");
                    break;
                default:
                    break;
            }
            sb.append("; ");
        }
        switch (kind) {
            case CONV:
                sb.append("n_out = floor((n + p_before + p_after - d(k-1) - 1)/s) + 1 = floor((")
                        .append(n).append(" + ").append(pb).append(" + ").append(pa).append(" - ").append(d)
                        .append('*').append(k - 1).append(" - 1)/").append(s).append(") + 1 = floor(")
                        .append(n + pb + pa - span(k, d)).append('/').append(s).append(") + 1 = ").append(output[i]);
                break;
            case CONV_TRANSPOSE:
                sb.append("n_out = (n - 1)s - p_before - p_after + d(k-1) + output_padding + 1 = (")
                        .append(n).append(" - 1)*").append(s).append(" - ").append(pb).append(" - ").append(pa)
                        .append(" + ").append(d).append('*').append(k - 1).append(" + ").append(outputPadding[i])
                        .append(" + 1 = ").append(output[i]);
                break;
            case POOL:
                String round = ceilMode ? "ceil" : "floor";
                int num = n + pb + pa - span(k, d);
                sb.append("n_out = ").append(round).append("((n + p_before + p_after - d(k-1) - 1)/s) + 1 = ")
                        .append(round).append("((").append(n).append(" + ").append(pb).append(" + ").append(pa)
                        .append(" - ").append(d).append('*').append(k - 1).append(" - 1)/").append(s).append(") + 1 = ")
                        .append(round).append('(').append(num).append('/').append(s).append(") + 1");
                int raw = (ceilMode ? Math.floorDiv(num + s - 1, s) : Math.floorDiv(num, s)) + 1;
                if (raw != output[i]) {
                    sb.append(" = ").append(raw).append(", less one because the last window would start at ")
                            .append((raw - 1) * s).append(", past the input and its leading padding");
                }
                sb.append(" = ").append(output[i]);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + Ints.times(input) + " -> " + Ints.times(output);
    }
}
