package org.convkit.cli.explorer;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.convkit.cli.explorer.Settings.Operation;

/**
 * The query parameters of {@code /api/explore}: their names, the operations each means something
 * for (the page sends only those), and the largest number each takes. A query is checked against
 * them before the engine reads it, so that a misspelt or misplaced parameter is refused instead of
 * silently giving the answer for other settings.
 */
enum Parameter {
    OPERATION("operation", EnumSet.allOf(Operation.class)),
    SIZE("size", EnumSet.allOf(Operation.class)),
    CHANNELS("channels", EnumSet.allOf(Operation.class)),
    FILTERS("filters", EnumSet.of(Operation.CONV, Operation.CONV_TRANSPOSE, Operation.DEPTHWISE_SEPARABLE)),
    KERNEL("kernel", EnumSet.allOf(Operation.class)),
    STRIDE("stride", EnumSet.allOf(Operation.class)),
    PADDING("padding", EnumSet.allOf(Operation.class)),
    DILATION("dilation", EnumSet.complementOf(EnumSet.of(Operation.AVG_POOL))),
    GROUPS("groups", EnumSet.of(Operation.CONV, Operation.CONV_TRANSPOSE)),
    OUTPUT_PADDING("output_padding", EnumSet.of(Operation.CONV_TRANSPOSE)),
    PADDING_MODE("padding_mode", EnumSet.of(Operation.CONV)),
    CEIL_MODE("ceil_mode", EnumSet.of(Operation.MAX_POOL, Operation.AVG_POOL));

    /**
     * The largest number any setting takes. Far beyond what the page can draw, it keeps every
     * count the explorer reports (weights, multiply-adds) inside a {@code long}.
     */
    static final int MAX = 4096;

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    /** The pieces of a value that may be numbers: "2,3", "1:2" and "same" alike. */
    private static final Pattern PART = Pattern.compile("[^,:\\s]+");

    private final String name;
    private final Set<Operation> operations;

    Parameter(String name, Set<Operation> operations) {
        this.name = name;
        this.operations = operations;
    }

    String key() {
        return name;
    }

    /**
     * Refuses a query with a parameter the explorer does not know, or one that does not apply to
     * the operation it asks for, naming the parameters that do.
     */
    static void check(Map<String, String> query, Operation op) {
        for (String key : query.keySet()) {
            Parameter p = Arrays.stream(values()).filter(v -> v.name.equals(key)).findFirst().orElse(null);
            if (p == null) {
                throw new IllegalArgumentException("unknown parameter '" + key + "'" + hint(key)
                        + "; the parameters are " + names(EnumSet.allOf(Parameter.class)));
            }
            if (!p.operations.contains(op)) {
                throw new IllegalArgumentException("parameter '" + key + "' does not apply to " + op.title()
                        + "; it applies to " + p.operations.stream().map(Operation::title)
                        .collect(Collectors.joining(", ")) + ". The parameters of " + op.title() + " are "
                        + names(Arrays.stream(values()).filter(v -> v.operations.contains(op))
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Parameter.class)))));
            }
            p.checkSize(query.get(key));
        }
    }

    /**
     * Refuses a number above {@link #MAX}, which the engine's parser would otherwise call "not an
     * integer" when it passes the {@code int} range. Every other problem is the engine's to word.
     */
    private void checkSize(String value) {
        Matcher m = PART.matcher(value);
        while (m.find()) {
            String part = m.group();
            if (!INTEGER.matcher(part).matches()) {
                continue;
            }
            BigInteger v = new BigInteger(part);
            if (v.abs().compareTo(BigInteger.valueOf(MAX)) > 0) {
                throw new IllegalArgumentException(name + " '" + value + "': " + part + " is too "
                        + (v.signum() > 0 ? "large" : "small") + "; the explorer takes " + name + " from "
                        + (this == OUTPUT_PADDING || this == PADDING ? 0 : 1) + " to " + MAX);
            }
        }
    }

    /** "(did you mean 'operation'?)" when the unknown name is a piece of a known one. */
    private static String hint(String key) {
        String k = key.trim();
        if (k.isEmpty()) {
            return "";
        }
        for (Parameter p : values()) {
            if (p.name.startsWith(k) || k.startsWith(p.name) || p.name.replace("_", "").equals(k.replace("-", ""))) {
                return " (did you mean '" + p.name + "'?)";
            }
        }
        return "";
    }

    private static String names(Set<Parameter> ps) {
        return ps.stream().map(p -> p.name).collect(Collectors.joining(", "));
    }
}
