package org.convkit.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Works {@link Geometry} backwards: given an input size, a kernel, a dilation and the output size
 * wanted, lists the strides and paddings (and, for a transposed convolution, output paddings) that
 * give it, and the padding words that resolve to each.
 *
 * <p>Every size is computed by {@link Geometry#convOutput} or {@link Geometry#transposedOutput}, and
 * every padding word is resolved by {@link Geometry} itself, so the solver cannot drift from the
 * arithmetic the operations use. The search is bounded: strides from 1 to
 * {@code min(64, max(n, target, span))} (a larger stride only repeats the one-output answers), and
 * padding from 0 to {@code span - 1} on each side (more padding than that makes windows that see only
 * padding). Settings come simplest first: smallest stride, then symmetric before asymmetric, then
 * least padding.
 *
 * <p>For a convolution, each total padding appears once, split evenly or with the odd cell after (as
 * {@code same} splits it), plus the split of any word that resolves differently ({@code causal}).
 * For a transposed convolution padding is symmetric, as in PyTorch's {@code ConvTranspose}, and
 * output padding ranges below {@code max(stride, dilation)}; words add their own splits.
 */
public final class ShapeSolver {
    /** Largest stride searched. */
    public static final int MAX_STRIDE = 64;

    private ShapeSolver() {
    }

    /**
     * One way to get the target size in one spatial dimension.
     *
     * @param stride        the stride
     * @param padBefore     padding before the input
     * @param padAfter      padding after the input
     * @param outputPadding output padding (always 0 for a convolution)
     * @param words         the padding words that, with this stride, resolve to exactly this padding
     *                      (and output padding), in {@link Padding.Word} order
     */
    public record Setting(int stride, int padBefore, int padAfter, int outputPadding, List<Padding.Word> words) {
        /**
         * Keeps an immutable copy of the words.
         *
         * @param stride the stride
         * @param padBefore padding before the input
         * @param padAfter padding after the input
         * @param outputPadding output padding (always 0 for a convolution)
         * @param words the padding words that resolve to exactly this padding
         */
        public Setting {
            words = List.copyOf(words);
        }

        /**
         * Whether the padding is the same before and after.
         *
         * @return true when symmetric
         */
        public boolean symmetric() {
            return padBefore == padAfter;
        }

        /**
         * Padding before and after together.
         *
         * @return their sum
         */
        public int totalPadding() {
            return padBefore + padAfter;
        }

        /**
         * The padding in the CLI's form: {@code 1} or {@code 0:1}.
         *
         * @return the text
         */
        public String paddingText() {
            return symmetric() ? Integer.toString(padBefore) : padBefore + ":" + padAfter;
        }

        /**
         * {@code stride 2, padding 0:1 (same)}, with the output padding for a transposed setting.
         *
         * @param transposed whether to show the output padding
         * @return the text
         */
        public String describe(boolean transposed) {
            StringBuilder sb = new StringBuilder("stride ").append(stride).append(", padding ").append(paddingText());
            if (transposed) {
                sb.append(", output_padding ").append(outputPadding);
            }
            if (!words.isEmpty()) {
                sb.append(" (");
                for (int i = 0; i < words.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(words.get(i).name().toLowerCase(Locale.ROOT));
                }
                sb.append(')');
            }
            return sb.toString();
        }
    }

    private static final Comparator<Setting> SIMPLEST_FIRST = Comparator.comparingInt(Setting::stride)
            .thenComparing(s -> !s.symmetric())
            .thenComparingInt(Setting::totalPadding)
            .thenComparingInt(Setting::padBefore)
            .thenComparingInt(Setting::outputPadding);

    /**
     * Convolution settings giving {@code target} outputs from {@code n} inputs, kernel {@code k}, dilation {@code d}.
     *
     * @param n the input's extent
     * @param k the kernel's extent
     * @param d the dilation
     * @param target the output extent wanted
     * @return the settings, simplest first (empty when none in the searched range reaches the target)
     */
    public static List<Setting> conv(int n, int k, int d, int target) {
        checkSizes(n, k, d, target);
        int span = Geometry.span(k, d);
        List<Draft> drafts = new ArrayList<>();
        for (int s = 1; s <= maxStride(n, target, span); s++) {
            for (int total = 0; total <= 2 * (span - 1); total++) {
                int pb = total / 2;
                int pa = total - pb;
                if (Geometry.convOutput(n, k, s, d, pb, pa) == target) {
                    drafts.add(new Draft(s, pb, pa, 0));
                }
            }
            for (Padding.Word w : Padding.Word.values()) {
                ConvSpec spec = ConvSpec.defaults().withStride(s).withDilation(d).withPadding(Padding.word(w));
                Geometry g = tryGeometry(false, n, k, spec);
                if (g != null && g.output()[0] == target && !sameAsSame(w, g)) {
                    find(drafts, s, g.padBefore()[0], g.padAfter()[0], 0).words.add(w);
                }
            }
        }
        return finish(drafts);
    }

    /**
     * Transposed convolution settings giving {@code target} outputs from {@code n} inputs, kernel
     * {@code k}, dilation {@code d}.
     *
     * @param n the input's extent
     * @param k the kernel's extent
     * @param d the dilation
     * @param target the output extent wanted
     * @return the settings, simplest first (empty when none in the searched range reaches the target)
     */
    public static List<Setting> convTranspose(int n, int k, int d, int target) {
        checkSizes(n, k, d, target);
        int span = Geometry.span(k, d);
        List<Draft> drafts = new ArrayList<>();
        for (int s = 1; s <= maxStride(n, target, span); s++) {
            for (int p = 0; p <= span - 1; p++) {
                // output padding adds cells one for one, so at most one value can hit the target; trying
                // every value below max(stride, dilation) would cost a factor of the dilation
                int op = target - Geometry.transposedOutput(n, k, s, d, p, p, 0);
                if (op >= 0 && op < Math.max(s, d) && Geometry.transposedOutput(n, k, s, d, p, p, op) == target) {
                    drafts.add(new Draft(s, p, p, op));
                }
            }
            for (Padding.Word w : Padding.Word.values()) {
                ConvSpec spec = ConvSpec.defaults().withStride(s).withDilation(d).withPadding(Padding.word(w));
                Geometry g = tryGeometry(true, n, k, spec);
                if (g != null && g.output()[0] == target && !sameAsSame(w, g)) {
                    find(drafts, s, g.padBefore()[0], g.padAfter()[0], g.outputPadding()[0]).words.add(w);
                }
            }
        }
        return finish(drafts);
    }

    /**
     * {@link #conv(int, int, int, int)} or {@link #convTranspose(int, int, int, int)} for every
     * spatial dimension; {@code dilation} and {@code target} may be one value for all dimensions.
     *
     * @param transposed whether to solve for a transposed convolution
     * @param input the input's spatial extents
     * @param kernel the kernel's spatial extents, one per input dimension
     * @param dilation one value for all dimensions, or one per dimension
     * @param target the output extents wanted: one value for all dimensions, or one per dimension
     * @return one list per dimension; an empty list means no setting in the searched range reaches that
     *     dimension's target
     * @throws IllegalArgumentException if the sizes' counts disagree
     */
    public static List<List<Setting>> solve(boolean transposed, int[] input, int[] kernel, int[] dilation,
                                            int[] target) {
        if (input.length != kernel.length || input.length == 0) {
            throw new IllegalArgumentException("the input has " + input.length + " spatial dimensions but the kernel "
                    + "has " + kernel.length + "; give one kernel size per spatial dimension");
        }
        int dims = input.length;
        int[] d = Ints.broadcast("dilation", dilation, dims);
        int[] t = Ints.broadcast("target", target, dims);
        List<List<Setting>> out = new ArrayList<>(dims);
        for (int i = 0; i < dims; i++) {
            out.add(transposed ? convTranspose(input[i], kernel[i], d[i], t[i]) : conv(input[i], kernel[i], d[i], t[i]));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The largest stride searched for this problem: {@code min(64, max(n, target, span))}.
     *
     * @param n the input's extent
     * @param k the kernel's extent
     * @param d the dilation
     * @param target the output extent wanted
     * @return the bound
     */
    public static int strideBound(int n, int k, int d, int target) {
        return maxStride(n, target, Geometry.span(k, d));
    }

    private static int maxStride(int n, int target, int span) {
        return Math.min(MAX_STRIDE, Math.max(n, Math.max(target, span)));
    }

    private static void checkSizes(int n, int k, int d, int target) {
        Ints.requireAtLeast("input size", new int[] {n}, 1);
        Ints.requireAtLeast("kernel size", new int[] {k}, 1);
        Ints.requireAtLeast("dilation", new int[] {d}, 1);
        Ints.requireAtLeast("target size", new int[] {target}, 1);
    }

    /** The geometry of a one-dimensional problem, or null when Geometry refuses it. */
    private static Geometry tryGeometry(boolean transposed, int n, int k, ConvSpec spec) {
        try {
            int[] in = {n};
            int[] ker = {k};
            return transposed ? Geometry.convTranspose(in, ker, spec) : Geometry.conv(in, ker, spec);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Draft find(List<Draft> drafts, int s, int pb, int pa, int op) {
        for (Draft x : drafts) {
            if (x.stride == s && x.padBefore == pb && x.padAfter == pa && x.outputPadding == op) {
                return x;
            }
        }
        Draft x = new Draft(s, pb, pa, op);
        drafts.add(x);
        return x;
    }

    private static List<Setting> finish(List<Draft> drafts) {
        List<Setting> out = new ArrayList<>(drafts.size());
        for (Draft x : drafts) {
            out.add(new Setting(x.stride, x.padBefore, x.padAfter, x.outputPadding, List.copyOf(x.words)));
        }
        out.sort(SIMPLEST_FIRST);
        return Collections.unmodifiableList(out);
    }

    /** same-lower differs from same only for an odd total: listing both for an even one says nothing. */
    private static boolean sameAsSame(Padding.Word w, Geometry g) {
        return w == Padding.Word.SAME_LOWER && g.padBefore()[0] == g.padAfter()[0];
    }

    /** A setting while its words are being collected. */
    private static final class Draft {
        final int stride;
        final int padBefore;
        final int padAfter;
        final int outputPadding;
        final Set<Padding.Word> words = EnumSet.noneOf(Padding.Word.class);

        Draft(int stride, int padBefore, int padAfter, int outputPadding) {
            this.stride = stride;
            this.padBefore = padBefore;
            this.padAfter = padAfter;
            this.outputPadding = outputPadding;
        }
    }
}
