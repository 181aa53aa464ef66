package org.convkit.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types this package reads: NumPy's numeric kinds at the sizes NumPy uses.
 *
 * <p>Integral types are read as {@code long} and floating types as {@code double} so that every
 * conversion starts from the exact stored value and rounds at most once.
 */
enum ElementType {
    FLOAT16('f', 2, null, (b, at) -> Half.toFloat(b.getShort(at))),
    FLOAT32('f', 4, null, (b, at) -> b.getFloat(at)),
    FLOAT64('f', 8, null, (b, at) -> b.getDouble(at)),
    INT8('i', 1, (b, at) -> b.get(at), null),
    INT16('i', 2, (b, at) -> b.getShort(at), null),
    INT32('i', 4, (b, at) -> b.getInt(at), null),
    INT64('i', 8, (b, at) -> b.getLong(at), null),
    UINT8('u', 1, (b, at) -> Byte.toUnsignedLong(b.get(at)), null),
    UINT16('u', 2, (b, at) -> Short.toUnsignedLong(b.getShort(at)), null),
    UINT32('u', 4, (b, at) -> Integer.toUnsignedLong(b.getInt(at)), null),
    /** The raw 64 bits; values of 2^63 and more come out negative, see {@link #isUnsigned64}. */
    UINT64('u', 8, (b, at) -> b.getLong(at), null),
    BOOL('b', 1, (b, at) -> b.get(at) == 0 ? 0 : 1, null);

    @FunctionalInterface
    interface IntegralReader {
        long read(ByteBuffer buffer, int at);
    }

    @FunctionalInterface
    interface FloatingReader {
        double read(ByteBuffer buffer, int at);
    }

    private final char kind;
    private final int size;
    private final IntegralReader integral;
    private final FloatingReader floating;

    ElementType(char kind, int size, IntegralReader integral, FloatingReader floating) {
        this.kind = kind;
        this.size = size;
        this.integral = integral;
        this.floating = floating;
    }

    /** The type with this NumPy kind character and byte size, or null. */
    static ElementType of(char kind, int size) {
        for (ElementType t : values()) {
            if (t.kind == kind && t.size == size) {
                return t;
            }
        }
        return null;
    }

    /** "f4, f8, ..." for error messages. */
    static String supportedCodes() {
        return Arrays.stream(values()).map(ElementType::code).collect(Collectors.joining(", "));
    }

    /** NumPy's type code without byte order, e.g. "f4". */
    String code() {
        return "" + kind + size;
    }

    int size() {
        return size;
    }

    boolean isIntegral() {
        return integral != null;
    }

    boolean isUnsigned64() {
        return this == UINT64;
    }

    /** The stored integer; for {@link #UINT64} the raw bits. Only for integral types. */
    long integralAt(ByteBuffer b, int at) {
        return integral.read(b, at);
    }

    /** The stored floating value, exactly. Only for floating types. */
    double floatingAt(ByteBuffer b, int at) {
        return floating.read(b, at);
    }

    /** The element rounded once to the nearest float. */
    float toFloat(ByteBuffer b, int at) {
        if (this == FLOAT32) {
            // Directly, so that NaN payloads survive untouched.
            return b.getFloat(at);
        }
        if (!isIntegral()) {
            return (float) floating.read(b, at);
        }
        long v = integral.read(b, at);
        // Java's long-to-float is correctly rounded; going through double would round twice.
        return isUnsigned64() && v < 0 ? unsignedToFloat(v) : (float) v;
    }

    /** The element as a double: exact except for 64-bit integers beyond 2^53, which round once. */
    double toDouble(ByteBuffer b, int at) {
        if (!isIntegral()) {
            return floating.read(b, at);
        }
        long v = integral.read(b, at);
        return isUnsigned64() && v < 0 ? unsignedToDouble(v) : (double) v;
    }

    /**
     * Halving with the lost bit kept as a sticky bit ("round to odd") leaves a 63-bit value whose
     * single rounding to 24 or 53 bits is the correct rounding of the original.
     */
    private static float unsignedToFloat(long v) {
        return (float) ((v >>> 1) | (v & 1)) * 2f;
    }

    private static double unsignedToDouble(long v) {
        return (double) ((v >>> 1) | (v & 1)) * 2d;
    }
}
