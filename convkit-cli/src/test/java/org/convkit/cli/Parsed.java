package org.convkit.cli;

import java.util.List;
import java.util.Map;

/** Typed views of {@link JsonReader}'s values, for assertions. */
final class Parsed {
    private Parsed() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
