package org.convkit.viz;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An {@link Animation} as one self-contained animated SVG (SMIL timing, no scripts, no external
 * assets): every element is drawn once and shown during its frames.
 */
public final class SvgAnimation {
    private SvgAnimation() {
    }

    /** The SVG document. */
    public static String render(Animation a) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Writes the SVG to {@code file} atomically, in UTF-8. */
    public static void write(Animation a, Path file) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
