package org.convkit.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.function.LongSupplier;

/**
 * One self-overwriting line on a terminal, redrawn at most every {@link #MIN_INTERVAL_NS}: what
 * {@link Progress} (bench) and {@link ProgressBar} draw on. Silent when disabled, which is what
 * {@link #onTerminal} gives unless stdout is a terminal, so redirected output holds the results and
 * nothing else.
 */
final class StatusLine {
    /** Fast loops report thousands of times a second; a terminal write between each would slow them. */
    static final long MIN_INTERVAL_NS = 200_000_000L;

    private final PrintWriter out;
    private final boolean enabled;
    private final LongSupplier clock;
    private int shown;
    private long shownAt;
    private boolean drawn;

    StatusLine(PrintWriter out, boolean enabled, LongSupplier clock) {
        this.out = out;
        this.enabled = enabled;
        this.clock = clock;
    }

    /** A line on {@code out} if (and only if) the JVM's stdout is a terminal. */
    static StatusLine onTerminal(PrintWriter out) {
        return new StatusLine(out, stdoutIsTerminal(), System::nanoTime);
    }

    boolean enabled() {
        return enabled;
    }

    /** Draws {@code line} over the previous one, unless one was drawn less than the interval ago. */
    void show(String line) {
        show(line, false);
    }

    /** As {@link #show(String)}; {@code force} draws regardless of the interval (a final state). */
    void show(String line, boolean force) {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        if (!force && drawn && now - shownAt < MIN_INTERVAL_NS) {
            return;
        }
        drawn = true;
        shownAt = now;
        out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        out.flush();
        shown = line.length();
    }

    /** Wipes the line, so that the next thing printed starts on a clean one; the next show draws at once. */
    void clear() {
        if (enabled && shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
        }
        drawn = false;
    }

    /**
     * JDK 17's System.console() exists only when stdin and stdout are terminals; from JDK 22 it may
     * exist regardless, and Console.isTerminal() (absent from 17, hence reflection) tells.
     */
    static boolean stdoutIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
