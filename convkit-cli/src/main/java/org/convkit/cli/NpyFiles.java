package org.convkit.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.convkit.io.Npy;
import org.convkit.io.NpyFile;
import org.convkit.tensor.Tensor;

/**
 * The commands' file access, with failures worded as "cannot read X.npy: no such file". Writes go
 * through {@link Npy}'s atomic writes, and destinations are checked before any work is done, so a
 * failed run never leaves a partial (or a pointless) output file.
 */
final class NpyFiles {
    private NpyFiles() {
    }

    /** Reads a .npy file as float32; {@code null} gives {@code null} (an optional input not given). */
    static Tensor read(Path path) {
        return path == null ? null : reading(path, () -> Npy.read(path));
    }

    /** Reads a .npy file of integers (indices), exactly: a float or a value beyond int is an error naming it. */
    static org.convkit.io.NpyArray readArray(Path path) {
        return reading(path, () -> {
            org.convkit.io.NpyArray a = Npy.readArray(path);
            a.toInts();
            return a;
        });
    }

    /** A .npy file's shape, from its header alone (the data is not read). */
    static int[] shape(Path path) {
        return reading(path, () -> {
            try (NpyFile f = NpyFile.open(path)) {
                return f.shape();
            }
        });
    }

    /** A read that may fail. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws IOException;
    }

    /** Runs a read of {@code path}, its failures worded for people. */
    private static <T> T reading(Path path, Read<T> read) {
        if (Files.isDirectory(path)) {
            throw new CliException("cannot read " + path + ": it is a directory");
        }
        try {
            return read.run();
        } catch (IOException e) {
            throw new CliException("cannot read " + path + ": " + reason(e), e);
        } catch (IllegalArgumentException e) {
            // a malformed file: the reader says what is wrong (after the path, which we put first anyway)
            String m = ErrorReporter.oneLine(String.valueOf(e.getMessage()));
            String prefix = path + ": ";
            throw new CliException("cannot read " + path + ": " + (m.startsWith(prefix) ? m.substring(prefix.length()) : m),
                    e);
        }
    }

    /** Fails now, before any computing, if {@code path} could not be written later. */
    static void checkWritable(Path path) {
        if (path == null) {
            return;
        }
        if (Files.isDirectory(path)) {
            throw new CliException("cannot write " + path + ": it is a directory");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CliException("cannot write " + path + ": no such directory " + parent);
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw new CliException("cannot write " + path + ": directory " + parent + " is not writable");
        }
    }

    /** Writes a float32 tensor atomically. */
    static void write(Path path, Tensor t) {
        try {
            Npy.write(path, t);
        } catch (IOException e) {
            throw new CliException("cannot write " + path + ": " + reason(e), e);
        }
    }

    /** Writes int64 values atomically. */
    static void writeInts(Path path, int[] data, int... shape) {
        try {
            Npy.writeInts(path, data, shape);
        } catch (IOException e) {
            throw new CliException("cannot write " + path + ": " + reason(e), e);
        }
    }

    /** Removes a file this run wrote, when a later step of the same run failed. */
    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the run is failing already; its own error is the one to report
        }
    }

    /** The operating system's complaint, without Java's exception names. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : ErrorReporter.oneLine(m);
    }
}
