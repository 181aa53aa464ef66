package org.convkit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every dtype and byte order from hand-built bytes, checked against independent oracles. */
class NpyDtypeTest {

    /**
     * One dtype's test elements: the bits to store and the exact value they stand for (null for
     * NaN and infinities, which have no BigDecimal).
     */
    record Sample(String code, long[] bits, double[] exact, boolean integral) {
        int size() {
            return Integer.parseInt(code.substring(1));
        }

        @Override
        public String toString() {
            return code;
        }
    }

    private static final long TWO_53 = 1L << 53;
    /** Rounds to 2^53 if converted through double first; correctly rounded it is 2^53 + 2^30. */
    private static final long DOUBLE_ROUNDING_TRAP = TWO_53 + (1L << 29) + 1;

    static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        s.add(integers("b1", 0, 1));
        s.add(integers("i1", -128, -1, 0, 127));
        s.add(integers("i2", -32768, -2, 32767));
        s.add(integers("i4", Integer.MIN_VALUE, -3, Integer.MAX_VALUE));
        s.add(integers("i8", Long.MIN_VALUE, -5, TWO_53 + 1, DOUBLE_ROUNDING_TRAP, Long.MAX_VALUE));
        s.add(integers("u1", 0, 200, 255));
        s.add(integers("u2", 0, 40000, 65535));
        s.add(integers("u4", 0, 3_000_000_000L, 4_294_967_295L));
        s.add(integers("u8", 0, 7, -1, Long.MIN_VALUE + 1, DOUBLE_ROUNDING_TRAP));
        float[] f4 = {0f, -0f, 1.5f, -3.25e-5f, Float.MAX_VALUE, Float.MIN_VALUE, 1f / 3,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        s.add(new Sample("f4", IntStream.range(0, f4.length).mapToLong(i -> Float.floatToRawIntBits(f4[i])).toArray(),
                IntStream.range(0, f4.length).mapToDouble(i -> f4[i]).toArray(), false));
        double[] f8 = {0.0, -0.0, 0.1, 1e300, -1e-300, Double.MIN_VALUE, 16777217.0, Double.NEGATIVE_INFINITY,
            Double.NaN};
        s.add(new Sample("f8", Arrays.stream(f8).mapToLong(Double::doubleToRawLongBits).toArray(), f8, false));
        // Half floats by their bits: 1, -2, largest, smallest subnormal, largest subnormal, -0, inf, NaN.
        s.add(new Sample("f2", new long[] {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x8000, 0x7C00, 0x7E00},
                new double[] {1, -2, 65504, 0x1p-24, 1023 * 0x1p-24, -0.0, Double.POSITIVE_INFINITY, Double.NaN},
                false));
        return s;
    }

    /** Unsigned samples give their values as bit patterns, so u8's -1 stands for 2^64 - 1. */
    private static Sample integers(String code, long... values) {
        return new Sample(code, values, null, true);
    }

    static Stream<Arguments> samplesInBothOrders() {
        return samples().stream().flatMap(s -> Stream.of(Arguments.of(s, '<'), Arguments.of(s, '>')));
    }

    private static BigInteger integerValue(Sample s, long bits) {
        return s.code().equals("u8") ? new BigInteger(Long.toUnsignedString(bits)) : BigInteger.valueOf(bits);
    }

    private static NpyArray read(byte[] file) throws IOException {
        return Npy.readArray(new ByteArrayInputStream(file));
    }

    private static byte[] file(Sample s, char order) {
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return NpyBytes.npy(NpyBytes.dict(order + s.code(), false, "(" + s.bits().length + ",)"),
                NpyBytes.elements(bo, s.size(), s.bits()));
    }

    @ParameterizedTest(name = "{1}{0}")
    @MethodSource("samplesInBothOrders")
    void readsEveryDtypeInBothByteOrders(Sample s, char order) throws IOException {
        NpyArray a = read(file(s, order));

        assertThat(a.dtype()).isEqualTo(order + s.code());
        assertThat(a.shape()).containsExactly(s.bits().length);
        assertThat(a.fortranOrder()).isFalse();
        double[] doubles = a.toDoubles();
        float[] floats = a.toTensor().data();
        for (int i = 0; i < s.bits().length; i++) {
            double expectedDouble;
            float expectedFloat;
            if (s.integral()) {
                BigInteger v = integerValue(s, s.bits()[i]);
                // BigInteger's conversions are correctly rounded: an oracle independent of ours.
                expectedDouble = v.doubleValue();
                expectedFloat = v.floatValue();
            } else {
                expectedDouble = s.exact()[i];
                expectedFloat = (float) expectedDouble;
            }
            assertThat(Double.doubleToLongBits(doubles[i])).as("double of element %d", i)
                    .isEqualTo(Double.doubleToLongBits(expectedDouble));
            assertThat(Float.floatToIntBits(floats[i])).as("float of element %d", i)
                    .isEqualTo(Float.floatToIntBits(expectedFloat));
        }
    }

    @ParameterizedTest(name = "{1}{0}")
    @MethodSource("samplesInBothOrders")
    void toIntsIsExactOrNamesTheOffendingValue(Sample s, char order) throws IOException {
        NpyArray a = read(file(s, order));
        List<String> offenders = new ArrayList<>();
        int[] expected = new int[s.bits().length];
        for (int i = 0; i < expected.length; i++) {
            BigDecimal v = s.integral() ? new BigDecimal(integerValue(s, s.bits()[i]))
                    : Double.isFinite(s.exact()[i]) ? new BigDecimal(s.exact()[i]) : null;
            boolean isInt = v != null && v.stripTrailingZeros().scale() <= 0
                    && v.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                    && v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
            if (isInt) {
                expected[i] = v.intValueExact();
            } else {
                offenders.add("element [" + i + "]");
            }
        }
        if (offenders.isEmpty()) {
            assertThat(a.toInts()).containsExactly(expected);
        } else {
            assertThatThrownBy(a::toInts).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(offenders.get(0));
        }
    }

