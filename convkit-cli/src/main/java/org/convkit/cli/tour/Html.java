package org.convkit.cli.tour;

import java.util.Locale;

import org.convkit.tensor.Tensor;

/** Escaping and the few HTML fragments the sections share: numbers, matrices, figures. */
final class Html {
    private Html() {
    }

    /** {@code s} safe inside element text and double-quoted attributes. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number as a person reads it: integers without a decimal point, others to {@code digits} places. */
    static String num(double v, int digits) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** Thousands grouped with thin spaces: 1 234 567. */
    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v).replace(",", "\u2009");
    }

    /** A 2-D tensor (or the last two dimensions of a 1 x ... x H x W one) as a small table. */
    static String matrix(Tensor t, int digits, String caption) {
        int[] s = t.shape();
        int h = s.length >= 2 ? s[s.length - 2] : 1;
        int w = s[s.length - 1];
        if (t.numel() != h * w) {
            throw new IllegalArgumentException("a matrix needs one map, got shape " + java.util.Arrays.toString(s));
        }
        float[] x = t.data();
        int shown = decimals(x, digits);
        StringBuilder b = new StringBuilder("<table class=\"matrix\">");
        if (caption != null) {
            b.append("<caption>").append(caption).append("</caption>");
        }
        for (int i = 0; i < h; i++) {
            b.append("<tr>");
            for (int j = 0; j < w; j++) {
                // (+ 0: -0 reads 0)
                b.append("<td>").append(String.format(Locale.ROOT, "%." + shown + "f", x[i * w + j] + 0.0f))
                        .append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</table>").toString();
    }

    /**
     * The decimals a table shows: the fewest, up to {@code digits}, that write each of {@code x}
     * exactly, and the same for every cell, so that 6 and 2.5 read "6.0" and "2.5" side by side.
     */
    static int decimals(float[] x, int digits) {
        for (int d = 0; d < digits; d++) {
            double scale = Math.pow(10, d);
            boolean exact = true;
            for (float v : x) {
                exact &= Math.abs(v * scale - Math.rint(v * scale)) < 1e-6 * Math.max(1, Math.abs(v * scale));
            }
            if (exact) {
                return d;
            }
        }
        return digits;
    }

    /**
     * A picture with its caption. The page shows every picture at one width, so that a map half the
     * input's size appears beside it at the same scale.
     */
    static String figure(String src, String alt, String caption) {
        return "<figure><img src=\"" + esc(src) + "\" alt=\"" + esc(alt) + "\"><figcaption>" + caption
                + "</figcaption></figure>";
    }

    /** The engine's worked formula, as preformatted text. */
    static String formula(String explain) {
        return "<pre class=\"formula\">" + esc(explain) + "</pre>";
    }
}
