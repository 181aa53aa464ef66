package org.convkit.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;
import org.convkit.spec.PaddingMode;
import org.convkit.viz.AnimationSpec.Operation;
import org.convkit.viz.Scene.Box;
import org.convkit.viz.Scene.Item;
import org.convkit.viz.Scene.Label;
import org.convkit.viz.Scene.Line;

/**
 * Lays an {@link Animation} out as a {@link Scene}: a header (title, parameters, the output-size
 * formula worked through, a legend), then one band per layer (the first stage's canvas with its
 * channel slices side by side, then each stage's output maps), then the frame's caption.
 *
 * <p>Text widths are estimated from the character count (monospaced text is exact at 0.6 em), so
 * the layout does not depend on which fonts a machine has.
 */
final class SceneLayout {
    /** Largest image side, in pixels. */
    static final int MAX_SIDE = 2000;
    static final int MIN_CELL = 16;
    /** Pictures taller than this are drawn with smaller cells, which keeps large GIFs a sensible size. */
    private static final int TARGET_HEIGHT = 1000;
    private static final int MAX_CELL = 36;
    private static final int MAX_GRID_WIDTH = 1500;
    private static final int MIN_WIDTH = 660;
    private static final int MARGIN = 16;
    private static final int PLANE_GAP = 28;
    private static final int LAYER_GAP = 14;
    private static final float TITLE = 18;
    private static final float BODY = 13;
    private static final float SMALL = 12;
    private static final int PLANE_LABEL = 17;
    private static final int SUM_ROOM = 22;

    private final Animation anim;
    private final List<Item> items = new ArrayList<>();
    private final int last;
    private final List<Layer> layers = new ArrayList<>();
    private int cell;
    private int width;
    private int y;

    /** One band: a grid of {@code planes} planes of {@code rows} x {@code cols} cells. */
    private static final class Layer {
        final int rows;
        final int cols;
        final int planes;
        final boolean oneD;
        String label;
        String[] planeLabels;
        double[] px;
        double[] py;

        Layer(int[] size, int planes) {
            this.oneD = size.length == 1;
            this.rows = oneD ? 1 : size[0];
            this.cols = oneD ? size[0] : size[1];
            this.planes = planes;
        }

        /** The grid's width; a 1-D layer keeps room on its left for the "+" between its rows. */
        int gridWidth(int cell) {
            return oneD ? cols * cell + 2 * SUM_ROOM : planes * cols * cell + (planes - 1) * PLANE_GAP;
        }

        int gridHeight(int cell) {
            return oneD ? planes * (cell + PLANE_LABEL) + (planes - 1) * 6 : PLANE_LABEL + rows * cell;
        }
    }

    private SceneLayout(Animation anim) {
        this.anim = anim;
        this.last = anim.frameCount() - 1;
    }

    static Scene of(Animation a) {
        return new SceneLayout(a).build();
    }

    private Scene build() {
        List<Stage> stages = anim.stages();
        Stage first = stages.get(0);
        Layer in = new Layer(first.canvas().size(), first.inChannels());
        in.label = inputLabel(first);
        in.planeLabels = planeLabels("channel", first.inChannels());
        layers.add(in);
        for (Stage s : stages) {
            Layer out = new Layer(s.outputSize(), s.outChannels());
            out.label = s.title() + ": output " + Ints.times(s.outputSize()) + ", " + plural(s.outChannels(), "map");
            boolean perChannel = s.operation() == Operation.MAX_POOL || s.operation() == Operation.AVG_POOL
                    || (s.operation() == Operation.DEPTHWISE_SEPARABLE && s.groups() > 1);
            out.planeLabels = planeLabels(perChannel ? "channel" : "filter", s.outChannels());
            layers.add(out);
        }
        chooseCell();
        int height = layout();
        // tall pictures get smaller cells (down to the minimum) rather than growing past the target
        while (height > TARGET_HEIGHT && cell > MIN_CELL) {
            cell = Math.max(MIN_CELL, cell - 2);
            height = layout();
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("the animation would be " + width + " x " + height + " pixels, more "
                    + "than the limit of " + MAX_SIDE + " on a side; use a smaller input, fewer channels or filters");
        }
        int[] delays = new int[anim.frameCount()];
        for (Frame f : anim.frames()) {
            delays[f.index()] = f.delayMillis();
        }
        return new Scene(width, height, delays, items);
    }

