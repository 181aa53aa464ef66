package org.convkit.cli.explorer;

/** The explorer's animation for a set of settings; an empty string until convkit-viz draws one. */
final class Animation {
    private Animation() {
    }

    static String svg(Settings s) {
        return "";
    }
}
