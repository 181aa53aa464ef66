package org.convkit.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built .npy files, written independently of the production encoder. */
final class NpyBytes {
    private NpyBytes() {
    }

    /** The header dict NumPy writes (without its padding). */
    static String dict(String descr, boolean fortranOrder, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': "
                + shape + ", }";
    }

    /** A version 1.0 file: the dict padded with spaces and a newline to a 64-byte boundary. */
    static byte[] npy(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        return npy(1, dict + " ".repeat((64 - unpadded % 64) % 64) + "\n", data);
    }

    /** A file of the given major version (minor 0) whose header text is exactly {@code header}. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return raw(major, 0, text.length, text, data);
    }

    /** Any preamble, including a header length that disagrees with the text that follows. */
    static byte[] raw(int major, int minor, long headerLength, byte[] text, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) headerLength);
        } else {
            length.putInt((int) headerLength);
        }
        out.writeBytes(length.array());
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** The low {@code size} bytes of each value, in the given byte order. */
    static byte[] elements(ByteOrder order, int size, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(order);
        for (long v : values) {
            switch (size) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                case 8 -> b.putLong(v);
                default -> throw new IllegalArgumentException("size " + size);
            }
        }
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