    /** Lays everything out at the current cell size; returns the picture's height. */
    private int layout() {
        items.clear();
        width = MIN_WIDTH;
        for (Layer l : layers) {
            width = Math.max(width, l.gridWidth(cell) + 2 * MARGIN);
        }
        double legend = 0;
        for (Swatch w : swatches()) {
            legend += swatchWidth(w);
        }
        width = (int) Math.ceil(Math.max(width, Math.max(legend, boldWidth(title(), TITLE)) + 2 * MARGIN));
        y = MARGIN;
        header();
        for (int i = 0; i < layers.size(); i++) {
            band(i);
        }
        int captionTop = y + 8;
        captions(captionTop);
        return captionTop + 3 * 18 + MARGIN;
    }

    private void chooseCell() {
        int widest = 0;
        int gaps = 0;
        for (Layer l : layers) {
            int cells = l.oneD ? l.cols : l.planes * l.cols;
            if (cells > widest) {
                widest = cells;
                gaps = l.oneD ? 2 * SUM_ROOM : (l.planes - 1) * PLANE_GAP;
            }
        }
        cell = Math.min(MAX_CELL, (MAX_GRID_WIDTH - gaps) / Math.max(1, widest));
        if (cell < MIN_CELL) {
            throw new IllegalArgumentException("the animation's widest row has " + widest + " cells, too many to draw "
                    + "at " + MIN_CELL + " pixels each within the limit of " + MAX_GRID_WIDTH + " pixels per row; use "
                    + "a smaller input, fewer channels or filters");
        }
    }

    // ---- header ----

    private void header() {
        text(all(), MARGIN, y + TITLE, title(), TITLE, Palette.TEXT, true, false);
        y += 28;
        for (String line : wrap(parameters(), SMALL)) {
            text(all(), MARGIN, y + SMALL, line, SMALL, Palette.TEXT, false, true);
            y += 17;
        }
        for (String line : notes()) {
            for (String w : wrap(line, SMALL)) {
                text(all(), MARGIN, y + SMALL, w, SMALL, Palette.MUTED, false, true);
                y += 17;
            }
        }
        y += 4;
        legend();
        y += 8;
    }

    private String parameters() {
        Stage first = anim.stages().get(0);
        Geometry g = first.geometry();
        Operation op = anim.spec().operation();
        boolean pool = op == Operation.MAX_POOL || op == Operation.AVG_POOL;
        StringBuilder sb = new StringBuilder();
        sb.append(pool ? "window " : "kernel ").append(Ints.times(g.kernel()));
        sb.append(", stride ").append(list(g.stride()));
        sb.append(", padding ").append(anim.spec().padding());
        if (g.requestedPadding().isWord()) {
            sb.append(" (").append(list(g.padBefore())).append(" before, ").append(list(g.padAfter()))
                    .append(" after)");
        }
        if (anim.spec().paddingMode() != PaddingMode.ZEROS) {
            sb.append(", padding mode ").append(modeName());
        }
        if (anim.spec().ceilMode()) {
            sb.append(", ceil_mode");
        }
        sb.append(", dilation ").append(list(g.dilation()));
        if (op == Operation.CONV || op == Operation.CONV_TRANSPOSE) {
            sb.append(", groups ").append(first.groups()).append(", ").append(plural(anim.spec().filters(), "filter"));
        }
        if (op == Operation.CONV_TRANSPOSE) {
            sb.append(", output_padding ").append(list(g.outputPadding()));
        }
        if (op == Operation.DEPTHWISE_SEPARABLE) {
            sb.append(", then ").append(plural(anim.spec().filters(), "pointwise filter"));
        }
        return sb.toString();
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (String line : anim.explain().split("\n")) {
            notes.add(line);
        }
        Stage first = anim.stages().get(0);
        Geometry g = first.geometry();
        if (g.kind() == Geometry.Kind.CONV_TRANSPOSE) {
            StringBuilder zeros = new StringBuilder();
            StringBuilder pads = new StringBuilder();
            for (int a = 0; a < g.dims(); a++) {
                zeros.append(a > 0 ? ", " : "").append(g.stride()[a] - 1);
                int before = Canvas.implicitBefore(g, a);
                int after = before + g.padBefore()[a] - g.padAfter()[a] + g.outputPadding()[a];
                pads.append(a > 0 ? ", " : "").append(before).append(before == after ? "" : ":" + after);
            }
            boolean cropped = false;
            for (int a = 0; a < g.dims(); a++) {
                cropped |= Canvas.implicitBefore(g, a) < 0;
            }
            notes.add("drawn as its equivalent convolution: s-1 = " + zeros + " zero(s) inserted between inputs, "
                    + "implicit padding d(k-1)-p = " + pads + " (+ output_padding after), kernel flipped, stride 1"
                    + (cropped ? "; negative padding crops: the outer cells are never reached" : ""));
        }
        if (anim.spec().operation() == Operation.DEPTHWISE_SEPARABLE) {
            notes.add("depthwise: each channel convolved with its own kernel; pointwise: a 1x1 convolution mixes the "
                    + first.outChannels() + " channels into " + plural(anim.outputShape()[0], "map"));
        }
        if (anim.spec().operation() == Operation.AVG_POOL) {
            notes.add("padding cells count in the divisor (count_include_pad)");
        }
        return notes;
    }

