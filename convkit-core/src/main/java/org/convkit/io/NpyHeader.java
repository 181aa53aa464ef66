package org.convkit.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dict of a {@code .npy} header: dtype, memory order and shape. Parses it from text and encodes
 * the preamble and header of the files this package writes.
 */
record NpyHeader(Dtype dtype, boolean fortranOrder, int[] shape) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");
    /** NumPy aligns the data to 64 bytes so that it can be memory-mapped for any dtype. */
    private static final int ALIGN = 64;
    /**
     * NumPy leaves room to rewrite the first dimension in place when appending ({@code
     * GROWTH_AXIS_MAX_DIGITS} in numpy.lib.format); we do the same so our files equal np.save's byte
     * for byte.
     */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** Parses and checks the header text (the dict literal and its padding). */
    static NpyHeader parse(String text, boolean allowLongSuffix) {
        Object literal = PyLiteral.parse(text, allowLongSuffix);
        if (!(literal instanceof Map<?, ?> dict)) {
            throw new NpyFormatException("the .npy header is not a dict but " + PyLiteral.shortRepr(literal));
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw new NpyFormatException("the .npy header has an unexpected key " + PyLiteral.shortRepr(key)
                        + "; a header has exactly the keys 'descr', 'fortran_order' and 'shape'");
            }
        }
        for (String key : KEYS) {
            if (!dict.containsKey(key)) {
                throw new NpyFormatException("the .npy header lacks the key '" + key + "'; it has only "
                        + dict.keySet().stream().map(PyLiteral::repr).collect(Collectors.joining(", ")));
            }
        }
        Dtype dtype = Dtype.parse(dict.get("descr"));
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException("'fortran_order' must be True or False, but it is "
                    + PyLiteral.shortRepr(dict.get("fortran_order")));
        }
        return new NpyHeader(dtype, fortran, parseShape(dict.get("shape")));
    }

    private static int[] parseShape(Object value) {
        if (!(value instanceof PyLiteral.Tuple tuple)) {
            throw new NpyFormatException("'shape' must be a tuple of integers such as (2, 3), but it is "
                    + PyLiteral.shortRepr(value)
                    + (value instanceof BigInteger ? " (a one-dimensional shape is written with a comma: ("
                            + value + ",))" : ""));
        }
        List<Object> dims = tuple.items();
        int[] shape = new int[dims.size()];
        for (int d = 0; d < shape.length; d++) {
            if (!(dims.get(d) instanceof BigInteger dim)) {
                throw badDimension(tuple, d, PyLiteral.shortRepr(dims.get(d)) + ", not an integer");
            }
            if (dim.signum() < 0) {
                throw badDimension(tuple, d, dim + "; dimensions cannot be negative");
            }
            if (dim.bitLength() > 31) {
                throw badDimension(tuple, d, dim + ", more than the largest Java array (" + Integer.MAX_VALUE + ")");
            }
            shape[d] = dim.intValue();
        }
        return shape;
    }

    /** Built only on failure: the shape's text is as long as the header, and there is one per dimension. */
    private static NpyFormatException badDimension(PyLiteral.Tuple shape, int d, String problem) {
        return new NpyFormatException("dimension " + d + " of shape " + PyLiteral.shortRepr(shape) + " is " + problem);
    }

    /** The number of elements; may exceed what an array can hold. */
    BigInteger elementCount() {
        BigInteger n = BigInteger.ONE;
        for (int dim : shape) {
            n = n.multiply(BigInteger.valueOf(dim));
        }
        return n;
    }

    BigInteger dataBytes() {
        return elementCount().multiply(BigInteger.valueOf(dtype.type().size()));
    }

    /** "shape (10, 15), <f4", the description used in messages about the data. */
    String describe() {
        return "shape " + shapeForMessages() + ", " + dtype.descr();
    }

    /** The shape's text, cut short if a hostile header made it huge. */
    String shapeForMessages() {
        return PyLiteral.shorten(shapeText(shape));
    }

    /** The shape as Python writes a tuple: (), (5,), (2, 3). */
    static String shapeText(int[] shape) {
        return shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The preamble and header that np.save writes for a C-order array: version 1.0 unless the header
     * is too long for its 16-bit length, padded with spaces and a newline so that the data starts
     * at a multiple of 64 bytes.
     */
    static byte[] encode(String descr, int[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        if (shape.length > 0) {
            dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        }
        byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        byte[] version1 = wrap(text, 1);
        return version1 != null ? version1 : wrap(text, 2);
    }

    /** Preamble, text, padding and newline in the given version; null if the length does not fit. */
    private static byte[] wrap(byte[] text, int major) {
        int preamble = MAGIC.length + 2 + (major == 1 ? 2 : 4);
        // Like NumPy, pad by a full 64 bytes when the text happens to end aligned.
        int padding = ALIGN - (int) ((preamble + text.length + 1L) % ALIGN);
        long headerLength = text.length + 1L + padding;
        if (major == 1 && headerLength > 0xFFFF) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(preamble + headerLength)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt((int) headerLength);
        }
        out.put(text);
        while (out.remaining() > 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }
}
