package org.convkit.io;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * A header's {@code 'descr'}: the element type and the byte order, e.g. {@code '<f4'}.
 *
 * @param descr the descr exactly as written in the header
 */
record Dtype(String descr, ElementType type, ByteOrder order) {

    private static final Map<Character, String> UNSUPPORTED_KINDS = Map.of(
            'c', "complex numbers",
            'O', "Python objects",
            'S', "byte strings",
            'a', "byte strings",
            'U', "unicode strings",
            'V', "raw bytes (void)",
            'M', "datetimes",
            'm', "timedeltas");

    private static final String SUPPORTED = "supported are " + ElementType.supportedCodes()
            + ", each with byte order '<', '>', '|' or '='";

    /** Interprets the parsed value of the {@code 'descr'} key. */
    static Dtype parse(Object value) {
        if (value instanceof List<?>) {
            throw new NpyFormatException("structured dtypes are not supported: 'descr' is the list of fields "
                    + PyLiteral.shortRepr(value) + "; " + SUPPORTED);
        }
        if (!(value instanceof String descr)) {
            throw new NpyFormatException("'descr' must be a string such as '<f4', but it is " + PyLiteral.shortRepr(value)
                    + "; " + SUPPORTED);
        }
        if (descr.length() < 2 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw new NpyFormatException("dtype '" + descr + "' does not start with a byte order "
                    + "('<', '>', '|' or '=') followed by a type code such as f4; " + SUPPORTED);
        }
        char kind = descr.charAt(1);
        String digits = descr.substring(2);
        ElementType type = digits.matches("[1-9][0-9]{0,2}") ? ElementType.of(kind, Integer.parseInt(digits)) : null;
        if (type == null) {
            String what = UNSUPPORTED_KINDS.get(kind);
            throw new NpyFormatException("unsupported dtype '" + descr + "'" + (what == null ? "" : " (" + what + ")")
                    + "; " + SUPPORTED);
        }
        // '|' means "byte order does not apply" and '=' means native; NumPy reads both as native,
        // and the machines that write .npy files today are little-endian.
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new Dtype(descr, type, order);
    }
}
