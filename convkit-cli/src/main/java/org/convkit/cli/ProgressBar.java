package org.convkit.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A progress bar for any long loop: one self-overwriting line
 * {@code label [##########----------] 25/50 detail}, redrawn at most five times a second (the last
 * step always), and silent unless stdout is a terminal, so that redirected output is unchanged.
 * Call {@link #clear()} before printing the result line.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;

    private final StatusLine line;
    private final String label;

    ProgressBar(StatusLine line, String label) {
        this.line = line;
        this.label = label;
    }

    /** A bar on {@code out}, drawn only if the JVM's stdout is a terminal. */
    public static ProgressBar onTerminal(PrintWriter out, String label) {
        return new ProgressBar(StatusLine.onTerminal(out), label);
    }

    /** A bar on {@code out}, drawn if {@code enabled} (for tests, and for callers that know better). */
    public static ProgressBar of(PrintWriter out, boolean enabled, String label) {
        return new ProgressBar(new StatusLine(out, enabled, System::nanoTime), label);
    }

    /** As {@link #of}, with a clock to rate-limit by (tests). */
    static ProgressBar of(PrintWriter out, boolean enabled, String label, LongSupplier clock) {
        return new ProgressBar(new StatusLine(out, enabled, clock), label);
    }

    /** Shows {@code done} of {@code total} steps, and {@code detail} (may be empty) after the count. */
    public void update(long done, long total, String detail) {
        if (!line.enabled()) {
            return;
        }
        long t = Math.max(total, 1);
        long d = Math.max(0, Math.min(done, t));
        int filled = (int) (WIDTH * d / t);
        String text = label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total
                + (detail == null || detail.isEmpty() ? "" : " " + detail);
        line.show(text, done >= total);
    }

    /** Wipes the bar. */
    public void clear() {
        line.clear();
    }
}
