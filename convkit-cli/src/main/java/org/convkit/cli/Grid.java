package org.convkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small grids of numbers as text, side by side under titles, for the demo. Whole numbers print
 * without decimals so a reader can redo the sums by hand.
 */
final class Grid {
    private Grid() {
    }

    /** A {@code rows x cols} block of {@code data} from {@code offset}, row-major, right-aligned. */
    static List<String> block(float[] data, int offset, int rows, int cols) {
        String[] cells = new String[rows * cols];
        int width = 1;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = number(data[offset + i]);
            width = Math.max(width, cells[i].length());
        }
        List<String> lines = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = cells[r * cols + c];
                sb.append(c > 0 ? " " : "").append(" ".repeat(width - cell.length())).append(cell);
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    /** A block with a title line above it. */
    static List<String> titled(String title, List<String> block) {
        List<String> lines = new ArrayList<>(block.size() + 1);
        lines.add(title);
        lines.addAll(block);
        return lines;
    }

    /** Blocks placed next to each other, three spaces apart, each indented by two. */
    static String sideBySide(List<List<String>> blocks) {
        int height = 0;
        int[] widths = new int[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            height = Math.max(height, blocks.get(b).size());
            for (String line : blocks.get(b)) {
                widths[b] = Math.max(widths[b], line.length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < height; r++) {
            StringBuilder line = new StringBuilder("  ");
            for (int b = 0; b < blocks.size(); b++) {
                String cell = r < blocks.get(b).size() ? blocks.get(b).get(r) : "";
                line.append(cell).append(" ".repeat(widths[b] - cell.length()));
                if (b < blocks.size() - 1) {
                    line.append("   ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Worked arithmetic laid out for a terminal: each {@code "; "}-separated clause on its own line,
     * and a clause longer than {@code width} broken before its {@code " = "} signs, so that every
     * continuation line starts with {@code =}. The first line is indented by {@code indent}, the
     * others by {@code hanging}.
     */
    static List<String> wrapEquation(String text, int width, String indent, String hanging) {
        List<String> lines = new ArrayList<>();
        String prefix = indent;
        for (String clause : text.split("; ")) {
            StringBuilder line = new StringBuilder(prefix);
            String[] steps = clause.split(" = ");
            line.append(steps[0]);
            for (int i = 1; i < steps.length; i++) {
                if (line.length() + 3 + steps[i].length() > width) {
                    lines.add(line.toString());
                    line = new StringBuilder(hanging).append("= ").append(steps[i]);
                } else {
                    line.append(" = ").append(steps[i]);
                }
            }
            lines.add(line.toString());
            prefix = hanging;
        }
        return lines;
    }

    /** {@code 3}, {@code -1}, or {@code 0.25} (two decimals) when the value is not whole. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
