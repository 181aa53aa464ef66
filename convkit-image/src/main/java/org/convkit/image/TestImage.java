package org.convkit.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

import org.convkit.tensor.Tensor;

/**
 * A test image drawn by code, so that examples, tests and pictures need no third-party image. On a
 * 256 x 256 design grid (scaled to any size):
 *
 * <ul>
 *   <li>top left: a Siemens star (36 alternating sectors), whose spokes converge to every spatial
 *       frequency: blur smears its centre, aliasing shows as moire;</li>
 *   <li>top right: four bar groups, three vertical and three horizontal bars each, 4, 3, 2 and
 *       1 units wide;</li>
 *   <li>bottom left: a filled disc, triangle and diamond and a rectangle outline (edges at every
 *       angle; red, green, yellow and blue in colour);</li>
 *   <li>bottom right: text in the logical fonts SansSerif and Serif, antialiased;</li>
 *   <li>bottom strip: a smooth black-to-white ramp above a 16-step grey ramp.</li>
 * </ul>
 *
 * <p>Any width and height: the design grid is scaled to them, so a non-square size stretches the
 * drawing (the star becomes an ellipse).
 *
 * <p>Deterministic: the same size gives the same pixels on every run of the same JDK. The text
 * depends on the fonts the machine maps the logical fonts to, and antialiasing on the JDK's
 * rasterizer, so tests check structure rather than exact pixels. Colour values are 8-bit levels
 * (multiples of 1/255); the grey variant is the Rec. 601 luma of the colour one
 * ({@code 0.299 R + 0.587 G + 0.114 B}), rounded to 8-bit levels too, so both survive a PNG round
 * trip exactly.
 */
public final class TestImage {
    /** The default width and height. */
    public static final int DEFAULT_SIZE = 256;
    /** The largest width or height accepted (a 16384^2 RGB float tensor is 3 GiB). */
    public static final int MAX_SIZE = 16384;
    /** The design grid the drawing is made on; scaled to the requested size. */
    static final double GRID = 256;

    // regions on the design grid, for tests that check what is where
    static final double STAR_X = 64;
    static final double STAR_Y = 64;
    static final double STAR_R = 58;
    static final int STAR_SECTORS = 36;
    static final double BARS_X = 134;
    static final double BARS_Y = 10;
    static final double BAR_LENGTH = 24;
    static final int[] BAR_WIDTHS = {4, 3, 2, 1};
    static final double RAMP_Y = 226;
    static final double STEPS_Y = 241;
    static final int STEPS = 16;
    static final double TEXT_X = 136;
    static final double TEXT_Y = 136;

    private static final Color INK = Color.BLACK;
    private static final Color PAPER = Color.WHITE;
    private static final Color RED = new Color(230, 38, 26);
    private static final Color GREEN = new Color(51, 191, 64);
    private static final Color BLUE = new Color(26, 51, 204);
    private static final Color YELLOW = new Color(242, 204, 26);

    private TestImage() {
    }

    /**
     * The grey variant at the default size, {@code (1, 256, 256)}.
     *
     * @return a new tensor in [0, 1]
     */
    public static Tensor grey() {
        return grey(DEFAULT_SIZE);
    }

    /**
     * The colour variant at the default size, {@code (3, 256, 256)}.
     *
     * @return a new tensor in [0, 1]
     */
    public static Tensor rgb() {
        return rgb(DEFAULT_SIZE);
    }

    /**
     * The grey variant, {@code (1, size, size)}.
     *
     * @param size width and height
     * @return a new tensor in [0, 1]
     * @throws IllegalArgumentException if a size is below 1 or above {@link #MAX_SIZE}
     */
    public static Tensor grey(int size) {
        return render(size, size, false);
    }

    /**
     * The colour variant, {@code (3, size, size)}.
     *
     * @param size width and height
     * @return a new tensor in [0, 1]
     * @throws IllegalArgumentException if a size is below 1 or above {@link #MAX_SIZE}
     */
    public static Tensor rgb(int size) {
        return render(size, size, true);
    }

    /**
     * {@code (3, height, width)} in colour, or {@code (1, height, width)} grey.
     *
     * @param width the width
     * @param height the height
     * @param color colour or grey
     * @return a new tensor in [0, 1]
     * @throws IllegalArgumentException if a size is below 1 or above {@link #MAX_SIZE}
     */
    public static Tensor render(int width, int height, boolean color) {
        Tensor rgb = Images.fromImage(image(width, height));
        return color ? rgb : luma(rgb);
    }