    private void legend() {
        double x = MARGIN;
        for (Swatch w : swatches()) {
            items.add(new Box(0, last, x, y, 14, 14, w.fill, w.stroke, w.stroke == Palette.CHOSEN ? 3f : 1.5f,
                    w.dashed));
            text(all(), x + 19, y + 12, w.label, SMALL, Palette.TEXT, false, false);
            x += swatchWidth(w);
        }
        y += 22;
    }

    /** One legend entry. */
    private record Swatch(Color fill, Color stroke, boolean dashed, String label) {
    }

    private static double swatchWidth(Swatch w) {
        return 19 + sansWidth(w.label, SMALL) + 16;
    }

    /** The legend's entries: only the kinds of cell this animation draws. */
    private List<Swatch> swatches() {
        Operation op = anim.spec().operation();
        Canvas c = anim.stages().get(0).canvas();
        boolean padded = c.has(CellKind.PADDING);
        boolean zeros = c.has(CellKind.INSERTED_ZERO);
        boolean pool = op == Operation.MAX_POOL || op == Operation.AVG_POOL;
        List<Swatch> list = new ArrayList<>();
        list.add(new Swatch(Palette.INPUT_FILL, Palette.INPUT_STROKE, false, "input"));
        boolean copies = anim.spec().paddingMode() != PaddingMode.ZEROS;
        if (padded) {
            list.add(new Swatch(Palette.PAD_FILL, Palette.PAD_STROKE, true, op == Operation.MAX_POOL
                    ? "padding (never the max)" : copies ? "padding (" + modeName() + ": a copy)" : "padding (0)"));
        }
        if (padded && copies) {
            list.add(new Swatch(null, Palette.COPIED, true, "the cell it copies"));
        }
        if (zeros) {
            list.add(new Swatch(Palette.ZERO_FILL, Palette.PAD_STROKE, true, "inserted zero"));
        }
        if (c.has(CellKind.BEYOND)) {
            list.add(new Swatch(null, Palette.BEYOND, true, "past the input (ceil_mode: not read)"));
        }
        list.add(new Swatch(Palette.WINDOW_FILL, Palette.WINDOW_STROKE, false, pool ? "window" : "kernel (weight)"));
        if (op == Operation.MAX_POOL) {
            list.add(new Swatch(null, Palette.CHOSEN, false, "the max"));
        }
        list.add(new Swatch(Palette.OUT_NOW_FILL, Palette.OUT_NOW_STROKE, false, "being computed"));
        list.add(new Swatch(Palette.OUT_DONE_FILL, Palette.OUT_DONE_STROKE, false, "computed"));
        return list;
    }

    /** The title, in words and shapes. */
    private String title() {
        Stage first = anim.stages().get(0);
        int[] out = anim.outputShape();
        return anim.spec().operation().title() + ": input " + Ints.times(first.inputSize()) + " x "
                + plural(first.inChannels(), "channel") + " -> output " + Ints.times(sub(out)) + " x "
                + plural(out[0], "map");
    }

    // ---- bands ----

