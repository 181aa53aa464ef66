package org.convkit.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .npy} file read window by window, never whole: its header is parsed (and the file's
 * length checked against it) on opening, and cells are read by position, converted to float32 as
 * {@link Npy#read} would. Files of any size work (positions are longs), and so do concurrent
 * reads from several threads (positional reads do not share a file pointer).
 */
public final class NpyFile implements Closeable {
    /** Reads bytes at a position, as {@link FileChannel#read(ByteBuffer, long)} does. */
    @FunctionalInterface
    public interface PositionalInput {
        /**
         * Reads up to {@code into.remaining()} bytes at {@code position}.
         *
         * @param into where they go
         * @param position the first byte's position in the file
         * @return the bytes read, or -1 at the end of the file
         * @throws IOException if reading fails
         */
        int read(ByteBuffer into, long position) throws IOException;
    }

    private final String path;
    private final PositionalInput channel;
    private final Closeable closer;
    private final NpyHeader header;
    private final long dataOffset;
    private final int itemSize;

    private NpyFile(String path, PositionalInput channel, Closeable closer, NpyHeader header, long dataOffset) {
        this.path = path;
        this.channel = channel;
        this.closer = closer;
        this.header = header;
        this.dataOffset = dataOffset;
        this.itemSize = header.dtype().type().size();
    }

    /**
     * Opens a file and reads its header.
     *
     * @param path the file
     * @return the open file
     * @throws IOException if it cannot be read
     * @throws NpyFormatException if it is not a valid {@code .npy} file, its length does not match its
     *     header, or it is in Fortran order (whose windows are not rows of the file)
     */
    public static NpyFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return open(path.toString(), channel::read, channel.size(), channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens a file held elsewhere (a Hadoop file system, an object store) and reads its header.
     *
     * @param name the file's name, for messages
     * @param input positional reads of its bytes
     * @param size its length in bytes
     * @param closer closes what {@code input} reads from, on {@link #close}
     * @return the open file
     * @throws IOException if it cannot be read
     * @throws NpyFormatException as {@link #open(Path)}
     */
    public static NpyFile open(String name, PositionalInput input, long size, Closeable closer) throws IOException {
        NpyReader.Layout layout = NpyReader.readLayout(new BufferedInputStream(new Sequential(input), 4096), size);
        if (layout.header().fortranOrder()) {
            throw new NpyFormatException("the .npy file is in Fortran order, which cannot be read window by "
                    + "window; save it in C order (numpy.ascontiguousarray) first");
        }
        return new NpyFile(name, input, closer, layout.header(), layout.dataOffset());
    }

    /** Positional reads as a stream from the start, for the header parser. */
    private static final class Sequential extends InputStream {
        private final PositionalInput input;
        private long position;

        Sequential(PositionalInput input) {
            this.input = input;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = input.read(ByteBuffer.wrap(b, off, len), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }

    /**
     * The array's shape.
     *
     * @return a copy
     */
    public int[] shape() {
        return header.shape().clone();
    }

    /**
     * The stored element type, as NumPy names it.
     *
     * @return the descr, e.g. {@code <f4}
     */
    public String dtype() {
        return header.dtype().descr();
    }

    /**
     * The elements it holds.
     *
     * @return the product of the shape
     */
    public long elementCount() {
        return header.elementCount().longValueExact();
    }

    /**
     * The data's size.
     *
     * @return bytes of data (the header excluded)
     */
    public long dataBytes() {
        return header.dataBytes().longValueExact();
    }

    /**
     * The file it reads.
     *
     * @return its name
     */
    public String name() {
        return path;
    }

    /**
     * Reads {@code length} consecutive elements (row-major), each rounded once to float32.
     *
     * @param offset the first element's index in the whole array
     * @param into where they go
     * @param at the first index in {@code into}
     * @param length how many
     * @throws IOException if the file cannot be read or ends early (it changed since opening)
     */
    public void read(long offset, float[] into, int at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(length, itemSize)).order(header.dtype().order());
        long position = dataOffset + offset * itemSize;
        while (b.hasRemaining()) {
            int n = channel.read(b, position + b.position());
            if (n == 0) {
                continue;
            }
            if (n < 0) {
                throw new IOException(path + " ended at byte " + (position + b.position()) + " while reading "
                        + length + " elements from element " + offset + "; did it change while being read?");
            }
        }
        ElementType type = header.dtype().type();
        for (int i = 0; i < length; i++) {
            into[at + i] = type.toFloat(b, i * itemSize);
        }
    }

    @Override
    public void close() throws IOException {
        closer.close();
    }
}
