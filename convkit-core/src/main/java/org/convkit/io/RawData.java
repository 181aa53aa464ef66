package org.convkit.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.LongFunction;

/**
 * The data bytes of an array, in chunks: a float64 or int64 array that fits a Java array of its
 * elements can still be far larger than one byte array may be.
 *
 * <p>Chunks are a power of two long, so no element straddles two of them. Reads are absolute, so
 * one instance may be converted by several threads.
 */
final class RawData {
    static final int DEFAULT_CHUNK_SHIFT = 24;

    private final ByteBuffer[] chunks;
    private final int shift;

    private RawData(ByteBuffer[] chunks, int shift) {
        this.chunks = chunks;
        this.shift = shift;
    }

    /**
     * Reads exactly {@code length} bytes.
     *
     * @param lengthVerified whether the source is known to hold the bytes (a file whose size was
     *                       checked); otherwise each chunk grows as bytes actually arrive, so that a
     *                       stream that lies about its length cannot make us allocate what it claims
     * @param truncated      the exception to throw, given how many bytes there were
     */
    static RawData read(InputStream in, long length, ByteOrder order, int shift, boolean lengthVerified,
            LongFunction<NpyFormatException> truncated) throws IOException {
        long chunkSize = 1L << shift;
        ByteBuffer[] chunks = new ByteBuffer[Math.toIntExact((length + chunkSize - 1) >>> shift)];
        long done = 0;
        for (int k = 0; k < chunks.length; k++) {
            int want = (int) Math.min(chunkSize, length - done);
            byte[] bytes;
            if (lengthVerified) {
                bytes = new byte[want];
                done += in.readNBytes(bytes, 0, want);
            } else {
                // InputStream.readNBytes(int) collects small buffers and allocates the result last.
                bytes = in.readNBytes(want);
                done += bytes.length;
            }
            if (done < (long) k * chunkSize + want) {
                throw truncated.apply(done);
            }
            chunks[k] = ByteBuffer.wrap(bytes).order(order);
        }
        return new RawData(chunks, shift);
    }

    /** The chunk holding the byte at {@code offset}. */
    ByteBuffer chunkAt(long offset) {
        return chunks[(int) (offset >>> shift)];
    }

    /** Where the byte at {@code offset} lies within its chunk. */
    int offsetInChunk(long offset) {
        return (int) (offset & ((1L << shift) - 1));
    }

    /** Every element as a float, for float32 data already in C order: bulk, with bits untouched. */
    void copyFloats(float[] dst) {
        int pos = 0;
        for (ByteBuffer chunk : chunks) {
            // duplicate() forgets the byte order, so set it again.
            FloatBuffer floats = chunk.duplicate().order(chunk.order()).asFloatBuffer();
            int n = floats.remaining();
            floats.get(dst, pos, n);
            pos += n;
        }
    }
}
