package org.convkit;

import java.util.Locale;

/** The algorithms a user can ask for by name; {@link #AUTO} lets the planner choose. */
public enum Algorithm {
    AUTO, REFERENCE, GEMM, POINTWISE, WINOGRAD, FFT, DEPTHWISE, SEPARABLE, DIRECT;

    public static Algorithm parse(String s) {
        for (Algorithm a : values()) {
            if (a.name().equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Algorithm a : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(a.label());
        }
        throw new IllegalArgumentException("algorithm '" + s + "' is not one of " + names);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
