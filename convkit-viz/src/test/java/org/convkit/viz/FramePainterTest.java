package org.convkit.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramePainterTest {
    @TempDir
    Path dir;

    private final Animation anim = Animations.build(AnimationSpec.of(new int[] {5, 5}, new int[] {3})
            .withStride(2).withPadding("1"));

    @Test
    void aPngFrameIsThePaintedFrame() throws IOException {
        Path png = dir.resolve("f.png");
        FramePainter.writePng(anim, 2, png);
        BufferedImage read = ImageIO.read(png.toFile());
        BufferedImage painted = FramePainter.render(anim, 2);
        assertThat(new int[] {read.getWidth(), read.getHeight()}).containsExactly(FramePainter.size(anim));
        int w = painted.getWidth();
        int h = painted.getHeight();
        assertThat(read.getRGB(0, 0, w, h, null, 0, w)).isEqualTo(painted.getRGB(0, 0, w, h, null, 0, w));
        assertThat(FramePainter.pngBytes(anim, 2)).isEqualTo(Files.readAllBytes(png));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(png); // no temporary file left beside it
        }
    }

    @Test
    void framesDifferOnlyWhereTheWindowMoves() {
        BufferedImage a = FramePainter.render(anim, 0, false);
        BufferedImage b = FramePainter.render(anim, 1, false);
        int[] box = GifAnimation.changed(a, b);
        // the window moved right by the stride, the output filled one cell: the change is local
        assertThat(box[2] * box[3]).isGreaterThan(0).isLessThan(a.getWidth() * a.getHeight() / 2);
        assertThat(GifAnimation.changed(a, FramePainter.render(anim, 0, false))).containsExactly(0, 0, 1, 1);
    }

    @Test
    void aFrameOutsideTheAnimationIsRefused() {
        assertThatThrownBy(() -> FramePainter.render(anim, anim.frameCount()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frame 10 does not exist: the animation has frames 0 to 9");
    }
}
