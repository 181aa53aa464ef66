package org.convkit.cli;

import java.io.PrintWriter;

/**
 * The benchmark's status line ("timing resnet-3x3: run 7") for a person watching a run, which can
 * spend minutes on one case; drawn on a {@link StatusLine}, so silent unless stdout is a terminal.
 */
final class Progress implements BenchTimer.Listener {
    private final StatusLine line;
    private String caseName = "";

    Progress(PrintWriter out, boolean enabled) {
        this.line = new StatusLine(out, enabled, System::nanoTime);
    }

    private Progress(StatusLine line) {
        this.line = line;
    }

    /** A progress line on {@code out} if (and only if) the JVM's stdout is a terminal. */
    static Progress onTerminal(PrintWriter out) {
        return new Progress(StatusLine.onTerminal(out));
    }

    void start(String name) {
        caseName = name;
        line.show("timing " + caseName + ": preparing", true);
    }

    @Override
    public void warmUp(int call, int of) {
        line.show("timing " + caseName + ": warm-up " + call + "/" + of);
    }

    @Override
    public void run(int call) {
        line.show("timing " + caseName + ": run " + call);
    }

    /** Wipes the line, so that the next thing printed starts on a clean one. */
    void clear() {
        line.clear();
    }
}
