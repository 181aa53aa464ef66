package org.convkit.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
    private final Path path;
    private final FileChannel channel;
    private final NpyHeader header;
    private final long dataOffset;
    private final int itemSize;

    private NpyFile(Path path, FileChannel channel, NpyHeader header, long dataOffset) {
        this.path = path;
        this.channel = channel;
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
            // the stream is not closed: that would close the channel the reads use
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(0)), 4096);
            NpyReader.Layout layout = NpyReader.readLayout(in, channel.size());
            if (layout.header().fortranOrder()) {
                throw new NpyFormatException("the .npy file is in Fortran order, which cannot be read window by "
                        + "window; save it in C order (numpy.ascontiguousarray) first");
            }
            return new NpyFile(path, channel, layout.header(), layout.dataOffset());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
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
     * @return the path
     */
    public Path path() {
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
        channel.close();
    }
}
