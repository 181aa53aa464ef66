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
 *       extra cell goes after, as TensorFlow does.</li>
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
    public enum Word { VALID, SAME, FULL, CAUSAL }

    private final Word word;
    private final int[] before;
    private final int[] after;

    private Padding(Word word, int[] before, int[] after) {
        this.word = word;
        this.before = before;
        this.after = after;
    }

    public static Padding valid() {
        return new Padding(Word.VALID, null, null);
    }

    public static Padding same() {
        return new Padding(Word.SAME, null, null);
    }

    public static Padding full() {
        return new Padding(Word.FULL, null, null);
    }

    public static Padding causal() {
        return new Padding(Word.CAUSAL, null, null);
    }

    public static Padding word(Word w) {
        return new Padding(w, null, null);
    }

    /** Symmetric padding: one value for every dimension, or one per dimension. */
    public static Padding of(int... p) {
        return of(p, p);
    }

    /** Explicit padding before and after, per dimension (or one value each for every dimension). */
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
     * ({@code valid|same|full|causal}).
     */
    public static Padding parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (Word w : Word.values()) {
            if (w.name().toLowerCase(Locale.ROOT).equals(t)) {
                return word(w);
            }
        }
        if (t.chars().anyMatch(Character::isLetter)) {
            throw new IllegalArgumentException("padding '" + s + "' is not one of valid, same, full, causal (nor numbers "
                    + "such as 1, 1,2 or before:after pairs such as 1:2,0:1)");
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

    /** The word, or null for explicit numbers. */
    public Word word() {
        return word;
    }

    public boolean isWord() {
        return word != null;
    }

    /** Explicit 'before' values broadcast to {@code dims} dimensions; only for explicit padding. */
    public int[] before(int dims) {
        requireExplicit();
        return Ints.broadcast("padding", before, dims);
    }

    /** Explicit 'after' values broadcast to {@code dims} dimensions; only for explicit padding. */
    public int[] after(int dims) {
        requireExplicit();
        return Ints.broadcast("padding", after, dims);
    }

    private void requireExplicit() {
        if (word != null) {
            throw new IllegalStateException("padding '" + this + "' is a word; Geometry resolves it against sizes");
        }
    }

    /** True when every dimension has as much padding after as before. */
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
            return word.name().toLowerCase(Locale.ROOT);
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
