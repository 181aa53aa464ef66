package org.convkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void pngRoundTripIsTheNearestLevel(int channels) throws IOException {
        Tensor t = Tensor.uniform(channels, 0, 1, channels, 7, 11);
        Path p = dir.resolve("t.png");
        Images.write(p, t);
        Tensor back = Images.read(p);
        assertThat(back.shape()).containsExactly(channels, 7, 11);
        for (int i = 0; i < t.numel(); i++) {
            assertThat(back.data()[i]).isEqualTo(Math.round(t.data()[i] * 255) / 255f);
        }
        assertThat(back.maxAbsDiff(t)).isLessThanOrEqualTo(0.5 / 255 + 1e-7);
        // writing what was read gives the same levels again: exact
        Images.write(p, back);
        assertThat(Images.read(p)).isEqualTo(back);
    }

    @Test
    void valuesAreClampedAndNotANumberIsWrittenAsZero() throws IOException {
        Tensor t = Tensor.of(new float[] {-3f, 0f, 0.5f, 1f, 7f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY}, 1, 2, 4);
        Path p = dir.resolve("c.png");
        Images.write(p, t);
        assertThat(Images.read(p).data()).containsExactly(0f, 0f, 128 / 255f, 1f, 1f, 0f, 1f, 0f);
    }

    @Test
    void aRankTwoTensorIsOneGreyChannel() throws IOException {
        Path p = dir.resolve("g.png");
        Images.write(p, Tensor.full(0.2f, 3, 5));
        assertThat(Images.read(p).shape()).containsExactly(1, 3, 5);
        assertThat(ImageIO.read(p.toFile()).getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    }

    @Test
    void rgbChannelsAreInRgbOrder() throws IOException {
        Tensor red = Tensor.zeros(3, 2, 2);
        for (int i = 0; i < 4; i++) {
            red.data()[i] = 1f;
        }
        Path p = dir.resolve("red.png");
        Images.write(p, red);
        assertThat(ImageIO.read(p.toFile()).getRGB(1, 1) & 0xffffff).isEqualTo(0xff0000);
        assertThat(Images.read(p)).isEqualTo(red);
    }

    @Test
    void jpegRoundTripIsClose() throws IOException {
        Tensor t = TestImage.rgb(64);
        Path p = dir.resolve("t.jpg");
        Images.write(p, t);
        Tensor back = Images.read(p);
        assertThat(back.shape()).containsExactly(3, 64, 64);
        double meanAbs = 0;
        for (int i = 0; i < t.numel(); i++) {
            meanAbs += Math.abs(back.data()[i] - t.data()[i]);
        }
        // lossy at quality 0.95 with chroma subsampling: close on average, never equal everywhere
        assertThat(meanAbs / t.numel()).isLessThan(0.03);
        Path g = dir.resolve("g.jpeg");
        Images.write(g, TestImage.grey(32));
        assertThat(Images.read(g).shape()).containsExactly(1, 32, 32);
    }

    @Test
    void sixteenBitAndPaletteFilesAreRead() throws IOException {
        BufferedImage deep = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        deep.getRaster().setSample(1, 0, 0, 32768);
        Path p = dir.resolve("deep.png");
        ImageIO.write(deep, "png", p.toFile());
        assertThat(Images.read(p).data()).containsExactly(1f, 32768 / 65535f, 0f);

        BufferedImage palette = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED);
        palette.setRGB(0, 0, 0xff0000);
        palette.setRGB(1, 0, 0x0000ff);
        Path q = dir.resolve("palette.png");
        ImageIO.write(palette, "png", q.toFile());
        Tensor t = Images.read(q);
        assertThat(t.shape()).containsExactly(3, 1, 2);
        assertThat(t.data()).containsExactly(1f, 0f, 0f, 0f, 0f, 1f);
    }

    @Test
    void badShapesAndFormatsAreRefusedBeforeAnyFileIsMade() {
        assertThatThrownBy(() -> Images.write(dir.resolve("x.png"), Tensor.zeros(5, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(C, H, W)").hasMessageContaining("[5, 2, 2]");
        assertThatThrownBy(() -> Images.write(dir.resolve("x.png"), Tensor.zeros(1, 1, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1, 2, 2]");
        assertThatThrownBy(() -> Images.write(dir.resolve("x.jpg"), Tensor.zeros(4, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JPEG").hasMessageContaining(".png");
        assertThatThrownBy(() -> Images.write(dir.resolve("x.gif"), Tensor.zeros(1, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".png, .jpg or .jpeg");
        assertThat(listing()).isEmpty();
    }

    @Test
    void aFailedWriteLeavesNoFile() {
        Path missing = dir.resolve("no-such-dir").resolve("x.png");
        assertThatThrownBy(() -> Images.write(missing, Tensor.zeros(1, 2, 2))).isInstanceOf(IOException.class);
        assertThat(listing()).isEmpty();
    }

    @Test
    void anythingButAnImageIsAnIoError() throws IOException {
        Path p = dir.resolve("fake.png");
        Files.writeString(p, "not a png");
        assertThatThrownBy(() -> Images.read(p)).isInstanceOf(IOException.class).hasMessageContaining("not an image");
        Path truncated = dir.resolve("cut.png");
        Images.write(dir.resolve("whole.png"), TestImage.rgb(32));
        byte[] whole = Files.readAllBytes(dir.resolve("whole.png"));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Images.read(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void alphaSplitsOffAndBack() {
        Tensor rgba = Tensor.arange(4, 2, 3);
        assertThat(Images.hasAlpha(rgba)).isTrue();
        assertThat(Images.colour(rgba)).isEqualTo(Tensor.arange(3, 2, 3));
        assertThat(Images.alpha(rgba).data()).containsExactly(18, 19, 20, 21, 22, 23);
        assertThat(Images.withAlpha(Images.colour(rgba), Images.alpha(rgba))).isEqualTo(rgba);
        Tensor grey = Tensor.arange(1, 2, 3);
        assertThat(Images.hasAlpha(grey)).isFalse();
        assertThat(Images.colour(grey)).isSameAs(grey);
        assertThatThrownBy(() -> Images.alpha(grey)).hasMessageContaining("2 or 4 channels").hasMessageContaining("[1, 2, 3]");
        assertThatThrownBy(() -> Images.withAlpha(rgba, Images.alpha(rgba))).hasMessageContaining("[4, 2, 3]");
    }

    @Test
    void writeMapNormalizesSignedValuesAroundMidGrey() throws IOException {
        Tensor signed = Tensor.of(new float[] {-4f, 0f, 2f, 4f}, 2, 2);
        Path p = dir.resolve("m.png");
        Images.writeMap(p, signed, Display.SYMMETRIC);
        assertThat(Images.read(p).data()).containsExactly(0f, 128 / 255f, 191 / 255f, 1f);
    }

    private java.util.List<String> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(q -> q.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
