package org.convkit.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A float32 {@code .npy} file written in place, window by window, and published only when
 * complete: the cells go to a hidden temporary file beside the target (its data starts as zeros),
 * and {@link #commit} forces it to disk and renames it over the target, as {@link AtomicWrite}
 * does for whole arrays. Closed without a commit (a failure, an interrupted run), the temporary
 * file is deleted and the target is untouched; a JVM that is killed outright leaves only the
 * hidden temporary file, never a target that looks complete. Windows are written from several
 * threads at once (positional writes).
 */
public final class NpyOutputFile implements Closeable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final long dataOffset;
    private final Thread cleanup;
    private volatile boolean committed;

    private NpyOutputFile(Path target, Path temp, FileChannel channel, long dataOffset) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.dataOffset = dataOffset;
        // Ctrl-C runs shutdown hooks, not the main thread's finally blocks
        this.cleanup = new Thread(this::discard, "convkit-npy-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Starts a float32 C-order file of the given shape.
     *
     * @param target the file to create or replace when committed
     * @param shape the array's shape
     * @return the open file, all zeros
     * @throws IOException if the temporary file cannot be created
     */
    public static NpyOutputFile create(Path target, int... shape) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (absolute.getFileName() == null) {
            throw new IllegalArgumentException("cannot write to " + target + ": the path names no file");
        }
        long count = 1;
        for (int s : shape) {
            count = Math.multiplyExact(count, s);
        }
        byte[] header = NpyHeader.encode("<f4", shape);
        Path temp = AtomicWrite.createTemp(absolute);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ByteBuffer h = ByteBuffer.wrap(header);
            while (h.hasRemaining()) {
                channel.write(h, h.position());
            }
            // a sparse file where the file system allows: the data reads as zeros until written
            long end = header.length + 4 * count;
            if (count > 0) {
                channel.write(ByteBuffer.allocate(1), end - 1);
            }
            return new NpyOutputFile(absolute, temp, channel, header.length);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Writes {@code length} consecutive cells.
     *
     * @param offset the first cell's index in the whole array
     * @param from the values
     * @param at the first index in {@code from}
     * @param length how many
     * @throws IOException if writing fails
     */
    public void write(long offset, float[] from, int at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(from, at, length);
        long position = dataOffset + offset * 4;
        while (b.hasRemaining()) {
            channel.write(b, position + b.position());
        }
    }

    /**
     * Reads back {@code length} consecutive cells written so far (zeros where nothing was).
     *
     * @param offset the first cell's index in the whole array
     * @param into where they go
     * @param at the first index in {@code into}
     * @param length how many
     * @throws IOException if reading fails
     */
    public void read(long offset, float[] into, int at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataOffset + offset * 4;
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("the temporary output " + temp + " is shorter than its header says");
            }
        }
        b.flip();
        b.asFloatBuffer().get(into, at, length);
    }

    /**
     * Publishes the file: forces it to disk and renames it over the target.
     *
     * @throws IOException if that fails (the temporary file is then deleted on {@link #close})
     */
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        AtomicWrite.move(temp, target);
        committed = true;
        removeHook();
    }

    /** Deletes the temporary file unless committed; the target stays as it was. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temp);
            removeHook();
        }
    }

    private void discard() {
        if (!committed) {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the JVM is going down; a hidden temporary file is all that can remain
            }
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it finds the file committed or deletes it
        }
    }
}
