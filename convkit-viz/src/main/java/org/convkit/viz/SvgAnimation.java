package org.convkit.viz;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.convkit.io.AtomicWrite;

/**
 * An {@link Animation} as one self-contained animated SVG: no scripts, no external assets. Each
 * item of the {@link Scene} is written once; consecutive items shown in the same frames share a
 * group whose visibility a SMIL {@code <animate>} switches (discrete key times, repeating forever),
 * so the file grows with what is drawn, not with frames times drawing. Each distinct look (fill,
 * stroke, font) is a CSS class named once in the style sheet, so that a cell costs its position
 * only: the explorer sends these files for every change of a setting.
 */
public final class SvgAnimation {
    private SvgAnimation() {
    }

    /**
     * The SVG document.
     *
     * @param a the animation
     * @return an SVG with SMIL animation, self-contained
     */
    public static String render(Animation a) {
        return render(SceneLayout.of(a));
    }

    /**
     * Writes the SVG to {@code file} atomically, in UTF-8.
     *
     * @param a the animation
     * @param file the file, replaced whole or left untouched
     * @throws IOException if the file cannot be written
     */
    public static void write(Animation a, Path file) throws IOException {
        byte[] bytes = render(a).getBytes(StandardCharsets.UTF_8);
        AtomicWrite.write(file, out -> out.write(bytes));
    }

    static String render(Scene scene) {
        long[] start = new long[scene.frames() + 1];
        for (int i = 0; i < scene.frames(); i++) {
            start[i + 1] = start[i] + scene.frameDelays()[i];
        }
        long total = start[scene.frames()];
        int last = scene.frames() - 1;
        // consecutive items shown in the same frames share a group; order is kept, so what is drawn
        // on top in a frame is what the Java2D frames draw on top
        List<List<Scene.Item>> groups = new ArrayList<>();
        for (Scene.Item item : scene.items()) {
            List<Scene.Item> current = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (current == null || current.get(0).from() != item.from() || current.get(0).to() != item.to()) {
                current = new ArrayList<>();
                groups.add(current);
            }
            current.add(item);
        }
        Map<String, String> classes = new LinkedHashMap<>();
        for (Scene.Item item : scene.items()) {
            classes.computeIfAbsent(look(item), k -> className(classes.size()));
        }
        StringBuilder sb = new StringBuilder(48 * scene.items().size() + 1024);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(scene.width()).append("\" height=\"")
                .append(scene.height()).append("\" viewBox=\"0 0 ").append(scene.width()).append(' ')
                .append(scene.height()).append("\" data-frames=\"").append(scene.frames()).append("\">\n");
        sb.append("<style>text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif}\n");
        classes.forEach((look, name) -> sb.append('.').append(name).append('{').append(look).append("}\n"));
        sb.append("</style>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"").append(hex(Palette.BACKGROUND)).append("\"/>\n");
        for (List<Scene.Item> group : groups) {
            int from = group.get(0).from();
            int to = group.get(0).to();
            boolean always = from == 0 && to == last;
            if (always) {
                sb.append("<g>\n");
            } else {
                sb.append("<g visibility=\"hidden\" data-from=\"").append(from).append("\" data-to=\"").append(to)
                        .append("\">");
                visibility(sb, from == 0 ? -1 : fraction(start[from], total),
                        to == last ? -1 : fraction(start[to + 1], total), total);
                sb.append('\n');
            }
            for (Scene.Item item : group) {
                item(sb, item, classes.get(look(item)));
            }
            sb.append("</g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    /** Visible from {@code on} to {@code off} (fractions of the loop; -1: from the start, to the end). */
    private static void visibility(StringBuilder sb, double on, double off, long total) {
        String values;
        String times;
        if (on < 0) {
            values = "visible;hidden";
            times = "0;" + num(off);
        } else if (off < 0) {
            values = "hidden;visible";
            times = "0;" + num(on);
        } else {
            values = "hidden;visible;hidden";
            times = "0;" + num(on) + ";" + num(off);
        }
        sb.append("<animate attributeName=\"visibility\" calcMode=\"discrete\" repeatCount=\"indefinite\" dur=\"")
                .append(total).append("ms\" values=\"").append(values).append("\" keyTimes=\"").append(times)
                .append("\"/>");
    }

    private static double fraction(long t, long total) {
        return (double) t / total;
    }

    private static void item(StringBuilder sb, Scene.Item item, String cls) {
        if (item instanceof Scene.Box b) {
            sb.append("<rect x=\"").append(num(b.x())).append("\" y=\"").append(num(b.y())).append("\" width=\"")
                    .append(num(b.w())).append("\" height=\"").append(num(b.h())).append("\" class=\"").append(cls)
                    .append("\"/>\n");
        } else if (item instanceof Scene.Line l) {
            sb.append("<line x1=\"").append(num(l.x1())).append("\" y1=\"").append(num(l.y1())).append("\" x2=\"")
                    .append(num(l.x2())).append("\" y2=\"").append(num(l.y2())).append("\" class=\"").append(cls)
                    .append("\"/>\n");
        } else if (item instanceof Scene.Label t) {
            sb.append("<text x=\"").append(num(t.x())).append("\" y=\"").append(num(t.y())).append("\" class=\"")
                    .append(cls).append('"');
            // runs of spaces line up the formula's columns; elsewhere the default is the same and shorter
            if (t.text().contains("  ") || t.text().startsWith(" ") || t.text().endsWith(" ")) {
                sb.append(" xml:space=\"preserve\"");
            }
            sb.append('>').append(escape(t.text())).append("</text>\n");
        }
    }

    /** An item's presentation as CSS declarations: what its class stands for. */
    static String look(Scene.Item item) {
        StringBuilder css = new StringBuilder();
        if (item instanceof Scene.Box b) {
            paint(css, "fill", b.fill());
            if (b.stroke() != null) {
                paint(css, "stroke", b.stroke());
                stroke(css, b.strokeWidth(), b.dashed());
            }
        } else if (item instanceof Scene.Line l) {
            paint(css, "stroke", l.color());
            stroke(css, l.width(), l.dashed());
        } else if (item instanceof Scene.Label t) {
            css.append("font-size:").append(num(t.size())).append("px;");
            if (t.mono()) {
                css.append("font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;");
            }
            if (t.bold()) {
                css.append("font-weight:bold;");
            }
            if (t.centred()) {
                css.append("text-anchor:middle;");
            }
            paint(css, "fill", t.color());
        }
        return css.toString();
    }

    private static void stroke(StringBuilder css, float width, boolean dashed) {
        css.append("stroke-width:").append(num(width)).append(';');
        if (dashed) {
            css.append("stroke-dasharray:4 3;");
        }
    }

    /** Class names a, b, ..., z, ba, bb, ...: short, as each appears on every item. */
    private static String className(int i) {
        StringBuilder n = new StringBuilder();
        do {
            n.insert(0, (char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return n.toString();
    }

    private static void paint(StringBuilder css, String property, Color c) {
        if (c == null) {
            css.append(property).append(":none;");
            return;
        }
        css.append(property).append(':').append(hex(c)).append(';');
        if (c.getAlpha() < 255) {
            css.append(property).append("-opacity:").append(num(c.getAlpha() / 255.0)).append(';');
        }
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String num(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                default:
                    sb.append(ch);
            }
        }
        return sb.toString();
    }
}
