package org.convkit.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by NumPy 1.24 (src/test/python/make_npy_samples.py). */
class NpyReferenceFilesTest {
    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(NpyReferenceFilesTest.class.getResource("/npy/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bigEndianFloat64() throws IOException {
        NpyArray a = Npy.readArray(resource("be_f8.npy"));

        assertThat(a.dtype()).isEqualTo(">f8");
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.toDoubles()).containsExactly(1.5, -0.0, Double.POSITIVE_INFINITY, Double.NaN, 1e300, 0.1);
        assertThat(a.toTensor().data())
                .containsExactly(1.5f, -0f, Float.POSITIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY, 0.1f);
    }

    @Test
    void fortranOrderInt32() throws IOException {
        NpyArray a = Npy.readArray(resource("fortran_i4.npy"));

        assertThat(a.fortranOrder()).isTrue();
        assertThat(a.toInts()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void fortranOrderBigEndianInt16InThreeDimensions() throws IOException {
        NpyArray a = Npy.readArray(resource("fortran_be_i2_2x3x4.npy"));

        assertThat(a.dtype()).isEqualTo(">i2");
        assertThat(a.fortranOrder()).isTrue();
        assertThat(Npy.read(resource("fortran_be_i2_2x3x4.npy"))).isEqualTo(Tensor.arange(2, 3, 4));
    }

    @Test
    void bool() throws IOException {
        NpyArray a = Npy.readArray(resource("bool.npy"));

        assertThat(a.dtype()).isEqualTo("|b1");
        assertThat(a.toInts()).containsExactly(1, 0, 1, 1);
    }

    @Test
    void halfFloats() throws IOException {
        assertThat(Npy.read(resource("f2.npy")).data())
                .containsExactly(1f, -2.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY);
    }

    @Test
    void zeroDimensional() throws IOException {
        Tensor t = Npy.read(resource("zero_d_f4.npy"));
        assertThat(t.shape()).isEmpty();
        assertThat(t.data()).containsExactly(3.25f);
    }

    @Test
    void unsigned64BeyondLongRange() throws IOException {
        NpyArray a = Npy.readArray(resource("u8_big.npy"));
        assertThat(a.toDoubles()).containsExactly(0, 0x1p64, 0x1p63);
    }

    @Test
    void versions2And3() throws IOException {
        assertThat(Npy.read(resource("v2_f4.npy"))).isEqualTo(Tensor.arange(4));
        assertThat(Npy.read(resource("v3_f4.npy"))).isEqualTo(Tensor.arange(4));
    }

    @Test
    void writerMatchesNpSaveByteForByte() throws IOException {
        Path f4 = dir.resolve("f4.npy");
        Npy.write(f4, Tensor.arange(2, 3));
        assertThat(Files.readAllBytes(f4)).isEqualTo(Files.readAllBytes(resource("arange_f4_2x3.npy")));

        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, Tensor.zeros(0, 3));
        assertThat(Files.readAllBytes(empty)).isEqualTo(Files.readAllBytes(resource("empty_f4_0x3.npy")));

        Path i8 = dir.resolve("i8.npy");
        Npy.writeInts(i8, new int[] {0, 7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 5}, 2, 3);
        assertThat(Files.readAllBytes(i8)).isEqualTo(Files.readAllBytes(resource("ints_i8_2x3.npy")));
    }

    @Test
    void streamReadEqualsFileRead() throws IOException {
        try (InputStream in = Files.newInputStream(resource("be_f8.npy"))) {
            assertThat(Npy.read(in)).isEqualTo(Npy.read(resource("be_f8.npy")));
        }
    }
}
