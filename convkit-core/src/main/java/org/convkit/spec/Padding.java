package org.convkit.spec;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much padding goes before and after each spatial dimension: explicit numbers, or a word
 * resolved against the sizes by {@link Geometry}.
 *
 * <ul>
 *   <li>{@code valid}: none.</li>
 *   <li>{@code same}: output size ceil(n / stride), for any stride; when the total is odd the
 *       extra cell goes after, as TensorFlow does (ONNX's SAME_UPPER).</li>
 *   <li>{@code same-lower}: the same total, its odd cell before (ONNX's SAME_LOWER).</li>
 *   <li>{@code full}: every partial overlap, d(k-1) on each side.</li>
 *   <li>{@code causal}: d(k-1) before and none after, so an output never sees a later input; applied
 *       to every spatial dimension (WaveNet's 1-D case generalized).</li>
 * </ul>
 *
 * <p>Explicit numbers given once apply to every dimension; otherwise one value (or before:after
 * pair) per spatial dimension.
 */
public final class Padding {
    /** The padding words. */
    public enum Word {
        /** No padding. */
        VALID,
        /** Output size ceil(n / stride); an odd total's extra cell after (ONNX's SAME_UPPER). */
        SAME,
        /** As {@link #SAME}, with an odd total's extra cell before (ONNX's SAME_LOWER). */
        SAME_LOWER,
        /** d(k-1) on each side: every partial overlap. */
        FULL,
        /** d(k-1) before, none after: no output sees a later input. */
        CAUSAL
    }

    private final Word word;
    private final int[] before;
    private final int[] after;

    private Padding(Word word, int[] before, int[] after) {
        this.word = word;
        this.before = before;
        this.after = after;
    }

    /**
     * No padding.
     *
     * @return the padding word, resolved by {@link Geometry} against the sizes
     */
    public static Padding valid() {
        return new Padding(Word.VALID, null, null);
    }

    /**
     * Output size ceil(n / stride), for any stride.
     *
     * @return the padding word, resolved by {@link Geometry} against the sizes
     */
    public static Padding same() {
        return new Padding(Word.SAME, null, null);
    }

    /**
     * Output size ceil(n / stride), as {@link #same()}, with an odd total's extra cell before
     * (ONNX's {@code auto_pad=SAME_LOWER}).
     *
     * @return the padding word, resolved by {@link Geometry} against the sizes
     */
    public static Padding sameLower() {
        return new Padding(Word.SAME_LOWER, null, null);
    }

    /**
     * d(k-1) on each side: every partial overlap.
     *
     * @return the padding word, resolved by {@link Geometry} against the sizes
     */
    public static Padding full() {
        return new Padding(Word.FULL, null, null);
    }

    /**
     * d(k-1) before and none after, in every spatial dimension.
     *
     * @return the padding word, resolved by {@link Geometry} against the sizes
     */
    public static Padding causal() {
        return new Padding(Word.CAUSAL, null, null);
    }

    /**
     * The padding a word names.
     *
     * @param w the word
     * @return the padding word, resolved by {@link Geometry} against the sizes
     */
    public static Padding word(Word w) {
        return new Padding(w, null, null);
    }

    /**
     * Symmetric padding: one value for every spatial dimension, or one per dimension.
     *
     * @param p at least 0, the same before and after
     * @return the padding
     * @throws IllegalArgumentException if a value is negative or none is given
     */
    public static Padding of(int... p) {
        return of(p, p);
    }

    /**
     * Explicit padding before and after, per dimension (or one value each for every dimension).
     *
     * @param before at least 0, before each dimension's first cell
     * @param after at least 0, after each dimension's last cell; as many values as {@code before}
     * @return the padding
     * @throws IllegalArgumentException if a value is negative or the counts differ
     */
    public static Padding of(int[] before, int[] after) {
        if (before.length == 0 || before.length != after.length) {
            throw new IllegalArgumentException("padding needs as many 'before' values as 'after' values, got "
                    + Arrays.toString(before) + " and " + Arrays.toString(after));
        }
        for (int i = 0; i < before.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                throw new IllegalArgumentException("padding must not be negative, got " + before[i] + ":" + after[i]
                        + (before.length > 1 ? " in spatial dimension " + i : ""));
            }
        }
        return new Padding(null, before.clone(), after.clone());
    }

    /**
     * Parses the CLI's forms: {@code 1}, {@code 1,2}, {@code 1:2,0:1}, or a word
     * ({@code valid|same|same-lower|full|causal}; {@code same_lower} too).
     *
     * @param s the text
     * @return the padding
     * @throws IllegalArgumentException if the text is none of these forms, saying which part is wrong
     */
    public static Padding parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (Word w : Word.values()) {
            if (wordName(w).equals(t.replace('_', '-'))) {
                return word(w);
            }
        }
        if (t.chars().anyMatch(Character::isLetter)) {
            throw new IllegalArgumentException("padding '" + s + "' is not one of valid, same, full, causal, same-lower "
                    + "(nor numbers such as 1, 1,2 or before:after pairs such as 1:2,0:1)");
        }
        String[] parts = t.split(",", -1);
        int[] b = new int[parts.length];
        int[] a = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] ba = parts[i].split(":", -1);
            if (ba.length > 2) {
                throw new IllegalArgumentException("padding '" + s + "': '" + parts[i] + "' should be N or before:after");
            }
            b[i] = Ints.parseOne("padding", s, ba[0]);
            a[i] = ba.length == 2 ? Ints.parseOne("padding", s, ba[1]) : b[i];
        }
        return of(b, a);
    }

    /**
     * The word, or null for explicit numbers.
     *
     * @return the word or null
     */
    public Word word() {
        return word;
    }

    /**
     * Whether this is a word rather than numbers.
     *
     * @return true for a word
     */
    public boolean isWord() {
        return word != null;
    }

    /**
     * Explicit 'before' values broadcast to {@code dims} dimensions; only for explicit padding.
     *
     * @param dims the number of spatial dimensions
     * @return one value per dimension
     * @throws IllegalStateException if this is a word
     * @throws IllegalArgumentException if another number of values than 1 or {@code dims} was given
     */
    public int[] before(int dims) {
        requireExplicit();
        return Ints.broadcast("padding", before, dims);
    }

    /**
     * Explicit 'after' values broadcast to {@code dims} dimensions; only for explicit padding.
     *
     * @param dims the number of spatial dimensions
     * @return one value per dimension
     * @throws IllegalStateException if this is a word
     * @throws IllegalArgumentException if another number of values than 1 or {@code dims} was given
     */
    public int[] after(int dims) {
        requireExplicit();
        return Ints.broadcast("padding", after, dims);
    }

    /** The CLI's spelling: lower case, words joined by a hyphen ({@code same-lower}). */
    private static String wordName(Word w) {
        return w.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void requireExplicit() {
        if (word != null) {
            throw new IllegalStateException("padding '" + this + "' is a word; Geometry resolves it against sizes");
        }
    }

    /**
     * True when every dimension has as much padding after as before.
     *
     * @return whether the padding is symmetric (false for a word)
     */
    public boolean isSymmetric() {
        return word == null && Arrays.equals(before, after);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Padding p && p.word == word && Arrays.equals(p.before, before)
                && Arrays.equals(p.after, after);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (word == null ? 0 : word.hashCode()) + Arrays.hashCode(before)) + Arrays.hashCode(after);
    }

    /** The CLI form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        if (word != null) {
            return wordName(word);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < before.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(before[i]);
            if (after[i] != before[i]) {
                sb.append(':').append(after[i]);
            }
        }
        return sb.toString();
    }
}