    private void band(int i) {
        Layer l = layers.get(i);
        text(all(), MARGIN, y + BODY, l.label, BODY, Palette.TEXT, true, false);
        y += 20;
        double left = (width - l.gridWidth(cell)) / 2.0;
        l.px = new double[l.planes];
        l.py = new double[l.planes];
        for (int p = 0; p < l.planes; p++) {
            if (l.oneD) {
                l.px[p] = left + SUM_ROOM;
                l.py[p] = y + PLANE_LABEL + p * (cell + PLANE_LABEL + 6);
            } else {
                l.px[p] = left + p * (l.cols * cell + PLANE_GAP);
                l.py[p] = y + PLANE_LABEL;
            }
            text(all(), l.px[p], l.py[p] - 5, l.planeLabels[p], SMALL, Palette.MUTED, false, false);
        }
        if (i == 0) {
            canvasCells(anim.stages().get(0), l);
        } else {
            outputCells(i - 1, l);
        }
        if (i < anim.stages().size()) {
            sums(anim.stages().get(i), i, l);
        }
        y += l.gridHeight(cell) + LAYER_GAP;
    }

    /** The first stage's canvas: input cells with their values, padding dashed, inserted zeros grey. */
    private void canvasCells(Stage s, Layer l) {
        Canvas c = s.canvas();
        boolean max = s.operation() == Operation.MAX_POOL;
        for (int p = 0; p < l.planes; p++) {
            for (int r = 0; r < l.rows; r++) {
                for (int q = 0; q < l.cols; q++) {
                    int[] at = l.oneD ? new int[] {q} : new int[] {r, q};
                    CellKind k = c.kind(at);
                    double x = l.px[p] + q * cell;
                    double yy = l.py[p] + r * cell;
                    switch (k) {
                        case INPUT:
                            items.add(new Box(0, last, x, yy, cell, cell, Palette.INPUT_FILL, Palette.INPUT_STROKE, 1f,
                                    false));
                            value(all(), x, yy, s.input(p, c.source(at)), Palette.TEXT);
                            break;
                        case PADDING:
                            items.add(new Box(0, last, x + 1, yy + 1, cell - 2, cell - 2, Palette.PAD_FILL,
                                    Palette.PAD_STROKE, 1f, true));
                            if (!max) {
                                int[] copied = c.copiedFrom(at);
                                value(all(), x, yy, copied == null ? 0 : s.input(p, copied), Palette.MUTED);
                            }
                            break;
                        case BEYOND:
                            items.add(new Box(0, last, x + 1, yy + 1, cell - 2, cell - 2, null, Palette.BEYOND, 1f,
                                    true));
                            break;
                        default:
                            items.add(new Box(0, last, x + 1, yy + 1, cell - 2, cell - 2, Palette.ZERO_FILL,
                                    Palette.PAD_STROKE, 1f, true));
                            value(all(), x, yy, 0, Palette.MUTED);
                            break;
                    }
                }
            }
        }
    }

    /** Stage {@code si}'s output maps: empty outlines, each cell filled from the frame that computes it on. */
    private void outputCells(int si, Layer l) {
        for (int p = 0; p < l.planes; p++) {
            for (int r = 0; r < l.rows; r++) {
                for (int q = 0; q < l.cols; q++) {
                    items.add(new Box(0, last, l.px[p] + q * cell, l.py[p] + r * cell, cell, cell, null,
                            Palette.OUT_EMPTY, 1f, false));
                }
            }
        }
        for (Frame f : anim.frames()) {
            if (f.hold() || f.stage() != si) {
                continue;
            }
            double[] xy = cellXY(l, f.map(), f.position());
            int i = f.index();
            items.add(new Box(i, i, xy[0], xy[1], cell, cell, Palette.OUT_NOW_FILL, Palette.OUT_NOW_STROKE, 3f, false));
            if (i < last) {
                items.add(new Box(i + 1, last, xy[0], xy[1], cell, cell, Palette.OUT_DONE_FILL, Palette.OUT_DONE_STROKE,
                        1.5f, false));
            }
            value(new int[] {i, last}, xy[0], xy[1], f.value(), Palette.TEXT);
        }
    }

