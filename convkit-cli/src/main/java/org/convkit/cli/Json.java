package org.convkit.cli;

import java.util.List;

/**
 * Just enough JSON for the commands' machine-readable output: objects with fields in a fixed
 * order, numbers, arrays of integers, and properly escaped strings. A library would be a
 * dependency for twenty lines. Public for the explorer's endpoint ({@code org.convkit.cli.explorer}).
 */
public final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    /** Adds a field whose value is already JSON. */
    public Json raw(String name, String json) {
        if (sb.length() > 1) {
            sb.append(", ");
        }
        sb.append(quote(name)).append(": ").append(json);
        return this;
    }

    public Json field(String name, int[] values) {
        return raw(name, array(values));
    }

    public Json field(String name, String value) {
        return raw(name, quote(value));
    }

    public Json field(String name, boolean value) {
        return raw(name, Boolean.toString(value));
    }

    public Json field(String name, int value) {
        return raw(name, Integer.toString(value));
    }

    /** JSON has no NaN or infinity: those become null. */
    public Json field(String name, double value) {
        return raw(name, Double.isFinite(value) ? Double.toString(value) : "null");
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    public static String array(int[] values) {
        StringBuilder a = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            a.append(i > 0 ? ", " : "").append(values[i]);
        }
        return a.append(']').toString();
    }

    /** An array of items that are already JSON. */
    public static String array(List<String> jsonItems) {
        return "[" + String.join(", ", jsonItems) + "]";
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
