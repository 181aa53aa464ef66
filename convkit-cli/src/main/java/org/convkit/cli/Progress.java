package org.convkit.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * One self-overwriting status line ("timing resnet-3x3: run 7") for a person watching a benchmark,
 * which can spend minutes on one case. Silent unless stdout is a terminal, so that redirected
 * output holds the table and nothing else.
 */
final class Progress implements BenchTimer.Listener {
    /** Fast cases run thousands of calls a second; a terminal write between each would disturb them. */
    private static final long MIN_INTERVAL_NS = 200_000_000L;

    private final PrintWriter out;
    private final boolean enabled;
    private String caseName = "";
    private int shown;
    private long shownAt;

    Progress(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A progress line on {@code out} if (and only if) the JVM's stdout is a terminal. */
    static Progress onTerminal(PrintWriter out) {
        return new Progress(out, stdoutIsTerminal());
    }

    void start(String name) {
        caseName = name;
        shownAt = 0;
        show("preparing");
    }

    @Override
    public void warmUp(int call, int of) {
        show("warm-up " + call + "/" + of);
    }

    @Override
    public void run(int call) {
        show("run " + call);
    }

    /** Wipes the line, so that the next thing printed starts on a clean one. */
    void clear() {
        if (enabled && shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
        }
    }

    private void show(String status) {
        long now = System.nanoTime();
        if (!enabled || (shownAt != 0 && now - shownAt < MIN_INTERVAL_NS)) {
            return;
        }
        shownAt = now;
        String line = "timing " + caseName + ": " + status;
        out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        out.flush();
        shown = line.length();
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
