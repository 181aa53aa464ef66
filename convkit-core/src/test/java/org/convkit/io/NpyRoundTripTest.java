package org.convkit.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyRoundTripTest {
    @TempDir
    Path dir;

    private static int[] bits(Tensor t) {
        float[] d = t.data();
        return IntStream.range(0, d.length).map(i -> Float.floatToRawIntBits(d[i])).toArray();
    }

    private static byte[] toBytes(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        return out.toByteArray();
    }

    @Test
    void specialValuesSurviveBitForBit() throws IOException {
        float[] values = {Float.NaN, Float.intBitsToFloat(0x7FC0_1234), Float.intBitsToFloat(0xFFC0_0001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1f / 3};
        Tensor t = Tensor.of(values, 2, 5);
        Path file = dir.resolve("special.npy");

        Npy.write(file, t);
        Tensor fromFile = Npy.read(file);
        Tensor fromStream = Npy.read(new ByteArrayInputStream(toBytes(t)));

        assertThat(fromFile.shape()).containsExactly(2, 5);
        assertThat(bits(fromFile)).containsExactly(bits(t));
        assertThat(bits(fromStream)).containsExactly(bits(t));
    }

    @Test
    void shapesOfEveryRankIncludingZeroDimensionalAndEmpty() throws IOException {
        int[][] shapes = {{}, {0}, {7}, {0, 3}, {3, 0}, {2, 3, 4, 5}, {1, 1, 1, 1, 1, 1, 1, 1}};
        for (int[] shape : shapes) {
            Tensor t = Tensor.uniform(shape.length, -1, 1, shape);
            Path file = dir.resolve("t" + shape.length + ".npy");
            Npy.write(file, t);
            assertThat(Npy.read(file)).as(Arrays.toString(shape)).isEqualTo(t);
            assertThat(Npy.readArray(file).dtype()).isEqualTo("<f4");
        }
    }

    @Test
    void largeTensorSpanningManyWriteBuffersAndReadChunks() throws IOException {
        Tensor t = Tensor.uniform(42, -1e6f, 1e6f, 300, 1000);
        Path file = dir.resolve("large.npy");

        Npy.write(file, t);

        assertThat(Npy.read(file)).isEqualTo(t);
        assertThat(NpyReader.read(new ByteArrayInputStream(Files.readAllBytes(file)), -1, 12).toTensor()).isEqualTo(t);
        assertThat(Files.size(file)).isEqualTo(128 + 4L * 300 * 1000);
    }

    @Test
    void intsRoundTripAsInt64() throws IOException {
        int[] data = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 42, 7};
        Path file = dir.resolve("idx.npy");

        Npy.writeInts(file, data, 3, 2);
        NpyArray a = Npy.readArray(file);

        assertThat(a.dtype()).isEqualTo("<i8");
        assertThat(a.shape()).containsExactly(3, 2);
        assertThat(a.toInts()).containsExactly(data);
    }

    @Test
    void streamAndFileWritesAreIdentical() throws IOException {
        Tensor t = Tensor.arange(4, 5);
        Path file = dir.resolve("a.npy");
        Npy.write(file, t);
        assertThat(Files.readAllBytes(file)).isEqualTo(toBytes(t));

        ByteArrayOutputStream ints = new ByteArrayOutputStream();
        Npy.writeInts(ints, new int[] {1, 2, 3}, 3);
        Npy.writeInts(file, new int[] {1, 2, 3}, 3);
        assertThat(Files.readAllBytes(file)).isEqualTo(ints.toByteArray());
    }

    @Test
    void headerIsVersionOnePaddedSoDataStartsAtAMultipleOf64() throws IOException {
        for (int[] shape : new int[][] {{}, {5}, {2, 3}, {123456789, 0}, {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}}) {
            byte[] file = toBytes(Tensor.zeros(shape));
            int headerLength = Short.toUnsignedInt(ByteBuffer.wrap(file, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
            int dataStart = 10 + headerLength;

            assertThat(file[6]).as("major version for %s", Arrays.toString(shape)).isEqualTo((byte) 1);
            assertThat(dataStart % 64).isZero();
            assertThat(file[dataStart - 1]).isEqualTo((byte) '\n');
            assertThat(file.length - dataStart).isEqualTo(4 * (int) Tensor.numel(shape));
        }
    }

    @Test
    void version2OnlyWhenTheHeaderDoesNotFitSixteenBits() throws IOException {
        // "1, " per dimension: 75000 bytes of header, more than a 16-bit length can give.
        int[] shape = new int[25000];
        Arrays.fill(shape, 1);
        Tensor t = Tensor.full(2.5f, shape);

        byte[] file = toBytes(t);
        long headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(file, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());

        assertThat(file[6]).isEqualTo((byte) 2);
        assertThat(headerLength).isGreaterThan(0xFFFF);
        assertThat((12 + headerLength) % 64).isZero();
        assertThat(Npy.read(new ByteArrayInputStream(file))).isEqualTo(t);
    }

    @Test
    void headerTextIsWhatNumpyWrites() throws IOException {
        byte[] file = toBytes(Tensor.zeros(2, 3));
        String header = new String(file, 10, 118, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith(" \n");

        String oneD = new String(toBytes(Tensor.zeros(5)), 10, 118, StandardCharsets.US_ASCII);
        assertThat(oneD).contains("'shape': (5,), }");
    }
}
