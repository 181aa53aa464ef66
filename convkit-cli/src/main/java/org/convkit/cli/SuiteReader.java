package org.convkit.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a benchmark suite (the format of bench/suite.json: {@code {"about": "...", "cases": [...]}})
 * and checks its form: every key known for its op, every list as long as the input has spatial
 * dimensions, names unique. Errors name the file and the case, on one line.
 */
final class SuiteReader {
    private static final Set<String> TOP_LEVEL = Set.of("about", "cases");

    private SuiteReader() {
    }

    static List<SuiteCase> read(Path file) {
        Object root;
        try {
            root = JsonReader.parse(Files.readString(file));
        } catch (CharacterCodingException e) {
            throw new CliException("cannot read suite " + file + ": it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new CliException("cannot read suite " + file + ": " + NpyFiles.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new CliException("suite " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return cases(root);
        } catch (IllegalArgumentException e) {
            throw new CliException("suite " + file + ": " + e.getMessage(), e);
        }
    }

    /** The cases of a parsed suite; throws IllegalArgumentException saying what is wrong where. */
    static List<SuiteCase> cases(Object root) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("the top level must be an object with a \"cases\" list");
        }
        for (Object k : top.keySet()) {
            if (!TOP_LEVEL.contains(k)) {
                throw new IllegalArgumentException("unknown top-level key \"" + k + "\" (known: about, cases)");
            }
        }
        if (!(top.get("cases") instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("\"cases\" must be a non-empty list of objects");
        }
        List<SuiteCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("case " + (i + 1) + " is not an object");
            }
            SuiteCase c = new CaseFields(i, m).toCase();
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two cases are named '" + c.name() + "'");
            }
            cases.add(c);
        }
        return cases;
    }

    /** One case's object, read key by key with messages that say which case and which key. */
    private static final class CaseFields {
        private final Map<?, ?> m;
        private String where;

        CaseFields(int index, Map<?, ?> m) {
            this.m = m;
            this.where = "case " + (index + 1);
        }

        SuiteCase toCase() {
            if (!(m.get("name") instanceof String name) || name.isBlank()) {
                throw fail("needs a \"name\" (a non-empty string)");
            }
            where = "case '" + name + "'";
            if (!(m.get("op") instanceof String opName)) {
                throw fail("needs an \"op\": one of " + BenchOp.names());
            }
            BenchOp op;
            try {
                op = BenchOp.parse(opName);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
            for (Object k : m.keySet()) {
                if (!k.equals("name") && !k.equals("op") && !op.accepts((String) k)) {
                    throw fail("unknown key \"" + k + "\" for op " + op.key() + " (required: "
                            + BenchOp.sorted(op.required()) + ")");
                }
            }
            for (String k : op.required()) {
                if (!m.containsKey(k)) {
                    throw fail("op " + op.key() + " needs \"" + k + "\"");
                }
            }
            int[] input = ints("input", -1);
            if (input.length < 3 || input.length > 5) {
                throw fail("\"input\" has " + input.length + " values but must be (N, C, spatial...) with 1 to 3 "
                        + "spatial dimensions: 3 to 5 values");
            }
            int dims = input.length - 2;
            int[][] padding = padding(dims);
            if (op.isPool()) {
                return new SuiteCase(name, op, input, null, ints("kernel", dims), ints("stride", dims), padding[0],
                        padding[1], null, 1, null, false);
            }
            return new SuiteCase(name, op, input, ints("weight", input.length), null, ints("stride", dims),
                    padding[0], padding[1], ints("dilation", dims), integer("groups"),
                    m.containsKey("output_padding") ? ints("output_padding", dims) : null, gaussian());
        }

        private boolean gaussian() {
            Object kind = m.get("weight_kind");
            if (kind == null) {
                return false;
            }
            if ("gaussian".equals(kind)) {
                return true;
            }
            if ("uniform".equals(kind)) {
                return false;
            }
            throw fail("\"weight_kind\" must be \"gaussian\" or \"uniform\", got " + kind);
        }

        /** A list of integers of length {@code len} ({@code -1}: any). */
        private int[] ints(String key, int len) {
            if (!(m.get(key) instanceof List<?> l)) {
                throw fail("\"" + key + "\" must be a list of integers");
            }
            if (len >= 0 && l.size() != len) {
                throw fail("\"" + key + "\" has " + l.size() + " values but needs " + len
                        + (key.equals("weight") ? " (as many as \"input\")" : ", one per spatial dimension"));
            }
            int[] v = new int[l.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = toInt(key, l.get(i));
            }
            return v;
        }

        private int integer(String key) {
            return toInt(key, m.get(key));
        }

        private int toInt(String key, Object o) {
            if (o instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                return n.intValue();
            }
            throw fail("\"" + key + "\" must hold integers, got " + o);
        }

        /** [[before, after], ...], one pair per spatial dimension, returned as {before[], after[]}. */
        private int[][] padding(int dims) {
            if (!(m.get("padding") instanceof List<?> l) || l.size() != dims) {
                throw fail("\"padding\" must list one [before, after] pair per spatial dimension (" + dims + ")");
            }
            int[][] ba = new int[2][dims];
            for (int i = 0; i < dims; i++) {
                if (!(l.get(i) instanceof List<?> pair) || pair.size() != 2) {
                    throw fail("\"padding\" must list one [before, after] pair per spatial dimension (" + dims + ")");
                }
                ba[0][i] = toInt("padding", pair.get(0));
                ba[1][i] = toInt("padding", pair.get(1));
            }
            return ba;
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException(where + ": " + what);
        }
    }
}
