package org.convkit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyAtomicWriteTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writingLeavesOnlyTheTarget() throws IOException {
        Npy.write(dir.resolve("a.npy"), Tensor.arange(3));
        Npy.writeInts(dir.resolve("b.npy"), new int[] {1}, 1);

        assertThat(listing()).containsExactly("a.npy", "b.npy");
    }

    @Test
    void overwritingReplacesTheWholeFile() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, Tensor.arange(1000));
        Npy.write(file, Tensor.arange(2));

        assertThat(Npy.read(file)).isEqualTo(Tensor.arange(2));
        assertThat(listing()).containsExactly("a.npy");
    }

    @Test
    void failingMidWriteLeavesTheExistingFileUntouchedAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, Tensor.arange(5));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> AtomicWrite.write(file, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThatThrownBy(() -> AtomicWrite.write(file, out -> {
            out.write(new byte[10]);
            throw new UncheckedIOException(new IOException("broken pipe"));
        })).isInstanceOf(UncheckedIOException.class);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(listing()).containsExactly("a.npy");
    }

    @Test
    void targetThatIsANonEmptyDirectoryFailsAndStaysIntact() throws IOException {
        Path target = dir.resolve("out.npy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "precious");

        assertThatThrownBy(() -> Npy.write(target, Tensor.arange(4))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Npy.writeInts(target, new int[] {1, 2}, 2)).isInstanceOf(IOException.class);

        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("precious");
        assertThat(listing()).containsExactly("out.npy");
    }

    @Test
    void shapeMismatchIsRejectedBeforeTouchingTheFile() throws IOException {
        Path file = dir.resolve("idx.npy");
        Npy.writeInts(file, new int[] {1, 2, 3}, 3);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> Npy.writeInts(file, new int[] {1, 2, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 4 elements but the data has 3");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(listing()).containsExactly("idx.npy");
    }

    @Test
    void rootPathIsRejected() {
        assertThatThrownBy(() -> Npy.write(dir.getRoot(), Tensor.arange(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no file");
    }

    @Test
    void missingDirectoryFailsWithoutCreatingAnything() throws IOException {
        assertThatThrownBy(() -> Npy.write(dir.resolve("no/such/dir/a.npy"), Tensor.arange(1)))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(listing()).isEmpty();
    }
}