    @Test
    void pipeAndEqualsByteOrdersAreLittleEndian() throws IOException {
        for (String descr : List.of("|u2", "=u2", "<u2")) {
            NpyArray a = read(NpyBytes.npy(NpyBytes.dict(descr, false, "(2,)"), new byte[] {1, 2, 3, 4}));
            assertThat(a.toInts()).as(descr).containsExactly(0x0201, 0x0403);
            assertThat(a.dtype()).isEqualTo(descr);
        }
    }

    @Test
    void boolBytesOtherThanZeroAndOneReadAsTrue() throws IOException {
        NpyArray a = read(NpyBytes.npy(NpyBytes.dict("|b1", false, "(3,)"), new byte[] {0, 1, 2}));
        assertThat(a.toInts()).containsExactly(0, 1, 1);
        assertThat(a.toTensor().data()).containsExactly(0f, 1f, 1f);
    }

    @Test
    void fortranOrderTwoByThreeIsTransposedToCOrder() throws IOException {
        // [[0, 1, 2], [3, 4, 5]] stored column by column.
        byte[] data = NpyBytes.elements(ByteOrder.LITTLE_ENDIAN, 4, 0, 3, 1, 4, 2, 5);
        NpyArray a = read(NpyBytes.npy(NpyBytes.dict("<i4", true, "(2, 3)"), data));

        assertThat(a.fortranOrder()).isTrue();
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.toInts()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(a.toTensor()).isEqualTo(Tensor.arange(2, 3));
    }

    @Test
    void fortranOrderInFourDimensionsAcrossChunkBorders() throws IOException {
        int[] shape = {3, 4, 2, 5};
        int n = 3 * 4 * 2 * 5;
        long[] stored = new long[n];
        // Element (i, j, k, l) has value equal to its C-order index and lives at i + 3(j + 4(k + 2l)).
        int c = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 5; l++) {
                        stored[i + 3 * (j + 4 * (k + 2 * l))] = Double.doubleToLongBits(c++);
                    }
                }
            }
        }
        byte[] file = NpyBytes.npy(NpyBytes.dict(">f8", true, "(3, 4, 2, 5)"),
                NpyBytes.elements(ByteOrder.BIG_ENDIAN, 8, stored));

        for (int chunkShift : new int[] {3, 5, 24}) {
            NpyArray a = NpyReader.read(new ByteArrayInputStream(file), -1, chunkShift);
            assertThat(a.toTensor()).as("chunks of 2^%d bytes", chunkShift).isEqualTo(Tensor.arange(shape));
            assertThat(a.toDoubles()).containsExactly(IntStream.range(0, n).asDoubleStream().toArray());
        }
    }

    @Test
    void float32AcrossChunkBordersTakesTheBulkPath() throws IOException {
        long[] bits = IntStream.range(0, 100).mapToLong(i -> Float.floatToRawIntBits(i * 0.5f)).toArray();
        byte[] file = NpyBytes.npy(NpyBytes.dict(">f4", false, "(10, 10)"),
                NpyBytes.elements(ByteOrder.BIG_ENDIAN, 4, bits));

        NpyArray a = NpyReader.read(new ByteArrayInputStream(file), -1, 4);

        float[] expected = new float[100];
        for (int i = 0; i < 100; i++) {
            expected[i] = i * 0.5f;
        }
        assertThat(a.toTensor().data()).containsExactly(expected);
    }

    @Test
    void zeroDimensionalArrayHasEmptyShapeAndOneElement() throws IOException {
        NpyArray a = read(NpyBytes.npy(NpyBytes.dict("<f8", false, "()"),
                NpyBytes.elements(ByteOrder.LITTLE_ENDIAN, 8, Double.doubleToLongBits(-2.75))));

        assertThat(a.shape()).isEmpty();
        assertThat(a.numel()).isEqualTo(1);
        Tensor t = a.toTensor();
        assertThat(t.shape()).isEmpty();
        assertThat(t.data()).containsExactly(-2.75f);
    }

    @Test
    void emptyArrayWithAZeroDimension() throws IOException {
        NpyArray a = read(NpyBytes.npy(NpyBytes.dict("<i2", true, "(0, 4)"), new byte[0]));
        assertThat(a.shape()).containsExactly(0, 4);
        assertThat(a.toInts()).isEmpty();
        assertThat(a.toTensor().data()).isEmpty();
    }

    @Test
    void float64RoundsToNearestFloat() throws IOException {
        // Halfway between 1 and the next float rounds to even (1); just above rounds up.
        double halfway = 1 + 0x1p-24;
        double above = Math.nextUp(halfway);
        NpyArray a = read(NpyBytes.npy(NpyBytes.dict("<f8", false, "(2,)"), NpyBytes.elements(
                ByteOrder.LITTLE_ENDIAN, 8, Double.doubleToLongBits(halfway), Double.doubleToLongBits(above))));
        assertThat(a.toTensor().data()).containsExactly(1f, Math.nextUp(1f));
    }
}
