package org.convkit.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.convkit.tensor.Tensor;

/**
 * Reads and writes NumPy {@code .npy} files.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, dtypes f2, f4, f8, i1, i2, i4, i8, u1, u2,
 * u4, u8 and b1 in either byte order, and C or Fortran order. Anything else, and any file that is
 * truncated, has trailing bytes or is otherwise malformed, is rejected with an
 * {@link NpyFormatException} whose message gives the numbers. Streams are not closed.
 *
 * <p>Writing produces what {@code np.save} produces for a C-contiguous little-endian array (version
 * 1.0 unless the header needs 2.0, data aligned to 64 bytes). Writes to a {@link Path} are atomic:
 * the target is either left as it was or replaced by the complete new file.
 */
public final class Npy {
    private Npy() {
    }

    /**
     * Reads a file as a float32 tensor (see {@link NpyArray#toTensor()} for the rounding).
     *
     * @param file a {@code .npy} file
     * @return the array, row-major whatever the file's order
     * @throws IOException if the file cannot be read
     * @throws NpyFormatException if it is not a valid {@code .npy} file, saying what is wrong in its own numbers
     */
    public static Tensor read(Path file) throws IOException {
        return readArray(file).toTensor();
    }

    /**
     * Reads one array from a stream, which must end right after it, as a float32 tensor.
     *
     * @param in the stream, positioned at the magic string
     * @return the array, row-major whatever the file's order
     * @throws IOException if the stream fails
     * @throws NpyFormatException if it is not a valid {@code .npy} array, saying what is wrong in its own numbers
     */
    public static Tensor read(InputStream in) throws IOException {
        return readArray(in).toTensor();
    }

    /**
     * Reads a file keeping its dtype. Messages about the content start with the file's path.
     *
     * @param file a {@code .npy} file
     * @return the array with its dtype
     * @throws IOException if the file cannot be read
     * @throws NpyFormatException if it is not a valid {@code .npy} file, saying what is wrong in its own numbers
     */
    public static NpyArray readArray(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(channel)) {
            return NpyReader.read(in, channel.size());
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one array from a stream, which must end right after it, keeping its dtype.
     *
     * @param in the stream, positioned at the magic string
     * @return the array with its dtype
     * @throws IOException if the stream fails
     * @throws NpyFormatException if it is not a valid {@code .npy} array, saying what is wrong in its own numbers
     */
    public static NpyArray readArray(InputStream in) throws IOException {
        return NpyReader.read(in, -1);
    }

    /**
     * Writes a tensor as float32 ({@code '<f4'}), atomically.
     *
     * @param file the file, replaced whole or left untouched
     * @param t the tensor
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Tensor t) throws IOException {
        AtomicWrite.write(file, out -> write(out, t));
    }

    /**
     * Writes a tensor as float32 ({@code '<f4'}) to a stream, which is neither flushed nor closed.
     *
     * @param out the stream
     * @param t the tensor
     * @throws IOException if the stream fails
     */
    public static void write(OutputStream out, Tensor t) throws IOException {
        NpyWriter.writeFloat32(out, t.data(), t.shape());
    }

    /**
     * Writes ints as int64 ({@code '<i8'}), the dtype NumPy and PyTorch use for indices such as
     * max-pooling argmaxes, atomically.
     *
     * @param file the file, replaced whole or left untouched
     * @param data the values in row-major order
     * @param shape the extents, holding {@code data.length} elements
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code shape} does not hold {@code data.length} elements;
     *     the file is then not touched
     */
    public static void writeInts(Path file, int[] data, int... shape) throws IOException {
        NpyWriter.checkShape(shape, data.length);
        AtomicWrite.write(file, out -> writeInts(out, data, shape));
    }

    /**
     * Writes ints as int64 ({@code '<i8'}) to a stream, which is neither flushed nor closed.
     *
     * @param out the stream
     * @param data the values in row-major order
     * @param shape the extents, holding {@code data.length} elements
     * @throws IOException if the stream fails
     */
    public static void writeInts(OutputStream out, int[] data, int... shape) throws IOException {
        NpyWriter.writeInt64(out, data, shape);
    }

    /**
     * The preamble and header that {@code np.save} writes before a float32 C-order array of this
     * shape, for writers that stream the data after it themselves (little-endian float32 cells).
     *
     * @param shape the array's shape
     * @return the bytes, whose length is a multiple of 64
     */
    public static byte[] float32Header(int... shape) {
        return NpyHeader.encode("<f4", shape);
    }
}
