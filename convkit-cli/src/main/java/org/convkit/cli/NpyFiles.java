package org.convkit.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.convkit.io.Npy;
import org.convkit.io.NpyArray;
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

    /**
     * Reads a .npy file as float32, noting once if its dtype was another; {@code null} gives
     * {@code null} (an optional input not given).
     */
    static Tensor read(Path path) {
        return path == null ? null : reading(path, () -> {
            NpyArray a = Npy.readArray(path);
            Float32Reading.note(path, a.dtype());
            return a.toTensor();
        });
    }

    /** Reads a .npy file of integers (indices), exactly: a float or a value beyond int is an error naming it. */
    static org.convkit.io.NpyArray readArray(Path path) {
        return reading(path, () -> {
            org.convkit.io.NpyArray a = Npy.readArray(path);
            a.toInts();
            return a;
        });
    }

    /**
     * A .npy file's shape, from its header alone (the data is not read), noting once if its dtype
     * is not float32 (a streamed run reads it tile by tile as float32).
     */
    static int[] shape(Path path) {
        return reading(path, () -> {
            try (NpyFile f = NpyFile.open(path)) {
                Float32Reading.note(path, f.dtype());
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

    /**
     * Fails now, before any computing, unless {@code path} (given as {@code option}) names a .npy
     * file that can be written: a result named o.txt would hold .npy data under a name that says
     * otherwise, so it is refused with the name to use ({@code np.save} would quietly append .npy).
     */
    static void checkNpyOutput(String option, Path path) {
        if (path == null) {
            return;
        }
        checkName(option, path, "y.npy");
        if (Files.isDirectory(path)) {
            checkWritable(path);
        }
        String name = String.valueOf(path.getFileName());
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            throw new CliException(option + " " + path + " does not end in .npy, but what is written there is a "
                    + "NumPy .npy array (float32): name it " + path.resolveSibling(stem + ".npy"));
        }
        checkWritable(path);
    }

    /**
     * Refuses the two names that are not files: '' (an unset shell variable, say) and '-', which
     * many tools read as standard output. Results are written atomically, by a rename once complete,
     * so that a failed run leaves no partial file; a pipe cannot be written that way.
     */
    static void checkName(String option, Path path, String example) {
        String text = path.toString();
        if (text.isBlank()) {
            throw new CliException(option + " is empty: give the file to write, e.g. " + option + " " + example);
        }
        if (text.equals("-")) {
            throw new CliException(option + " - (standard output) is not supported: results are written to a file "
                    + "atomically, so that a failed run leaves none; give a file name and read it from there, "
                    + "e.g. " + option + " " + example);
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
