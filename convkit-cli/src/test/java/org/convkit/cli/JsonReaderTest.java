package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convkit.cli.Parsed.list;
import static org.convkit.cli.Parsed.object;

import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() {
        Object v = JsonReader.parse(" {\"a\": [1, -2, 0, 3.5, -1e-3, 2E+2], \"b\": {\"c\": true, \"d\": false, \"e\": null},"
                + " \"s\": \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\", \"empty\": [], \"none\": {}}\n");
        assertThat(v).isInstanceOf(Map.class);
        Map<String, Object> m = object(v);
        assertThat(m.keySet()).containsExactly("a", "b", "s", "empty", "none");
        assertThat(list(m.get("a"))).containsExactly(1L, -2L, 0L, 3.5, -1e-3, 200.0);
        Map<String, Object> b = object(m.get("b"));
        assertThat(b.get("c")).isEqualTo(true);
        assertThat(b.get("d")).isEqualTo(false);
        assertThat(b.containsKey("e")).isTrue();
        assertThat(b.get("e")).isNull();
        assertThat(m.get("s")).isEqualTo("q\"\\/\b\f\n\r\t\u00e9");
        assertThat(list(m.get("empty"))).isEmpty();
        assertThat(object(m.get("none"))).isEmpty();
    }

    @Test
    void rejectsWhatJsonDoesNotAllowSayingWhere() {
        rejects("{\"a\": 1,}", "line 1, column 9", "expected a key");
        rejects("[1, 2,]", "expected a value");
        rejects("{\"a\": 01}", "expected ',' or '}'");
        rejects("{\"a\": +1}", "unexpected character '+'");
        rejects("[NaN]", "unexpected character 'N'");
        rejects("[1.]", "digits after '.'");
        rejects("[1e]", "digits in its exponent");
        rejects("{\"a\": 1, \"a\": 2}", "duplicate key \"a\"");
        rejects("{\"a\": \"x}", "unterminated string");
        rejects("[\"tab\there\"]", "control character");
        rejects("[\"\\x\"]", "unknown escape");
        rejects("[\"\\u12\"]", "four hexadecimal digits");
        rejects("{} {}", "unexpected text after the JSON value");
        rejects("", "unexpected end of input");
        rejects("{'a': 1}", "expected a key in double quotes");
        rejects("[tru]", "unexpected word");
        rejects("\n\n  [99999999999999999999]", "line 3, column 4", "too large");
        rejects("[".repeat(100) + "]".repeat(100), "nested deeper than 64");
    }

    private static void rejects(String json, String... fragments) {
        assertThatThrownBy(() -> JsonReader.parse(json)).as(json).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
