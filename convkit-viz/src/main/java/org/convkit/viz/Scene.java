package org.convkit.viz;

import java.awt.Color;
import java.util.List;

/**
 * An animation as drawing instructions: boxes, lines and labels, each shown from frame
 * {@code from} to frame {@code to} (inclusive). {@link FramePainter} draws the items of one frame
 * with Java2D; {@link SvgAnimation} draws each item once and times its visibility. One scene for
 * both keeps the GIF and the SVG identical by construction.
 *
 * @param width  pixels
 * @param height pixels
 * @param frameDelays each frame's delay in milliseconds
 * @param items  in drawing order (later items on top)
 */
record Scene(int width, int height, int[] frameDelays, List<Item> items) {
    Scene {
        frameDelays = frameDelays.clone();
        items = List.copyOf(items);
    }

    int frames() {
        return frameDelays.length;
    }

    /** One drawn thing and the frames it is visible in. */
    sealed interface Item permits Box, Line, Label {
        int from();

        int to();

        default boolean visibleIn(int frame) {
            return from() <= frame && frame <= to();
        }
    }

    /** A rectangle; {@code fill} or {@code stroke} may be null (not drawn). */
    record Box(int from, int to, double x, double y, double w, double h, Color fill, Color stroke, float strokeWidth,
               boolean dashed) implements Item {
    }

    record Line(int from, int to, double x1, double y1, double x2, double y2, Color color, float width,
                boolean dashed) implements Item {
    }

    /** Text whose baseline starts at (x, y), or is centred on x when {@code centred}. */
    record Label(int from, int to, double x, double y, String text, float size, Color color, boolean bold,
                 boolean mono, boolean centred) implements Item {
    }
}
