package org.convkit.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Draws one frame of an {@link Animation} with Java2D. */
public final class FramePainter {
    private FramePainter() {
    }

    /** Frame {@code index} as an RGB image, with its text. */
    public static BufferedImage render(Animation a, int index) {
        return render(a, index, true);
    }

    /**
     * Frame {@code index}; without text (and without anti-aliasing) the pixels depend on no font,
     * which is what golden tests compare.
     */
    public static BufferedImage render(Animation a, int index, boolean text) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Writes frame {@code index} as a PNG, atomically. */
    public static void writePng(Animation a, int index, Path file) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
