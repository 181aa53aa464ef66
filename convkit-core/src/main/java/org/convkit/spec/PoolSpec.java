package org.convkit.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The parameters of max or average pooling, as PyTorch names them.
 *
 * <p>Defaults: stride = kernel, padding 0, dilation 1, floor mode, padding counted in averages
 * ({@code count_include_pad=True}). Dilation applies to max pooling only, as in PyTorch.
 */
public final class PoolSpec implements SlidingSpec<PoolSpec> {
    /** Which reduction a window performs. */
    public enum Kind {
        MAX, AVG;

        public static Kind parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("max")) {
                return MAX;
            }
            if (t.equals("avg") || t.equals("average") || t.equals("mean")) {
                return AVG;
            }
            throw new IllegalArgumentException("pooling kind '" + s + "' is not one of max, avg");
        }
    }

    private final Kind kind;
    private final int[] kernel;
    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    private PoolSpec(Kind kind, int[] kernel, int[] stride, Padding padding, int[] dilation, boolean ceilMode,
                     boolean countIncludePad) {
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    public static PoolSpec max(int... kernel) {
        return new PoolSpec(Kind.MAX, check("kernel", kernel, 1), null, Padding.of(0), new int[] {1}, false, true);
    }

    public static PoolSpec avg(int... kernel) {
        return new PoolSpec(Kind.AVG, check("kernel", kernel, 1), null, Padding.of(0), new int[] {1}, false, true);
    }

    public static PoolSpec of(Kind kind, int... kernel) {
        return kind == Kind.MAX ? max(kernel) : avg(kernel);
    }

    @Override
    public PoolSpec withStride(int... s) {
        return new PoolSpec(kind, kernel, check("stride", s, 1), padding, dilation, ceilMode, countIncludePad);
    }

    @Override
    public PoolSpec withPadding(Padding p) {
        return new PoolSpec(kind, kernel, stride, Objects.requireNonNull(p, "padding"), dilation, ceilMode,
                countIncludePad);
    }

    public PoolSpec withPadding(int... p) {
        return withPadding(Padding.of(p));
    }

    @Override
    public PoolSpec withDilation(int... d) {
        int[] dd = check("dilation", d, 1);
        if (kind == Kind.AVG) {
            for (int v : dd) {
                if (v != 1) {
                    throw new IllegalArgumentException("dilation " + v + " is only defined for max pooling; "
                            + "average pooling has no dilation (as in PyTorch)");
                }
            }
        }
        return new PoolSpec(kind, kernel, stride, padding, dd, ceilMode, countIncludePad);
    }

    public PoolSpec withCeilMode(boolean c) {
        return new PoolSpec(kind, kernel, stride, padding, dilation, c, countIncludePad);
    }

    /** Whether padding cells count in an average's divisor (PyTorch's count_include_pad). */
    public PoolSpec withCountIncludePad(boolean c) {
        return new PoolSpec(kind, kernel, stride, padding, dilation, ceilMode, c);
    }

    private static int[] check(String name, int[] v, int min) {
        if (v.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one value");
        }
        return Ints.requireAtLeast(name, v.clone(), min);
    }

    public Kind kind() {
        return kind;
    }

    public int[] kernel(int dims) {
        return Ints.broadcast("kernel", kernel, dims);
    }

    /** Stride; the kernel size when none was given. */
    public int[] stride(int dims) {
        return Ints.broadcast("stride", stride == null ? kernel : stride, dims);
    }

    public int[] dilation(int dims) {
        return Ints.broadcast("dilation", dilation, dims);
    }

    public Padding padding() {
        return padding;
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** The number of spatial dimensions the kernel was given for, or 1 when it was one value for all. */
    public int kernelValues() {
        return kernel.length;
    }

    @Override
    public String toString() {
        return "PoolSpec{" + kind.name().toLowerCase(Locale.ROOT) + ", kernel=" + Arrays.toString(kernel)
                + ", stride=" + (stride == null ? "kernel" : Arrays.toString(stride)) + ", padding=" + padding
                + ", dilation=" + Arrays.toString(dilation) + ", ceilMode=" + ceilMode + ", countIncludePad="
                + countIncludePad + "}";
    }
}
