package org.convkit.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.convkit.viz.AnimationSpec.Pooling;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GIFs read back with ImageIO: frame count, size, loop and delay metadata, and the pictures themselves. */
class GifAnimationTest {
    @TempDir
    Path dir;

    static Stream<Arguments> guideExamples() {
        return Stream.of(
                Arguments.of("7x7x3, two 3x3x3 filters, stride 2",
                        AnimationSpec.of(new int[] {7, 7}, new int[] {3}).withChannels(3).withFilters(2).withStride(2),
                        18),
                Arguments.of("5x5, 3x3, stride 2", AnimationSpec.of(new int[] {5, 5}, new int[] {3}).withStride(2), 4),
                Arguments.of("and transposed back", AnimationSpec.of(new int[] {2, 2}, new int[] {3}).withStride(2)
                        .withTransposed(true), 25),
                Arguments.of("dilation 2", AnimationSpec.of(new int[] {7, 7}, new int[] {3}).withDilation(2), 9),
                Arguments.of("max pooling", AnimationSpec.of(new int[] {4, 4}, new int[] {2})
                        .withPooling(Pooling.MAX), 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guideExamples")
    void framesSizeLoopAndDelaysReadBack(String name, AnimationSpec spec, int outputs) throws IOException {
        Animation a = Animations.build(spec.withDelayMillis(250));
        Path gif = dir.resolve("a.gif");
        GifAnimation.write(a, gif);
        int[] size = FramePainter.size(a);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(outputs + Animations.HOLD_FRAMES);
            IIOMetadataNode screen = child(tree(reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0")),
                    "LogicalScreenDescriptor");
            assertThat(screen.getAttribute("logicalScreenWidth")).isEqualTo(Integer.toString(size[0]));
            assertThat(screen.getAttribute("logicalScreenHeight")).isEqualTo(Integer.toString(size[1]));
            assertThat(reader.getWidth(0)).isEqualTo(size[0]);
            assertThat(reader.getHeight(0)).isEqualTo(size[1]);

            IIOMetadataNode first = meta(reader, 0);
            IIOMetadataNode app = child(child(first, "ApplicationExtensions"), "ApplicationExtension");
            assertThat(app.getAttribute("applicationID")).isEqualTo("NETSCAPE");
            assertThat(app.getAttribute("authenticationCode")).isEqualTo("2.0");
            assertThat((byte[]) app.getUserObject()).containsExactly(1, 0, 0); // loop forever
            for (int i = 0; i < outputs; i++) {
                assertThat(child(meta(reader, i), "GraphicControlExtension").getAttribute("delayTime"))
                        .isEqualTo("25");
            }
            assertThat(child(meta(reader, outputs), "GraphicControlExtension").getAttribute("delayTime"))
                    .isEqualTo(Integer.toString(Animations.holdDelay(250) / 10));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guideExamples")
    void everyComposedFrameIsThePaintedFrame(String name, AnimationSpec spec, int outputs) throws IOException {
        Animation a = Animations.build(spec);
        Path gif = dir.resolve("b.gif");
        GifAnimation.write(a, gif);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int[] size = FramePainter.size(a);
            BufferedImage screen = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            Graphics2D g = screen.createGraphics();
            for (int i = 0; i < a.frameCount(); i++) {
                IIOMetadataNode desc = child(meta(reader, i), "ImageDescriptor");
                // disposal 'none': each frame's rectangle is drawn over the previous picture
                g.drawImage(reader.read(i), Integer.parseInt(desc.getAttribute("imageLeftPosition")),
                        Integer.parseInt(desc.getAttribute("imageTopPosition")), null);
                BufferedImage painted = FramePainter.render(a, i);
                assertThat(differing(screen, painted)).as("pixels off in frame %d", i)
                        .isLessThan(size[0] * size[1] / 200);
            }
            g.dispose();
        }
    }

    /** Pixels whose colour differs noticeably (anti-aliased edges may land on a neighbouring palette colour). */
    private static int differing(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255))
                        + Math.abs((p & 255) - (q & 255));
                if (d > 24) {
                    n++;
                }
            }
        }
        return n;
    }

    private static IIOMetadataNode meta(ImageReader reader, int i) throws IOException {
        return tree(reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0"));
    }

    private static IIOMetadataNode tree(org.w3c.dom.Node n) {
        return (IIOMetadataNode) n;
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        throw new AssertionError("no " + name + " in " + parent.getNodeName());
    }
}
