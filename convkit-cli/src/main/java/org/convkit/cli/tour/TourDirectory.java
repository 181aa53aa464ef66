package org.convkit.cli.tour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Puts a finished tour in place without ever leaving a half-written one: everything is written
 * into a hidden sibling directory first, then renamed to the requested name.
 *
 * <p>The policy: the output directory may be new, empty, or a tour written before (it holds the
 * {@value #MARKER} file the tour leaves), which is then replaced whole. Any other non-empty
 * directory is refused, so that a typo cannot delete someone's files.
 */
final class TourDirectory {
    /** Left in every tour directory; its presence is what allows a later tour to replace it. */
    static final String MARKER = ".convkit-tour";

    private final Path target;

    TourDirectory(Path target) {
        this.target = target.toAbsolutePath().normalize();
    }

    Path target() {
        return target;
    }

    /** Throws a message naming the directory and the fix if the tour may not be written there. */
    void check() {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException("--output " + target + " exists and is not a directory; "
                    + "give a new directory's name");
        }
        if (Files.isDirectory(target) && !isEmpty(target) && !Files.exists(target.resolve(MARKER))) {
            throw new IllegalArgumentException("--output " + target + " is a non-empty directory that convkit tour "
                    + "did not write (it has no " + MARKER + " file); give a new or empty directory, so that no "
                    + "other files are replaced");
        }
    }

    /** The work a tour does into a fresh directory. */
    interface Writer {
        void write(Path staging) throws IOException;
    }

    /** Writes the tour into a staging directory with {@code writer}, then moves it into place. */
    void write(Writer writer) throws IOException {
        check();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".tour-");
        try {
            readableByAll(staging);
            writer.write(staging);
            Files.writeString(staging.resolve(MARKER), "written by convkit tour; a later 'convkit tour --output' "
                    + "into this directory replaces it whole\n", StandardCharsets.UTF_8);
            replace(staging);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * A temporary directory is private to its owner; the tour is a web page meant to be shared
     * and served, so it gets an ordinary directory's permissions (where the file system has them).
     */
    private static void readableByAll(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its temporary directories are not restricted this way
        }
    }

    private void replace(Path staging) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            check();
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            move(target, old);
        }
        try {
            move(staging, target);
        } catch (IOException e) {
            if (old != null) {
                move(old, target);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("could not remove " + dir + ": " + p + " changed while it was removed", e);
                }
            }
        }
    }
}
