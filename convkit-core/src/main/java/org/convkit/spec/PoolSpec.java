package org.convkit.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The parameters of max, average or Lp pooling, as PyTorch names them.
 *
 * <p>Defaults: stride = kernel, padding 0, dilation 1, floor mode, padding counted in averages
 * ({@code count_include_pad=True}). Beyond PyTorch, as ONNX allows: average and Lp pooling take a
 * dilation too (the window's taps step the dilation, and an average divides by its taps: those
 * inside the padded input, or only the real ones without count_include_pad), and padding may be
 * wider than half the window, up to one cell less than the window's span (PyTorch refuses more
 * than half; ONNX Runtime refuses a padding as large as the window).
 */
public final class PoolSpec implements SlidingSpec<PoolSpec> {
    /** Which reduction a window performs. */
    public enum Kind {
        /** The window's largest value. */
        MAX,
        /** The window's mean (over its real cells only without count_include_pad). */
        AVG,
        /** The window's p-norm, {@code (sum |x|^p)^(1/p)} over its real cells (ONNX's LpPool; padding adds nothing). */
        LP;

        /**
         * Parses {@code max}, {@code avg} ({@code average} and {@code mean} too) or {@code lp}, in any case.
         *
         * @param s the name
         * @return the kind
         * @throws IllegalArgumentException if it is neither
         */
        public static Kind parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("max")) {
                return MAX;
            }
            if (t.equals("avg") || t.equals("average") || t.equals("mean")) {
                return AVG;
            }
            if (t.equals("lp") || t.equals("lppool")) {
                return LP;
            }
            throw new IllegalArgumentException("pooling kind '" + s + "' is not one of max, avg, lp");
        }
    }

    private final Kind kind;
    private final int[] kernel;
    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    /** Lp pooling's power (2 for the other kinds, where it is unused). */
    private final double p;

    private PoolSpec(Kind kind, int[] kernel, int[] stride, Padding padding, int[] dilation, boolean ceilMode,
                     boolean countIncludePad, double p) {
        this.kind = kind;
        this.p = p;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    /**
     * Max pooling with this window, its stride equal to the window.
     *
     * @param kernel the window, at least 1: one value for every spatial dimension, or one per dimension
     * @return the spec
     * @throws IllegalArgumentException if a value is below 1 or none is given
     */
    public static PoolSpec max(int... kernel) {
        return new PoolSpec(Kind.MAX, check("kernel", kernel, 1), null, Padding.of(0), new int[] {1}, false, true, 2);
    }

    /**
     * Average pooling with this window, its stride equal to the window.
     *
     * @param kernel the window, at least 1: one value for every spatial dimension, or one per dimension
     * @return the spec
     * @throws IllegalArgumentException if a value is below 1 or none is given
     */
    public static PoolSpec avg(int... kernel) {
        return new PoolSpec(Kind.AVG, check("kernel", kernel, 1), null, Padding.of(0), new int[] {1}, false, true, 2);
    }

    /**
     * Lp pooling (ONNX's LpPool): each window's p-norm {@code (sum |x|^p)^(1/p)} over its real
     * cells, padding adding nothing; its stride equal to the window.
     *
     * @param p the power, at least 1 and finite (ONNX's {@code p}, default 2)
     * @param kernel the window, at least 1: one value for every spatial dimension, or one per dimension
     * @return the spec
     * @throws IllegalArgumentException if p is below 1 or not finite, or a kernel value is below 1
     */
    public static PoolSpec lp(double p, int... kernel) {
        return new PoolSpec(Kind.LP, check("kernel", kernel, 1), null, Padding.of(0), new int[] {1}, false, true,
                checkPower(p));
    }

    private static double checkPower(double p) {
        if (!(p >= 1) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("Lp pooling's power p is " + p + " but must be at least 1 and finite "
                    + "(p = 2, the default, is the Euclidean norm; the largest |x| is max pooling of |x|)");
        }
        return p;
    }

    /**
     * Max or average pooling with this window.
     *
     * @param kind max or average
     * @param kernel the window, at least 1: one value for every spatial dimension, or one per dimension
     * @return the spec
     * @throws IllegalArgumentException if a value is below 1 or none is given
     */
    public static PoolSpec of(Kind kind, int... kernel) {
        return kind == Kind.MAX ? max(kernel) : kind == Kind.AVG ? avg(kernel) : lp(2, kernel);
    }

    @Override
    public PoolSpec withStride(int... s) {
        return new PoolSpec(kind, kernel, check("stride", s, 1), padding, dilation, ceilMode, countIncludePad, p);
    }

    @Override
    public PoolSpec withPadding(Padding p) {
        return new PoolSpec(kind, kernel, stride, Objects.requireNonNull(p, "padding"), dilation, ceilMode,
                countIncludePad, this.p);
    }

    /**
     * Symmetric explicit padding.
     *
     * @param p at least 0, the same before and after: one value for every spatial dimension, or one per dimension
     * @return a spec with this padding
     * @throws IllegalArgumentException if a value is negative or none is given
     */
    public PoolSpec withPadding(int... p) {
        return withPadding(Padding.of(p));
    }

    /** Average and Lp pooling take a dilation as ONNX defines it (PyTorch has none for them). */
    @Override
    public PoolSpec withDilation(int... d) {
        return new PoolSpec(kind, kernel, stride, padding, check("dilation", d, 1), ceilMode, countIncludePad, p);
    }

    /**
     * Rounds the output size up (PyTorch's ceil_mode), dropping a last window that would start in the
     * padding after the input.
     *
     * @param c whether to round up
     * @return a spec with this choice
     */
    public PoolSpec withCeilMode(boolean c) {
        return new PoolSpec(kind, kernel, stride, padding, dilation, c, countIncludePad, p);
    }

    /**
     * Whether padding cells count in an average's divisor (PyTorch's count_include_pad).
     *
     * @param c true to divide by the whole window, false by its real cells
     * @return a spec with this choice
     */
    public PoolSpec withCountIncludePad(boolean c) {
        return new PoolSpec(kind, kernel, stride, padding, dilation, ceilMode, c, p);
    }

    /**
     * Lp pooling's power.
     *
     * @param power at least 1 and finite
     * @return a spec with this power
     * @throws IllegalArgumentException if this is not Lp pooling, or the power is out of range
     */
    public PoolSpec withPower(double power) {
        if (kind != Kind.LP) {
            throw new IllegalArgumentException("the power p is for Lp pooling, not " + kind.name().toLowerCase(Locale.ROOT)
                    + " pooling");
        }
        return new PoolSpec(kind, kernel, stride, padding, dilation, ceilMode, countIncludePad, checkPower(power));
    }

    /**
     * Lp pooling's power p.
     *
     * @return p (2 for the other kinds, which do not use it)
     */
    public double power() {
        return p;
    }

    private static int[] check(String name, int[] v, int min) {
        if (v.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one value");
        }
        return Ints.requireAtLeast(name, v.clone(), min);
    }

    /**
     * Which reduction a window performs.
     *
     * @return max, average or Lp
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The window for {@code dims} spatial dimensions.
     *
     * @param dims the number of spatial dimensions
     * @return one extent per dimension
     * @throws IllegalArgumentException if the spec gave another number of values than 1 or {@code dims}
     */
    public int[] kernel(int dims) {
        return Ints.broadcast("kernel", kernel, dims);
    }

    /**
     * Stride; the kernel size when none was given.
     *
     * @param dims the number of spatial dimensions
     * @return one stride per dimension
     * @throws IllegalArgumentException if the spec gave another number of values than 1 or {@code dims}
     */
    public int[] stride(int dims) {
        return Ints.broadcast("stride", stride == null ? kernel : stride, dims);
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
     * The padding as given.
     *
     * @return numbers, pairs or a word
     */
    public Padding padding() {
        return padding;
    }

    /**
     * Whether the output size rounds up.
     *
     * @return the ceil mode
     */
    public boolean ceilMode() {
        return ceilMode;
    }

    /**
     * Whether padding cells count in an average's divisor.
     *
     * @return count_include_pad
     */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    /**
     * The number of spatial dimensions the kernel was given for, or 1 when it was one value for all.
     *
     * @return 1 or the number of values given
     */
    public int kernelValues() {
        return kernel.length;
    }

    @Override
    public String toString() {
        return "PoolSpec{" + kind.name().toLowerCase(Locale.ROOT) + ", kernel=" + Arrays.toString(kernel)
                + ", stride=" + (stride == null ? "kernel" : Arrays.toString(stride)) + ", padding=" + padding
                + ", dilation=" + Arrays.toString(dilation) + ", ceilMode=" + ceilMode + ", countIncludePad="
                + countIncludePad + (kind == Kind.LP ? ", p=" + p : "") + "}";
    }
}
