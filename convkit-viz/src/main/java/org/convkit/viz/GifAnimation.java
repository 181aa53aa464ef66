package org.convkit.viz;

import java.io.IOException;
import java.nio.file.Path;

/** An {@link Animation} as an animated GIF: ImageIO's GIF writer, looping forever, each frame's own delay. */
public final class GifAnimation {
    private GifAnimation() {
    }

    /** Writes the animation to {@code file} atomically (never a half-written GIF). */
    public static void write(Animation a, Path file) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** The GIF's bytes. */
    public static byte[] bytes(Animation a) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
