package org.convkit.viz;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.convkit.io.AtomicWrite;

/** Draws frames of an {@link Animation} with Java2D, from the same {@link Scene} the SVG is written from. */
public final class FramePainter {
    private static final float[] DASH = {4f, 3f};

    private FramePainter() {
    }

    /**
     * Frame {@code index} as an RGB image, with its text.
     *
     * @param a the animation
     * @param index the frame, from 0 to {@code a.frameCount() - 1}
     * @return the image, of {@link #size}
     */
    public static BufferedImage render(Animation a, int index) {
        return render(a, index, true);
    }

    /**
     * Frame {@code index}; without text (and without anti-aliasing) the pixels depend on no font
     * and no rasterizer subtleties, which is what golden tests compare.
     *
     * @param a the animation
     * @param index the frame, from 0 to {@code a.frameCount() - 1}
     * @param text whether to draw the captions
     * @return the image, of {@link #size}
     */
    public static BufferedImage render(Animation a, int index, boolean text) {
        if (index < 0 || index >= a.frameCount()) {
            throw new IllegalArgumentException("frame " + index + " does not exist: the animation has frames 0 to "
                    + (a.frameCount() - 1));
        }
        return render(SceneLayout.of(a), index, text);
    }

    /**
     * The image size every frame of {@code a} has: {width, height}.
     *
     * @param a the animation
     * @return width and height in pixels
     */
    public static int[] size(Animation a) {
        Scene s = SceneLayout.of(a);
        return new int[] {s.width(), s.height()};
    }

    /**
     * Frame {@code index} as PNG bytes (for a server, or a page).
     *
     * @param a the animation
     * @param index the frame, from 0 to {@code a.frameCount() - 1}
     * @return the PNG file's bytes
     * @throws IOException if encoding fails
     */
    public static byte[] pngBytes(Animation a, int index) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (!ImageIO.write(render(a, index, true), "png", out)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        return out.toByteArray();
    }

    /**
     * Writes frame {@code index} as a PNG, atomically.
     *
     * @param a the animation
     * @param index the frame, from 0 to {@code a.frameCount() - 1}
     * @param file the file, replaced whole or left untouched
     * @throws IOException if the file cannot be written
     */
    public static void writePng(Animation a, int index, Path file) throws IOException {
        BufferedImage img = render(a, index, true);
        AtomicWrite.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    static BufferedImage render(Scene scene, int frame, boolean text) {
        BufferedImage img = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Palette.BACKGROUND);
            g.fillRect(0, 0, scene.width(), scene.height());
            Object aa = text ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, text
                    ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            for (Scene.Item item : scene.items()) {
                if (!item.visibleIn(frame)) {
                    continue;
                }
                if (item instanceof Scene.Box b) {
                    Rectangle2D r = new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h());
                    if (b.fill() != null) {
                        g.setColor(b.fill());
                        g.fill(r);
                    }
                    if (b.stroke() != null) {
                        g.setColor(b.stroke());
                        g.setStroke(stroke(b.strokeWidth(), b.dashed()));
                        g.draw(r);
                    }
                } else if (item instanceof Scene.Line l) {
                    g.setColor(l.color());
                    g.setStroke(stroke(l.width(), l.dashed()));
                    g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
                } else if (item instanceof Scene.Label t && text) {
                    Font font = new Font(t.mono() ? Font.MONOSPACED : Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN,
                            1).deriveFont(t.size());
                    g.setFont(font);
                    g.setColor(t.color());
                    double x = t.x();
                    if (t.centred()) {
                        x -= g.getFontMetrics().getStringBounds(t.text(), g).getWidth() / 2;
                    }
                    g.drawString(t.text(), (float) x, (float) t.y());
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static Stroke stroke(float width, boolean dashed) {
        return dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f)
                : new BasicStroke(width);
    }
}