    /**
     * The colour drawing as an RGB image.
     *
     * @param width the width
     * @param height the height
     * @return a new image
     * @throws IllegalArgumentException if a size is below 1 or above {@link #MAX_SIZE}
     */
    public static BufferedImage image(int width, int height) {
        checkSize("width", width);
        checkSize("height", height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.scale(width / GRID, height / GRID);
            g.setColor(PAPER);
            g.fill(new Rectangle2D.Double(0, 0, GRID, GRID));
            drawStar(g);
            drawBars(g);
            drawShapes(g);
            drawText(g);
            drawRamps(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void checkSize(String name, int n) {
        if (n < 1 || n > MAX_SIZE) {
            throw new IllegalArgumentException("the test image's " + name + " is " + n + " but must be in 1.."
                    + MAX_SIZE + " (default " + DEFAULT_SIZE + ")");
        }
    }

    private static void drawStar(Graphics2D g) {
        g.setColor(INK);
        double extent = 360.0 / STAR_SECTORS;
        for (int i = 0; i < STAR_SECTORS; i += 2) {
            g.fill(new Arc2D.Double(STAR_X - STAR_R, STAR_Y - STAR_R, 2 * STAR_R, 2 * STAR_R, i * extent, extent,
                    Arc2D.PIE));
        }
        g.setStroke(new BasicStroke(1f));
        g.draw(new Ellipse2D.Double(STAR_X - STAR_R, STAR_Y - STAR_R, 2 * STAR_R, 2 * STAR_R));
    }

    /** Bar group i: vertical bars at (x, y), horizontal bars to their right; bars and gaps equally wide. */
    private static void drawBars(Graphics2D g) {
        g.setColor(INK);
        for (int i = 0; i < BAR_WIDTHS.length; i++) {
            double b = BAR_WIDTHS[i];
            double x = BARS_X + (i % 2) * 62;
            double y = BARS_Y + (i / 2) * 58;
            for (int k = 0; k < 3; k++) {
                g.fill(new Rectangle2D.Double(x + 2 * k * b, y, b, BAR_LENGTH));
                g.fill(new Rectangle2D.Double(x + 5 * b + 6, y + 2 * k * b, BAR_LENGTH, b));
            }
        }
    }

    private static void drawShapes(Graphics2D g) {
        g.setColor(RED);
        g.fill(new Ellipse2D.Double(8, 136, 44, 44));
        g.setColor(GREEN);
        Path2D triangle = new Path2D.Double();
        triangle.moveTo(62, 180);
        triangle.lineTo(86, 134);
        triangle.lineTo(112, 180);
        triangle.closePath();
        g.fill(triangle);
        g.setColor(BLUE);
        g.setStroke(new BasicStroke(3f));
        g.draw(new Rectangle2D.Double(10, 192, 50, 26));
        g.setColor(YELLOW);
        Path2D diamond = new Path2D.Double();
        diamond.moveTo(90, 188);
        diamond.lineTo(108, 205);
        diamond.lineTo(90, 222);
        diamond.lineTo(72, 205);
        diamond.closePath();
        g.fill(diamond);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1f));
        g.draw(diamond);
    }

    private static void drawText(Graphics2D g) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
        g.drawString("convkit", (float) TEXT_X, (float) TEXT_Y + 30);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 20));
        g.drawString("Aa Bb 123", (float) TEXT_X, (float) TEXT_Y + 60);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
        g.drawString("3x3 sobel-x", (float) TEXT_X, (float) TEXT_Y + 80);
    }

    private static void drawRamps(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 0, Color.BLACK, (float) GRID, 0, Color.WHITE));
        g.fill(new Rectangle2D.Double(0, RAMP_Y, GRID, STEPS_Y - RAMP_Y));
        double w = GRID / STEPS;
        for (int i = 0; i < STEPS; i++) {
            int v = Math.round(255f * i / (STEPS - 1));
            g.setColor(new Color(v, v, v));
            g.fill(new Rectangle2D.Double(i * w, STEPS_Y, w, GRID - STEPS_Y));
        }
    }

    /** Rec. 601 luma, rounded to 8-bit levels. */
    static Tensor luma(Tensor rgb) {
        int plane = rgb.size(1) * rgb.size(2);
        float[] c = rgb.data();
        float[] grey = new float[plane];
        for (int i = 0; i < plane; i++) {
            double y = 0.299 * c[i] + 0.587 * c[plane + i] + 0.114 * c[2 * plane + i];
            grey[i] = Math.round(y * 255) / 255f;
        }
        return Tensor.of(grey, 1, rgb.size(1), rgb.size(2));
    }
}
