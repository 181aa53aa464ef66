package org.convkit.cli.tour;

import java.util.Locale;

/**
 * A line chart of receptive field against depth, on a base-2 logarithmic scale, as a standalone
 * SVG: one line per stack (plain and dilated). Drawn by hand because it is one chart of two
 * series; a charting library would be a dependency for it alone.
 */
final class ReceptiveFieldChart {
    private static final int W = 660;
    private static final int H = 340;
    private static final int LEFT = 64;
    private static final int RIGHT = 150;
    private static final int TOP = 24;
    private static final int BOTTOM = 52;

    private ReceptiveFieldChart() {
    }

    /** {@code plain[i]} and {@code dilated[i]}: receptive fields after {@code i + 1} layers. */
    static String svg(long[] plain, long[] dilated, String plainLabel, String dilatedLabel) {
        int layers = plain.length;
        long top = 1;
        for (long v : dilated) {
            top = Math.max(top, v);
        }
        for (long v : plain) {
            top = Math.max(top, v);
        }
        int maxExp = 64 - Long.numberOfLeadingZeros(top - 1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n", W, H, W, H));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        for (int e = 0; e <= maxExp; e++) {
            double y = y(1L << e, maxExp);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e7ee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5b6478\">%d</text>\n", LEFT, W - RIGHT, y, y,
                    LEFT - 8, y + 4, 1L << e));
        }
        for (int i = 1; i <= layers; i++) {
            double x = x(i, layers);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#5b6478\">%d</text>\n",
                    x, H - BOTTOM + 18, i));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#1d2433\">layers "
                + "stacked</text>\n", (LEFT + W - RIGHT) / 2.0, H - 12));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
                + "fill=\"#1d2433\">receptive field (samples, log scale)</text>\n", (TOP + H - BOTTOM) / 2.0));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#8a93a6\"/>\n",
                LEFT, W - RIGHT, H - BOTTOM, H - BOTTOM));
        series(s, plain, maxExp, "#8a93a6", plainLabel);
        series(s, dilated, maxExp, "#2f6fde", dilatedLabel);
        return s.append("</svg>\n").toString();
    }

    private static void series(StringBuilder s, long[] v, int maxExp, String color, String label) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i + 1, v.length), y(v[i], maxExp)));
        }
        s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2.5\" points=\"")
                .append(pts.toString().strip()).append("\"/>\n");
        for (int i = 0; i < v.length; i++) {
            double x = x(i + 1, v.length);
            double y = y(v[i], maxExp);
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", x, y, color));
        }
        double ex = x(v.length, v.length);
        double ey = y(v[v.length - 1], maxExp);
        s.append(String.format(Locale.ROOT, "\n<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-weight=\"bold\">%d</text>"
                + "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>\n", ex + 10, ey - 2, color, v[v.length - 1],
                ex + 10, ey + 13, color, Html.esc(label)));
    }

    private static double x(int layer, int layers) {
        return LEFT + 20 + (W - RIGHT - LEFT - 40) * (layer - 1) / (double) Math.max(1, layers - 1);
    }

    private static double y(long value, int maxExp) {
        double f = Math.log(value) / Math.log(2) / Math.max(1, maxExp);
        return H - BOTTOM - f * (H - BOTTOM - TOP);
    }
}
