package org.convkit.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * partial file: the content goes to a temporary file in the same directory (so the final rename
 * stays on one file system), is forced to disk, and is then renamed over the target.
 *
 * <p>Public so that the other writers (images, pictures) share this one implementation.
 */
public final class AtomicWrite {
    private static final int MAX_ATTEMPTS = 100;
    /** Keeps the temporary name within the usual 255-byte limit whatever the target's name. */
    private static final int MAX_NAME_PREFIX = 100;

    private AtomicWrite() {
    }

    /** What to write; the stream is neither flushed nor closed by it. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out the temporary file's stream
         * @throws IOException if writing fails (the target is then left untouched)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} atomically; on failure the target is untouched and no temporary file is left.
     *
     * @param target the file to replace or create
     * @param content what to write
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the path names no file
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (absolute.getFileName() == null) {
            throw new IllegalArgumentException("cannot write to " + target + ": the path names no file");
        }
        Path temp = createTemp(absolute);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                channel.force(true);
            }
            move(temp, absolute);
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * A new empty file beside the target. A dot file, so listings and globs skip it; created with
     * the ordinary default permissions (unlike Files.createTempFile's owner-only ones), because the
     * rename makes it the user's file.
     */
    static Path createTemp(Path target) throws IOException {
        String name = target.getFileName().toString();
        String prefix = "." + name.substring(0, Math.min(name.length(), MAX_NAME_PREFIX)) + ".";
        for (int attempt = 1; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path temp = target.resolveSibling(prefix + suffix + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
