package org.convkit.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.convkit.tensor.Tensor;

/** Writes C-order little-endian arrays through a reusable buffer, as np.save lays them out. */
final class NpyWriter {
    private static final int BUFFER_BYTES = 1 << 16;

    private NpyWriter() {
    }

    @FunctionalInterface
    private interface Fill {
        /** Puts elements {@code from} to {@code from + n - 1} at the start of {@code buffer}. */
        void fill(ByteBuffer buffer, int from, int n);
    }

    static void writeFloat32(OutputStream out, float[] data, int[] shape) throws IOException {
        write(out, "<f4", shape, data.length, Float.BYTES,
                (buffer, from, n) -> buffer.asFloatBuffer().put(data, from, n));
    }

    static void writeInt64(OutputStream out, int[] data, int[] shape) throws IOException {
        write(out, "<i8", shape, data.length, Long.BYTES, (buffer, from, n) -> {
            for (int i = 0; i < n; i++) {
                buffer.putLong(i * Long.BYTES, data[from + i]);
            }
        });
    }

    /** Checks that {@code shape} holds {@code count} elements, before any file is touched. */
    static void checkShape(int[] shape, int count) {
        long n = Tensor.numel(shape);
        if (n != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the data has " + count);
        }
    }

    private static void write(OutputStream out, String descr, int[] shape, int count, int itemSize, Fill fill)
            throws IOException {
        checkShape(shape, count);
        out.write(NpyHeader.encode(descr, shape));
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, (long) count * itemSize + itemSize))
                .order(ByteOrder.LITTLE_ENDIAN);
        int perBuffer = buffer.capacity() / itemSize;
        for (int from = 0; from < count; from += perBuffer) {
            int n = Math.min(perBuffer, count - from);
            fill.fill(buffer, from, n);
            out.write(buffer.array(), 0, n * itemSize);
        }
    }
}
