package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.convkit.io.Npy;
import org.convkit.tensor.Tensor;

/** Runs the real command wiring ({@link Main#run}) in-process and captures what it prints. */
final class CliRun {
    private CliRun() {
    }

    /** Exit code, stdout and stderr of one run. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a command that must succeed, and returns its stdout. */
    static String ok(String... args) {
        Result r = run(args);
        assertThat(r.err()).as("stderr of %s", String.join(" ", args)).isEmpty();
        assertThat(r.code()).as("exit code of %s", String.join(" ", args)).isZero();
        return r.out();
    }

    /**
     * Runs a command that must fail the CLI's way: exit code 2, exactly one stderr line starting
     * with "error: " and containing {@code fragments}, no stack trace. Returns that line.
     */
    static String fails(String[] args, String... fragments) {
        Result r = run(args);
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        String line = r.errLines().get(0);
        assertThat(line).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(line).contains(f);
        }
        return line;
    }

    static String[] args(String... a) {
        return a;
    }

    /** Writes {@code t} to {@code dir/name} and returns the path as a string for the command line. */
    static String npy(Path dir, String name, Tensor t) {
        Path p = dir.resolve(name);
        try {
            Npy.write(p, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.toString();
    }

    static Tensor read(Path p) {
        try {
            return Npy.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of everything in {@code dir}, hidden temporary files included. */
    static List<String> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
