package org.convkit.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A strict parser for the small subset of Python literals that a {@code .npy} header is written in.
 *
 * <p>Python values become: str &rarr; {@link String}, int &rarr; {@link BigInteger}, float &rarr;
 * {@link Double}, True/False &rarr; {@link Boolean}, None &rarr; {@link #NONE}, tuple &rarr;
 * {@link Tuple}, list &rarr; {@link List}, dict &rarr; {@link Map} with string keys in file order.
 * Everything outside that subset (escapes, prefixes, hex, underscores, expressions) is rejected
 * with the position, because a header that needs it was not written by NumPy.
 */
final class PyLiteral {
    /** Python's None. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A Python tuple; kept apart from lists because a shape must be a tuple. */
    record Tuple(List<Object> items) {
    }

    /** Deeper nesting has no use in a header and would only let a hostile file exhaust the stack. */
    private static final int MAX_DEPTH = 32;
    private static final int MAX_SHOWN = 200;
    /** Parsing a BigInteger is quadratic in its length; no meaningful header number comes close. */
    private static final int MAX_DIGITS = 100;

    private final String text;
    private final boolean allowLongSuffix;
    private int pos;

    private PyLiteral(String text, boolean allowLongSuffix) {
        this.text = text;
        this.allowLongSuffix = allowLongSuffix;
    }

    /**
     * Parses one literal surrounded by optional whitespace.
     *
     * @param allowLongSuffix accept Python 2's {@code 3L}, which old NumPy wrote in version 1.0 and
     *                        2.0 headers
     */
    static Object parse(String text, boolean allowLongSuffix) {
        PyLiteral p = new PyLiteral(text, allowLongSuffix);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.here() + " after the end of the literal");
        }
        return value;
    }

    /** Python's repr of a parsed value, for messages. */
    static String repr(Object v) {
        if (v instanceof String s) {
            return s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' + s + '"' : "'" + s + "'";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Tuple t) {
            return t.items().size() == 1 ? "(" + repr(t.items().get(0)) + ",)" : join("(", t.items(), ")");
        }
        if (v instanceof List<?> list) {
            return join("[", list, "]");
        }
        if (v instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> repr(e.getKey()) + ": " + repr(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }

    /** {@link #repr} cut to a length fit for a message: a hostile header can hold a megabyte of tuple. */
    static String shortRepr(Object v) {
        return shorten(repr(v));
    }

    /** {@code s} cut to a length fit for a message. */
    static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }

    private static String join(String open, List<?> items, String close) {
        return items.stream().map(PyLiteral::repr).collect(Collectors.joining(", ", open, close));
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("values nested more than " + MAX_DEPTH + " deep");
        }
        if (pos >= text.length()) {
            throw error("the text ends where a value should be");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '\'', '"' -> string();
            case '(' -> tuple(depth);
            case '[' -> list(depth);
            case '{' -> dict(depth);
            default -> {
                if (c == '-' || c == '+' || c == '.' || isDigit(c)) {
                    yield number();
                }
                if (Character.isLetter(c) || c == '_') {
                    yield name();
                }
                throw error("unexpected " + here());
            }
        };
    }

    private String string() {
        int start = pos;
        char quote = text.charAt(pos++);
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return text.substring(start + 1, pos - 1);
            }
            if (c == '\\') {
                throw error("escape sequences in strings are not supported");
            }
            if (c == '\n' || c == '\r') {
                break;
            }
            pos++;
        }
        throw errorAt(start, "the string starting here is not closed");
    }

    private Object name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String name = text.substring(start, pos);
        return switch (name) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> NONE;
            default -> throw errorAt(start, "unknown name '" + shorten(name) + "'; only True, False and None may appear");
        };
    }

    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        int intDigits = digits();
        boolean isFloat = false;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            isFloat = true;
            if (intDigits + digits() == 0) {
                throw errorAt(start, "malformed number '" + text.substring(start, pos) + "'");
            }
        } else if (intDigits == 0) {
            throw errorAt(start, "malformed number '" + text.substring(start, Math.min(pos + 1, text.length())) + "'");
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            isFloat = true;
            if (digits() == 0) {
                throw errorAt(start, "malformed exponent in '" + shorten(text.substring(start, pos)) + "'");
            }
        }
        String token = text.substring(start, pos);
        if (token.length() > MAX_DIGITS) {
            throw errorAt(start, "a number of " + token.length() + " characters; at most " + MAX_DIGITS
                    + " are accepted");
        }
        if (!isFloat && allowLongSuffix && pos < text.length() && text.charAt(pos) == 'L') {
            pos++;
        }
        if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            throw errorAt(start, "malformed number starting '" + token + text.charAt(pos) + "'");
        }
        if (isFloat) {
            return Double.parseDouble(token);
        }
        String magnitude = token.replaceFirst("^[-+]", "");
        if (magnitude.length() > 1 && magnitude.startsWith("0") && !magnitude.matches("0+")) {
            throw errorAt(start, "the integer " + token + " has a leading zero, which Python does not allow");
        }
        return new BigInteger(token);
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private Object tuple(int depth) {
        pos++;
        Items items = items(')', depth);
        // As in Python, parentheses around a single value without a comma only group it: (5) is 5.
        if (items.values().size() == 1 && !items.trailingComma()) {
            return items.values().get(0);
        }
        return new Tuple(items.values());
    }

    private List<Object> list(int depth) {
        pos++;
        return items(']', depth).values();
    }

    private record Items(List<Object> values, boolean trailingComma) {
    }

    private Items items(char close, int depth) {
        List<Object> values = new ArrayList<>();
        boolean comma = false;
        skipSpace();
        while (!consume(close)) {
            if (!values.isEmpty() && !comma) {
                throw error("expected ',' or '" + close + "' but found " + here());
            }
            values.add(value(depth + 1));
            skipSpace();
            comma = consume(',');
            skipSpace();
        }
        return new Items(values, comma);
    }

    private Map<String, Object> dict(int depth) {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        boolean comma = false;
        skipSpace();
        while (!consume('}')) {
            if (!map.isEmpty() && !comma) {
                throw error("expected ',' or '}' but found " + here());
            }
            int keyAt = pos;
            Object key = value(depth + 1);
            if (!(key instanceof String name)) {
                throw errorAt(keyAt, "dict keys must be strings, but found " + shortRepr(key));
            }
            skipSpace();
            if (!consume(':')) {
                throw error("expected ':' after the key " + shortRepr(name) + " but found " + here());
            }
            skipSpace();
            if (map.put(name, value(depth + 1)) != null) {
                throw errorAt(keyAt, "the key " + shortRepr(name) + " appears twice");
            }
            skipSpace();
            comma = consume(',');
            skipSpace();
        }
        return map;
    }

    private boolean consume(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The character at the current position, described for a message. */
    private String here() {
        return pos >= text.length() ? "the end of the header" : "'" + printable(text.substring(pos, pos + 1)) + "'";
    }

    private NpyFormatException error(String what) {
        return errorAt(pos, what);
    }

    private NpyFormatException errorAt(int at, String what) {
        return new NpyFormatException("malformed .npy header at character " + at + ": " + what + "; the header is "
                + printable(shorten(text.strip())));
    }

    /** Control characters as Python escapes, so that a message stays on one line. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7F) {
                sb.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
