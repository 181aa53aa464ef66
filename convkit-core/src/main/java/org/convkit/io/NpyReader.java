package org.convkit.io;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one {@code .npy} array from a stream, checking every length before trusting it.
 *
 * <p>All reads are bulk {@code readNBytes} calls, so no buffering layer is needed. When the source
 * is a file of known size, lengths are checked against it before anything is allocated; for a plain
 * stream, the data is read in growing chunks so that a short stream fails as soon as it ends.
 */
final class NpyReader {
    /** Real headers are a few hundred bytes; NumPy itself refuses more than 10000 by default. */
    static final long MAX_HEADER_LENGTH = 1 << 20;
    /** The largest array HotSpot reliably allocates, as in {@code Tensor.zeros}. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int SHOWN_START = 8;

    private final InputStream in;
    /** The source's size in bytes, or -1 for a stream. */
    private final long size;
    /** "file" or "stream", for messages. */
    private final String source;
    private final int chunkShift;

    private NpyReader(InputStream in, long size, int chunkShift) {
        this.in = in;
        this.size = size;
        this.source = size >= 0 ? "file" : "stream";
        this.chunkShift = chunkShift;
    }

    /**
     * Reads an array and requires the source to end right after it.
     *
     * @param size the number of bytes {@code in} holds, or -1 if unknown
     */
    static NpyArray read(InputStream in, long size) throws IOException {
        return read(in, size, RawData.DEFAULT_CHUNK_SHIFT);
    }

    /** As {@link #read(InputStream, long)} with a chosen chunk size, so tests can cross chunk borders. */
    static NpyArray read(InputStream in, long size, int chunkShift) throws IOException {
        return new NpyReader(in, size, chunkShift).read();
    }

    private NpyArray read() throws IOException {
        Layout layout = readLayout();
        return readData(layout.header(), layout.dataOffset());
    }

    /** A file's header and where its data starts. */
    record Layout(NpyHeader header, long dataOffset) {
    }

    /**
     * Reads only the header of a file of {@code size} bytes, and checks that the file holds exactly
     * the data it promises (for reading windows of it without loading it).
     */
    static Layout readLayout(InputStream in, long size) throws IOException {
        NpyReader r = new NpyReader(in, size, RawData.DEFAULT_CHUNK_SHIFT);
        Layout layout = r.readLayout();
        BigInteger promised = layout.header().dataBytes();
        BigInteger present = BigInteger.valueOf(size - layout.dataOffset());
        if (promised.compareTo(present) > 0) {
            throw r.truncated(layout.header(), layout.dataOffset(), size - layout.dataOffset());
        }
        if (promised.compareTo(present) < 0) {
            throw r.extra(layout.header(), present.subtract(promised).longValueExact());
        }
        return layout;
    }

    private Layout readLayout() throws IOException {
        int major = readMagicAndVersion();
        int lengthBytes = major == 1 ? 2 : 4;
        long preamble = NpyHeader.MAGIC.length + 2 + lengthBytes;
        long headerLength = readHeaderLength(lengthBytes);
        NpyHeader header = NpyHeader.parse(readHeaderText(major, preamble, headerLength), major < 3);
        return new Layout(header, preamble + headerLength);
    }

