package org.convkit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's table on stdout, one row as each case finishes (a full suite on a slow engine
 * takes minutes, and a row that waits for the last case tells nobody anything).
 */
final class BenchTable {
    private final PrintWriter out;
    private final String rowFormat;

    /** Sized for {@code names}, so that the columns line up before the first case is timed. */
    BenchTable(PrintWriter out, List<String> names) {
        this.out = out;
        int w = Math.max("case".length(), names.stream().mapToInt(String::length).max().orElse(0));
        this.rowFormat = "%-" + w + "s  %10s  %9s  %4s  %s%n";
    }

    void header() {
        out.printf(Locale.ROOT, rowFormat, "case", "median ms", "GFLOP/s", "runs", "algorithm");
        out.flush();
    }

    void row(BenchResult r) {
        out.printf(Locale.ROOT, rowFormat, r.name(), String.format(Locale.ROOT, "%.3f", r.timing().medianMs()),
                String.format(Locale.ROOT, "%.2f", r.gflops()), r.timing().runs(), r.algorithm());
        out.flush();
    }
}