    /** "+" between the slices a stage sums over, shown during that stage's frames. */
    private void sums(Stage s, int si, Layer l) {
        boolean sums = (s.operation() == Operation.CONV || s.operation() == Operation.CONV_TRANSPOSE
                || (s.operation() == Operation.DEPTHWISE_SEPARABLE && s.groups() == 1))
                && s.inChannels() / s.groups() > 1;
        if (!sums) {
            return;
        }
        int from = -1;
        int to = -1;
        for (Frame f : anim.frames()) {
            if (!f.hold() && f.stage() == si) {
                from = from < 0 ? f.index() : from;
                to = f.index();
            }
        }
        for (int p = 0; p + 1 < l.planes; p++) {
            double x;
            double yy;
            if (l.oneD) {
                x = l.px[p] - SUM_ROOM / 2.0;
                yy = l.py[p] + cell + 14;
            } else {
                x = l.px[p] + l.cols * cell + PLANE_GAP / 2.0;
                yy = l.py[p] + l.rows * cell / 2.0 + 7;
            }
            items.add(new Label(from, to, x, yy, "+", 20, Palette.TEXT, true, false, true));
        }
    }

    // ---- per frame ----

    private void captions(int top) {
        for (Frame f : anim.frames()) {
            int i = f.index();
            if (f.hold()) {
                int[] out = anim.outputShape();
                text(new int[] {i, i}, MARGIN, top + BODY + 2, "done: output " + Ints.times(sub(out)) + " x "
                        + plural(out[0], "map") + "; every value above was computed by convkit's engine", BODY,
                        Palette.TEXT, true, false);
                continue;
            }
            Stage s = anim.stages().get(f.stage());
            window(f, s);
            text(new int[] {i, i}, MARGIN, top + BODY + 2, Captions.headline(anim, f, s), BODY, Palette.TEXT, true, false);
            int row = 0;
            for (String line : wrap(Captions.expression(f, s), SMALL)) {
                if (row == 2) {
                    break;
                }
                text(new int[] {i, i}, MARGIN, top + BODY + 22 + row * 17, line, SMALL, Palette.TEXT, false, true);
                row++;
            }
        }
    }

    /** The window of one frame: its cells (with weights), its span, the chosen max, a line to the output. */
    private void window(Frame f, Stage s) {
        int i = f.index();
        Layer l = layers.get(f.stage());
        int planes = l.planes;
        double[] minX = fill(planes, Double.MAX_VALUE);
        double[] minY = fill(planes, Double.MAX_VALUE);
        double[] maxX = fill(planes, -1);
        double[] maxY = fill(planes, -1);
        float weightSize = Math.max(8f, cell * 0.28f);
        for (int t = 0; t < f.taps().size(); t++) {
            Tap tap = f.taps().get(t);
            int p = tap.channel();
            double[] xy = cellXY(l, p, tap.cell());
            items.add(new Box(i, i, xy[0] + 1, xy[1] + 1, cell - 2, cell - 2, Palette.WINDOW_FILL, Palette.WINDOW_STROKE,
                    2f, false));
            // the value again, on top of the window's tint
            if (tap.kind() == CellKind.INPUT) {
                value(new int[] {i, i}, xy[0], xy[1], tap.input(), Palette.TEXT);
            } else if (s.operation() != Operation.MAX_POOL && tap.kind() != CellKind.BEYOND) {
                value(new int[] {i, i}, xy[0], xy[1], tap.input(), Palette.MUTED);
                copiedFrom(i, l, s, tap, xy);
            }
            if (s.hasWeights()) {
                String w = Captions.number(tap.weight());
                items.add(new Label(i, i, xy[0] + cell - 3 - monoWidth(w, weightSize), xy[1] + cell - 3, w, weightSize,
                        Palette.WINDOW_STROKE, true, true, false));
            }
            if (t == f.chosen()) {
                items.add(new Box(i, i, xy[0] + 2.5, xy[1] + 2.5, cell - 5, cell - 5, null, Palette.CHOSEN, 3.5f, false));
            }
            minX[p] = Math.min(minX[p], xy[0]);
            minY[p] = Math.min(minY[p], xy[1]);
            maxX[p] = Math.max(maxX[p], xy[0] + cell);
            maxY[p] = Math.max(maxY[p], xy[1] + cell);
        }
        Layer target = layers.get(f.stage() + 1);
        double[] out = cellXY(target, f.map(), f.position());
        boolean linked = false;
        for (int p = 0; p < planes; p++) {
            if (maxX[p] < 0) {
                continue;
            }
            items.add(new Box(i, i, minX[p] - 2, minY[p] - 2, maxX[p] - minX[p] + 4, maxY[p] - minY[p] + 4, null,
                    Palette.WINDOW_STROKE, 1.5f, true));
            if (!linked) {
                items.add(new Line(i, i, (minX[p] + maxX[p]) / 2, maxY[p] + 2, out[0] + cell / 2.0, out[1],
                        Palette.LINK, 1.2f, false));
                linked = true;
            }
        }
    }

