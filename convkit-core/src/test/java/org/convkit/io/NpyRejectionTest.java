package org.convkit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input is refused with a message that gives its numbers. */
class NpyRejectionTest {
    @TempDir
    Path dir;

    private static AbstractThrowableAssert<?, ? extends Throwable> rejectStream(byte[] file) {
        return assertThatThrownBy(() -> Npy.readArray(new ByteArrayInputStream(file)))
                .isInstanceOf(NpyFormatException.class);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejectFile(byte[] file) throws IOException {
        Path path = Files.write(dir.resolve("bad.npy"), file);
        return assertThatThrownBy(() -> Npy.readArray(path)).isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(path + ": ");
    }

    private static byte[] header(String dict, byte[] data) {
        return NpyBytes.npy(dict, data);
    }

    private static byte[] withShape(String descr, String shape, int dataBytes) {
        return header(NpyBytes.dict(descr, false, shape), new byte[dataBytes]);
    }

    @Test
    void badMagicShowsTheFirstBytes() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0};
        rejectStream(zip).hasMessageContaining("not a .npy file: it starts with PK\\x03\\x04\\x14\\x00\\x00\\x00 "
                + "instead of \\x93NUMPY").hasMessageContaining("zip");
        rejectFile("hello, world\n".getBytes(StandardCharsets.US_ASCII))
                .hasMessageContaining("it starts with hello, w instead of \\x93NUMPY");
    }

    @Test
    void emptyOrCutInsideThePreamble() throws IOException {
        rejectStream(new byte[0]).hasMessageContaining("the stream is empty");
        rejectFile(new byte[0]).hasMessageContaining("the file is empty");
        rejectStream(new byte[] {(byte) 0x93, 'N', 'U', 'M'}).hasMessageContaining("ends after 4 bytes");
        rejectStream(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 5})
                .hasMessageContaining("ends inside the 2-byte header length");
    }

    @ParameterizedTest
    @CsvSource({"4, 0", "1, 1", "0, 0", "255, 255"})
    void unsupportedVersion(int major, int minor) {
        byte[] text = NpyBytes.dict("<f4", false, "()").getBytes(StandardCharsets.US_ASCII);
        rejectStream(NpyBytes.raw(major, minor, text.length, text, new byte[4]))
                .hasMessageContaining("unsupported .npy format version " + major + "." + minor)
                .hasMessageContaining("1.0, 2.0 and 3.0");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        rejectStream(NpyBytes.raw(2, 0, 0xFFFF_FFFFL, new byte[0], new byte[0]))
                .hasMessageContaining("4294967295").hasMessageContaining("1048576");
        rejectFile(NpyBytes.raw(3, 0, (1 << 20) + 1, new byte[100], new byte[0]))
                .hasMessageContaining("1048577");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        byte[] file = NpyBytes.raw(1, 0, 5000, new byte[90], new byte[0]);
        rejectFile(file).hasMessageContaining("header length is 5000 bytes but the file has only 90 after the "
                + "10-byte preamble");
        rejectStream(file).hasMessageContaining("header length is 5000 bytes but the stream has only 90");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }     | expected ',' or '}' but found '''",
        "{'descr' '<f4', 'fortran_order': False, 'shape': (2,), }     | expected ':' after the key 'descr'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x  | unexpected 'x' after the end",
        "{'descr': '<f4                                               | string starting here is not closed",
        "{'descr': '<f4', 'fortran_order': false, 'shape': (2,), }    | unknown name 'false'",
        "{'descr': '<f4', 'descr': '<f8', 'shape': (2,), }            | the key 'descr' appears twice",
        "{'descr': '<\\x66\\x34', 'fortran_order': False, 'shape': (2,), } | escape sequences",
        "{1: '<f4'}                                                   | dict keys must be strings, but found 1",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,,), }   | at character 53: unexpected ','",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (012,), }  | leading zero",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }   | malformed number starting '2L'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': 0x10, }    | malformed number starting '0x'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}     | expected ',' or ')' but found '}'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), ;    | unexpected ';'",
        "\"\"                                                         | the text ends where a value should be",
    })
    void malformedHeaderSaysWhereAndWhat(String header, String expected) {
        // Version 3.0, where Python 2's 2L suffix is not allowed.
        rejectStream(NpyBytes.npy(3, header.strip() + "\n", new byte[8]))
                .hasMessageContaining("malformed .npy header").hasMessageContaining(expected);
    }

    @Test
    void headerThatIsNotADict() {
        rejectStream(NpyBytes.npy(1, "['<f4', False, (2,)]\n", new byte[8]))
                .hasMessageContaining("not a dict but ['<f4', False, (2,)]");
    }

    @Test
    void deeplyNestedHeaderFailsWithoutExhaustingTheStack() {
        String deep = "(".repeat(100_000) + ")".repeat(100_000);
        rejectStream(NpyBytes.npy(2, deep + "\n", new byte[0])).hasMessageContaining("nested more than 32 deep");
    }

    @Test
    void hugeIntegerLiteralIsRefusedBeforeParsing() {
        String shape = "(" + "7".repeat(50_000) + ",)";
        rejectStream(header("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", new byte[0]))
                .hasMessageContaining("a number of 50000 characters; at most 100 are accepted");
    }

    @Test
    void largestAcceptedHeaderIsParsedQuickly() {
        // A megabyte of "1, " is a valid header with 349000 dimensions; nothing may be quadratic in it
        // (a quadratic parse takes hours; the bound is loose so that a loaded machine cannot fail it)
        String dict = NpyBytes.dict("<f4", false, "(" + "1, ".repeat(349_000) + ")");
        byte[] file = NpyBytes.npy(2, dict + " ".repeat((1 << 20) - dict.length() - 1) + "\n", new byte[4]);
        NpyArray a = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Npy.readArray(new ByteArrayInputStream(file)));
        assertThat(a.shape()).hasSize(349_000);
        assertThat(a.numel()).isEqualTo(1);
    }

    @Test
    void missingOrUnexpectedKeys() {
        rejectStream(header("{'descr': '<f4', 'fortran_order': False}", new byte[4]))
                .hasMessageContaining("lacks the key 'shape'").hasMessageContaining("'descr', 'fortran_order'");
        rejectStream(header("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'extra': 1}", new byte[4]))
                .hasMessageContaining("unexpected key 'extra'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "'<c8' ; unsupported dtype '<c8' (complex numbers)",
        "'|O' ; unsupported dtype '|O' (Python objects)",
        "'<U3' ; unsupported dtype '<U3' (unicode strings)",
        "'<M8[ns]' ; unsupported dtype '<M8[ns]' (datetimes)",
        "'<f16' ; unsupported dtype '<f16'",
        "'<i3' ; unsupported dtype '<i3'",
        "'<f04' ; unsupported dtype '<f04'",
        "'f4' ; dtype 'f4' does not start with a byte order",
        "[('x', '<f4'), ('y', '<i4')] ; structured dtypes are not supported: 'descr' is the list of fields "
                + "[('x', '<f4'), ('y', '<i4')]",
        "3 ; 'descr' must be a string such as '<f4', but it is 3",
    })
    void unsupportedDtype(String descr, String expected) {
        rejectStream(header("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }", new byte[8]))
                .hasMessageContaining(expected).hasMessageContaining("supported are f2, f4, f8, i1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "(2, -3)        | dimension 1 of shape (2, -3) is -3; dimensions cannot be negative",
        "(2.5, 3)       | dimension 0 of shape (2.5, 3) is 2.5, not an integer",
        "(True,)        | dimension 0 of shape (True,) is True, not an integer",
        "('2',)         | dimension 0 of shape ('2',) is '2', not an integer",
        "(3000000000,)  | dimension 0 of shape (3000000000,) is 3000000000, more than the largest Java array",
        "(5)            | 'shape' must be a tuple of integers such as (2, 3), but it is 5 (a one-dimensional "
                + "shape is written with a comma: (5,))",
        "[2, 3]         | 'shape' must be a tuple of integers such as (2, 3), but it is [2, 3]",
    })
    void badShape(String shape, String expected) {
        rejectStream(header("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", new byte[0]))
                .hasMessageContaining(expected);
    }

    @Test
    void fortranOrderMustBeABool() {
        rejectStream(header("{'descr': '<f4', 'fortran_order': 1, 'shape': (), }", new byte[4]))
                .hasMessageContaining("'fortran_order' must be True or False, but it is 1");
    }

    @Test
    void versionThreeHeaderMustBeUtf8() {
        byte[] text = NpyBytes.dict("<f4", false, "()").getBytes(StandardCharsets.US_ASCII);
        text[3] = (byte) 0xFF;
        rejectStream(NpyBytes.raw(3, 0, text.length, text, new byte[4])).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void truncatedDataGivesPromisedAndPresentBytes() throws IOException {
        byte[] file = withShape("<f4", "(10, 15)", 200);
        String promised = "the header promises 600 bytes of data (shape (10, 15), <f4) but the ";
        rejectStream(file).hasMessageContaining(promised + "stream has 200 after the 128-byte header");
        rejectFile(file).hasMessageContaining(promised + "file has 200 after the 128-byte header");
    }

    @Test
    void hostileShapeInATinyFileFailsFastAsTruncated() throws IOException {
        byte[] file = withShape("<f4", "(100000, 100000)", 72);
        assertThat(file).hasSize(200);
        String promised = "the header promises 40000000000 bytes of data (shape (100000, 100000), <f4) but the ";

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            rejectStream(file).hasMessageContaining(promised + "stream has 72");
            rejectFile(file).hasMessageContaining(promised + "file has 72");
        });
    }

    @Test
    void streamClaimingGigabytesButHoldingFewBytesDoesNotAllocateThem() {
        // 1.6 GB of float32 is within the element limit, so only progressive allocation saves us.
        byte[] file = withShape("<f4", "(20000, 20000)", 72);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        rejectStream(file).hasMessageContaining("promises 1600000000 bytes").hasMessageContaining("has 72");

        // Measured on a second read, once classes and messages are loaded.
        long before = threads.getCurrentThreadAllocatedBytes();
        Throwable thrown = catchThrowable(() -> Npy.readArray(new ByteArrayInputStream(file)));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(thrown).isInstanceOf(NpyFormatException.class);
        assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
    }

    @Test
    void elementCountBeyondAJavaArraySaysHowMany() {
        byte[] head = withShape("|u1", "(2147483640,)", 0);
        assertThatThrownBy(() -> Npy.readArray(virtualStream(head, 2_147_483_640L)))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("shape (2147483640,) holds 2147483640 elements, more than a Java array can hold "
                        + "(2147483639)");
        byte[] head2 = withShape("|b1", "(65536, 32768)", 0);
        assertThatThrownBy(() -> Npy.readArray(virtualStream(head2, 1L << 31)))
                .hasMessageContaining("holds 2147483648 elements");
    }

    /** {@code head}, then {@code n} bytes that exist only as a count, so nothing large is allocated. */
    private static InputStream virtualStream(byte[] head, long n) {
        return new InputStream() {
            private int served;
            private long remaining = n;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (served < head.length) {
                    int k = Math.min(len, head.length - served);
                    System.arraycopy(head, served, b, off, k);
                    served += k;
                    return k;
                }
                if (remaining == 0) {
                    return -1;
                }
                int k = (int) Math.min(len, remaining);
                remaining -= k;
                return k;
            }
        };
    }

    @Test
    void extraBytesAfterTheData() throws IOException {
        byte[] file = NpyBytes.concat(withShape("<i2", "(3,)", 6), new byte[8]);
        rejectStream(file).hasMessageContaining("stream has 8 extra bytes after the 6 bytes of data (shape (3,), <i2)");
        rejectFile(file).hasMessageContaining("file has 8 extra bytes after the 6 bytes of data");
    }

    @Test
    void python2LongSuffixIsAcceptedInVersionsOneAndTwoOnly() throws IOException {
        String dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 1L), }";
        assertThat(Npy.readArray(new ByteArrayInputStream(header(dict, new byte[4]))).shape()).containsExactly(2, 1);
        rejectStream(NpyBytes.npy(3, dict + "\n", new byte[4])).hasMessageContaining("malformed number");
    }

    @Test
    void toIntsNamesTheElementAndItsValue() throws IOException {
        byte[] f8 = NpyBytes.npy(NpyBytes.dict("<f8", false, "(2, 2)"), NpyBytes.elements(ByteOrder.LITTLE_ENDIAN, 8,
                Double.doubleToLongBits(1), Double.doubleToLongBits(2.5), 0, 0));
        assertThatThrownBy(() -> Npy.readArray(new ByteArrayInputStream(f8)).toInts())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element [0, 1] of the shape (2, 2), <f8 array is 2.5, not an integer");

        byte[] i8 = NpyBytes.npy(NpyBytes.dict("<i8", false, "(2,)"),
                NpyBytes.elements(ByteOrder.LITTLE_ENDIAN, 8, 1, 3_000_000_000L));
        assertThatThrownBy(() -> Npy.readArray(new ByteArrayInputStream(i8)).toInts())
                .hasMessageContaining("element [1]").hasMessageContaining("is 3000000000, outside the int range");

        byte[] u8 = NpyBytes.npy(NpyBytes.dict("<u8", false, "()"), NpyBytes.elements(ByteOrder.LITTLE_ENDIAN, 8, -1));
        assertThatThrownBy(() -> Npy.readArray(new ByteArrayInputStream(u8)).toInts())
                .hasMessageContaining("is 18446744073709551615, outside the int range");

        byte[] f4 = NpyBytes.npy(NpyBytes.dict(">f4", false, "(1,)"),
                NpyBytes.elements(ByteOrder.BIG_ENDIAN, 4, Float.floatToIntBits(Float.NaN)));
        assertThatThrownBy(() -> Npy.readArray(new ByteArrayInputStream(f4)).toInts())
                .hasMessageContaining("is NaN, not an integer");
    }
}
