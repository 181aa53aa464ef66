package org.convkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.convkit.runtime.Kernels;

/**
 * The benchmark's JSON, in the shape torch_peer.py writes ({@code results} with name, median_ms,
 * min_ms, max_ms, runs, gflops; {@code peer}; {@code threads}), so that bench/compare.py reads
 * both sides with one function; plus what only convkit has: each case's algorithm, the JDK and
 * the kernels in use.
 */
final class BenchReport {
    private BenchReport() {
    }

    static String json(List<BenchResult> results, int threads) {
        return json(results, List.of(), threads);
    }

    /** With {@code forced}: every algorithm timed on each case ({@code convkit bench --every-algorithm}). */
    static String json(List<BenchResult> results, List<BenchResult> forced, int threads) {
        Json top = new Json().raw("results", list(results));
        if (!forced.isEmpty()) {
            top.raw("forced", list(forced));
        }
        return top.field("peer", "convkit " + VersionProvider.version())
                .field("threads", threads).field("jdk", System.getProperty("java.version"))
                .field("kernels", Kernels.describe()).field("machine", System.getProperty("os.arch")).toString()
                + "\n";
    }

    private static String list(List<BenchResult> results) {
        List<String> rows = new ArrayList<>();
        for (BenchResult r : results) {
            rows.add(new Json().field("name", r.name()).field("median_ms", r.timing().medianMs())
                    .field("min_ms", r.timing().minMs()).field("max_ms", r.timing().maxMs())
                    .field("runs", r.timing().runs()).field("gflops", r.gflops()).field("algorithm", r.algorithm())
                    .toString());
        }
        return rows.isEmpty() ? "[]" : "[\n  " + String.join(",\n  ", rows) + "\n]";
    }

    /** Written whole or not at all: a half-written report would poison a comparison that reads it later. */
    static void write(Path path, String json) {
        Path dir = path.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
            Files.writeString(temp, json);
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (temp != null) {
                NpyFiles.deleteQuietly(temp);
            }
            throw new CliException("cannot write " + path + ": " + NpyFiles.reason(e), e);
        }
    }
}
