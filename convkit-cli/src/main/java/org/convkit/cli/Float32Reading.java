package org.convkit.cli;

import java.nio.file.Path;

/**
 * What reading a .npy file's dtype as float32 does to its values, said once as a note: the
 * commands compute in float32 and write float32, so float64 is rounded, integers are exact only up
 * to 2^24, and narrower types are widened exactly. Float32 itself says nothing.
 */
final class Float32Reading {
    private Float32Reading() {
    }

    /** Notes the conversion of {@code path}'s {@code descr} (NumPy's dtype string, e.g. {@code <f8}), if any. */
    static void note(Path path, String descr) {
        String text = conversion(path, descr);
        if (text != null) {
            Notices.note(text);
        }
    }

    /** The sentence for a dtype, or null for float32. */
    static String conversion(Path path, String descr) {
        String d = descr.length() > 2 && "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        char kind = d.charAt(0);
        int bytes = d.length() > 1 ? Integer.parseInt(d.substring(1)) : 0;
        String name = switch (kind) {
            case 'f' -> "float" + 8 * bytes;
            case 'i' -> "int" + 8 * bytes;
            case 'u' -> "uint" + 8 * bytes;
            case 'b' -> "bool";
            default -> d;
        };
        String what = path + " holds " + name + " values; convkit computes in float32, so they were ";
        if (kind == 'f' && bytes == 4) {
            return null;
        }
        if (kind == 'f' && bytes > 4) {
            return what + "rounded to float32 (about 7 significant digits), and the result is float32";
        }
        if ((kind == 'i' || kind == 'u') && bytes >= 4) {
            return what + "converted to float32 (exact up to 16777216 = 2^24 in magnitude, rounded beyond), "
                    + "and the result is float32";
        }
        return what + "converted to float32 exactly, and the result is float32";
    }
}