    private int readMagicAndVersion() throws IOException {
        byte[] start = in.readNBytes(NpyHeader.MAGIC.length + 2);
        int magicSeen = Math.min(start.length, NpyHeader.MAGIC.length);
        for (int i = 0; i < magicSeen; i++) {
            if (start[i] != NpyHeader.MAGIC[i]) {
                byte[] shown = new byte[Math.min(start.length, SHOWN_START)];
                System.arraycopy(start, 0, shown, 0, shown.length);
                throw new NpyFormatException("not a .npy file: it starts with " + escape(shown)
                        + " instead of \\x93NUMPY"
                        + (start[0] == 'P' && start.length > 1 && start[1] == 'K'
                                ? " (it looks like a zip archive; a .npz file holds .npy files)" : ""));
            }
        }
        if (start.length == 0) {
            throw new NpyFormatException("not a .npy file: the " + source + " is empty");
        }
        if (start.length < NpyHeader.MAGIC.length + 2) {
            throw new NpyFormatException("truncated .npy file: the " + source + " ends after " + start.length
                    + " bytes, inside the 8 bytes of magic string and version");
        }
        int major = start[6] & 0xFF;
        int minor = start[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor
                    + "; supported are 1.0, 2.0 and 3.0");
        }
        return major;
    }

    private long readHeaderLength(int lengthBytes) throws IOException {
        byte[] bytes = in.readNBytes(lengthBytes);
        if (bytes.length < lengthBytes) {
            throw new NpyFormatException("truncated .npy file: the " + source + " ends inside the "
                    + lengthBytes + "-byte header length");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long length = lengthBytes == 2 ? Short.toUnsignedLong(b.getShort()) : Integer.toUnsignedLong(b.getInt());
        if (length > MAX_HEADER_LENGTH) {
            throw new NpyFormatException("absurd .npy header length " + length + " bytes; headers are short dicts"
                    + " and at most " + MAX_HEADER_LENGTH + " bytes are accepted");
        }
        return length;
    }

    private String readHeaderText(int major, long preamble, long headerLength) throws IOException {
        if (size >= 0 && preamble + headerLength > size) {
            throw new NpyFormatException("truncated .npy file: the header length is " + headerLength
                    + " bytes but the file has only " + (size - preamble) + " after the " + preamble
                    + "-byte preamble");
        }
        byte[] bytes = in.readNBytes((int) headerLength);
        if (bytes.length < headerLength) {
            throw new NpyFormatException("truncated .npy file: the header length is " + headerLength
                    + " bytes but the " + source + " has only " + bytes.length + " after the " + preamble
                    + "-byte preamble");
        }
        if (major < 3) {
            // Versions 1.0 and 2.0 are latin-1 (NumPy's choice); anything non-ASCII fails in the parser.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("the version 3.0 .npy header is not valid UTF-8", e);
        }
    }

    private NpyArray readData(NpyHeader header, long headerEnd) throws IOException {
        BigInteger promised = header.dataBytes();
        if (size >= 0) {
            BigInteger present = BigInteger.valueOf(size - headerEnd);
            if (promised.compareTo(present) > 0) {
                throw truncated(header, headerEnd, size - headerEnd);
            }
            if (promised.compareTo(present) < 0) {
                throw extra(header, present.subtract(promised).longValueExact());
            }
        }
        BigInteger count = header.elementCount();
        if (count.compareTo(BigInteger.valueOf(MAX_ELEMENTS)) > 0) {
            if (size < 0) {
                // A short stream is the likelier and more useful diagnosis, and cheap to establish.
                long present = skip(promised.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
                if (promised.compareTo(BigInteger.valueOf(present)) > 0) {
                    throw truncated(header, headerEnd, present);
                }
            }
            throw new NpyFormatException("the .npy array is too large: shape " + header.shapeForMessages()
                    + " holds " + count + " elements, more than a Java array can hold (" + MAX_ELEMENTS + ")");
        }
        RawData data = RawData.read(in, promised.longValueExact(), header.dtype().order(), chunkShift, size >= 0,
                present -> truncated(header, headerEnd, present));
        long extra = skip(Long.MAX_VALUE);
        if (extra > 0) {
            throw extra(header, extra);
        }
        return new NpyArray(header, data, count.intValueExact());
    }

    /** Reads and discards up to {@code max} bytes; returns how many there were. */
    private long skip(long max) throws IOException {
        byte[] scratch = new byte[8192];
        long total = 0;
        while (total < max) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, max - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private NpyFormatException truncated(NpyHeader header, long headerEnd, long present) {
        return new NpyFormatException("truncated .npy data: the header promises " + header.dataBytes()
                + " bytes of data (" + header.describe() + ") but the " + source + " has " + present
                + " after the " + headerEnd + "-byte header");
    }

    private NpyFormatException extra(NpyHeader header, long extra) {
        return new NpyFormatException("the .npy " + source + " has " + extra + " extra bytes after the "
                + header.dataBytes() + " bytes of data (" + header.describe() + ")");
    }

    /** Bytes as Python shows them: printable ASCII as is, the rest as \xNN. */
    static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