    /**
     * For a padding cell that copies an input cell (reflect, replicate, circular), that cell
     * outlined in this frame, with a line from the copy to it.
     */
    private void copiedFrom(int i, Layer l, Stage s, Tap tap, double[] at) {
        int[] from = tap.kind() == CellKind.PADDING ? s.canvas().copiedFrom(tap.cell()) : null;
        if (from == null) {
            return;
        }
        int[] pb = s.geometry().padBefore();
        int[] cellOf = new int[from.length];
        for (int a = 0; a < from.length; a++) {
            cellOf[a] = from[a] + pb[a];
        }
        double[] xy = cellXY(l, tap.channel(), cellOf);
        items.add(new Box(i, i, xy[0] + 4, xy[1] + 4, cell - 8, cell - 8, null, Palette.COPIED, 3f, true));
        items.add(new Line(i, i, at[0] + cell / 2.0, at[1] + cell / 2.0, xy[0] + cell / 2.0, xy[1] + cell / 2.0,
                Palette.COPIED, 1f, true));
    }

    private String modeName() {
        return anim.spec().paddingMode().name().toLowerCase(Locale.ROOT);
    }

    // ---- helpers ----

    private double[] cellXY(Layer l, int plane, int[] at) {
        int r = l.oneD ? 0 : at[0];
        int q = l.oneD ? at[0] : at[1];
        return new double[] {l.px[plane] + q * cell, l.py[plane] + r * cell};
    }

    private void value(int[] when, double x, double yy, double v, Color color) {
        float size = Math.max(9f, cell * 0.42f);
        String s = Captions.number(v);
        if (s.length() > 4) {
            size = Math.max(8f, size * 4 / s.length());
        }
        items.add(new Label(when[0], when[1], x + cell / 2.0, yy + cell / 2.0 + size * 0.36, s, size, color, false,
                false, true));
    }

    private void text(int[] when, double x, double yy, String s, float size, Color color, boolean bold, boolean mono) {
        items.add(new Label(when[0], when[1], x, yy, s, size, color, bold, mono, false));
    }

    private int[] all() {
        return new int[] {0, last};
    }

    private List<String> wrap(String s, float size) {
        int max = (int) ((width - 2 * MARGIN) / (0.6 * size));
        List<String> lines = new ArrayList<>();
        String rest = s;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf(' ', max);
            if (cut <= max / 2) {
                cut = max;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = "  " + rest.substring(cut).strip();
        }
        lines.add(rest);
        return lines;
    }

    private static String list(int[] v) {
        boolean same = true;
        for (int x : v) {
            same &= x == v[0];
        }
        if (same) {
            return Integer.toString(v[0]);
        }
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < v.length; a++) {
            sb.append(a > 0 ? "," : "").append(v[a]);
        }
        return sb.toString();
    }

    private static String inputLabel(Stage s) {
        Canvas c = s.canvas();
        boolean padded = c.has(CellKind.PADDING);
        boolean zeros = c.has(CellKind.INSERTED_ZERO);
        String label = "input " + Ints.times(s.inputSize()) + ", " + plural(s.inChannels(), "channel");
        if (zeros) {
            label += ", spread out by inserted zeros";
        }
        if (padded) {
            label += ", with padding (dashed)";
        }
        return label;
    }

    private static String[] planeLabels(String word, int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = word + " " + i;
        }
        return s;
    }

    /** "1 map", "2 maps": counts in the pictures' labels and in the animations' errors. */
    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static int[] sub(int[] shape) {
        int[] s = new int[shape.length - 1];
        System.arraycopy(shape, 1, s, 0, s.length);
        return s;
    }

    private static double[] fill(int n, double v) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, v);
        return d;
    }

    static double monoWidth(String s, float size) {
        return s.length() * 0.6 * size;
    }

    /** Bold proportional text is wider. */
    static double boldWidth(String s, float size) {
        return s.length() * 0.62 * size;
    }

    /** A generous estimate of proportional text's width (about 0.56 em per character). */
    static double sansWidth(String s, float size) {
        return s.length() * 0.56 * size;
    }
}
