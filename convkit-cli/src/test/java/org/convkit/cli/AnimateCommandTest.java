package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.ok;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.viz.Animation;
import org.convkit.viz.AnimationSpec;
import org.convkit.viz.Animations;
import org.convkit.viz.FramePainter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimateCommandTest {
    @TempDir
    Path dir;

    @Test
    void theGuidesExampleAsAGif() throws IOException {
        Path gif = dir.resolve("guide.gif");
        String out = ok("animate", "--input", "7,7", "--channels", "3", "--filters", "2", "--kernel", "3",
                "--stride", "2", "--output", gif.toString());
        Animation a = Animations.build(AnimationSpec.of(new int[] {7, 7}, new int[] {3}).withChannels(3)
                .withFilters(2).withStride(2));
        int[] size = FramePainter.size(a);
        assertThat(out).contains("7x7x3 -> 3x3x2").contains("19 frames (18 output cells + 1 hold)")
                .contains(size[0] + "x" + size[1] + " px").contains("gif written to").contains("guide.gif");
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertThat(r.getNumImages(true)).isEqualTo(19);
            assertThat(r.getWidth(0)).isEqualTo(size[0]);
            assertThat(r.getHeight(0)).isEqualTo(size[1]);
        }
        assertThat(listing(dir)).containsExactly("guide.gif");
    }

    @Test
    void theFormatComesFromTheExtensionOrSvgWhichWins() throws IOException {
        Path svg = dir.resolve("up.svg");
        ok("animate", "--input", "2,2", "--kernel", "3", "--stride", "2", "--transposed", "--output", svg.toString());
        assertThat(Files.readString(svg, StandardCharsets.UTF_8)).startsWith("<?xml").contains("<svg")
                .contains("data-frames=\"26\"");

        Path named = dir.resolve("named.gif");
        String out = ok("animate", "--input", "5", "--kernel", "3", "--svg", "--output", named.toString());
        assertThat(out).contains("svg written to");
        assertThat(Files.readString(named, StandardCharsets.UTF_8)).contains("<svg");

        Path png = dir.resolve("f.png");
        ok("animate", "--input", "5,5", "--kernel", "2", "--pool", "max", "--frame", "2", "--output", png.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        Animation a = Animations.build(AnimationSpec.of(new int[] {5, 5}, new int[] {2})
                .withPooling(AnimationSpec.Pooling.MAX));
        assertThat(img.getWidth()).isEqualTo(FramePainter.size(a)[0]);
    }

    @Test
    void everyOptionReachesTheSpec() throws IOException {
        Path svg = dir.resolve("a.svg");
        String out = ok("animate", "--input", "4,5", "--channels", "4", "--filters", "2", "--kernel", "2,3",
                "--stride", "1,2", "--padding", "1:0,2", "--dilation", "2,1", "--groups", "2", "--delay", "300",
                "--output", svg.toString());
        Animation a = Animations.build(AnimationSpec.of(new int[] {4, 5}, new int[] {2, 3}).withChannels(4)
                .withFilters(2).withStride(1, 2).withPadding("1:0,2").withDilation(2, 1).withGroups(2)
                .withDelayMillis(300));
        assertThat(out).contains(a.frameCount() + " frames").contains(a.durationMillis() + " ms per loop");
        ok("animate", "--input", "3", "--kernel", "3", "--stride", "2", "--transposed", "--output-padding", "1",
                "--output", dir.resolve("t.gif").toString());
        ok("animate", "--input", "5,5", "--channels", "2", "--filters", "3", "--kernel", "3",
                "--depthwise-separable", "--output", dir.resolve("ds.gif").toString());
        ok("animate", "--input", "4,4", "--kernel", "2", "--pool", "avg", "--stride", "1", "--output",
                dir.resolve("avg.gif").toString());
    }

    @Test
    void aCopyingPaddingModeIsDrawnWithTheCellsItCopies() throws IOException {
        Path svg = dir.resolve("reflect.svg");
        ok("animate", "--input", "5,5", "--kernel", "3", "--padding", "1", "--padding-mode", "reflect", "--output",
                svg.toString());
        assertThat(Files.readString(svg, StandardCharsets.UTF_8)).contains("padding 1, padding mode reflect",
                "padding (reflect: a copy)", "the cell it copies");
        fails(args("animate", "--input", "5", "--kernel", "2", "--pool", "max", "--padding-mode", "circular",
                "--output", svg.toString()), "padding mode circular is drawn for a convolution only");
    }

    @Test
    void ceilModeDrawsTheWindowsThatHangPastTheInput() throws IOException {
        Path svg = dir.resolve("ceil.svg");
        String out = ok("animate", "--input", "5,5", "--kernel", "2", "--stride", "2", "--pool", "max", "--ceil-mode",
                "--output", svg.toString());
        assertThat(out).contains("5x5x1 -> 3x3x1");
        assertThat(Files.readString(svg, StandardCharsets.UTF_8)).contains("ceil_mode", "past the input");
    }

    @Test
    void engineErrorsAreTheEnginesWords() {
        String engine = null;
        try {
            Geometry.conv(new int[] {3, 3}, new int[] {5, 5}, ConvSpec.defaults());
        } catch (IllegalArgumentException e) {
            engine = e.getMessage();
        }
        Path out = dir.resolve("a.gif");
        assertThat(fails(args("animate", "--input", "3,3", "--kernel", "5", "--output", out.toString())))
                .isEqualTo("error: " + engine);
        fails(args("animate", "--input", "5", "--kernel", "3", "--stride", "0", "--output", out.toString()),
                "stride must be at least 1");
        fails(args("animate", "--input", "40,40", "--kernel", "3", "--output", out.toString()),
                "1444 frames", "limit of " + Animations.MAX_FRAMES);
        fails(args("animate", "--input", "5,5", "--channels", "3", "--groups", "2", "--kernel", "3", "--output",
                out.toString()), "in_channels 3 is not divisible by groups 2");
        fails(args("animate", "--input", "5", "--kernel", "3", "--pool", "min", "--output", out.toString()),
                "pooling kind 'min' is not one of max, avg");
        fails(args("animate", "--input", "5", "--kernel", "3", "--padding", "middle", "--output", out.toString()),
                "padding 'middle'");
        assertThat(listing(dir)).isEmpty();
    }

    /** The README's animate examples run as written (their output files go to a temporary directory). */
    @Test
    void theReadmeExamplesRun() throws IOException {
        Path readme = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && readme == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("convkit-viz"))) {
                readme = p.resolve("README.md");
            }
        }
        assertThat(readme).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
        List<String> lines = Files.readAllLines(readme).stream().filter(l -> l.startsWith("bin/convkit animate"))
                .toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        for (String line : lines) {
            String[] words = line.replaceAll("#.*", "").trim().split("\\s+");
            String[] args = Arrays.copyOfRange(words, 1, words.length);
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("--output")) {
                    args[i + 1] = dir.resolve(args[i + 1]).toString();
                }
            }
            ok(args);
        }
    }

    @Test
    void badCombinationsOfOptions() {
        Path gif = dir.resolve("a.gif");
        fails(args("animate", "--input", "5", "--kernel", "3", "--output", dir.resolve("a.jpeg").toString()),
                "cannot tell the format of", ".gif, .svg or .png");
        fails(args("animate", "--input", "5", "--kernel", "3", "--frame", "1", "--output", gif.toString()),
                "--frame draws one frame into a .png output");
        fails(args("animate", "--input", "5", "--kernel", "3", "--frame", "9", "--output",
                dir.resolve("a.png").toString()), "--frame 9 does not exist", "frames 0 to 3");
        fails(args("animate", "--input", "5", "--kernel", "3", "--output-padding", "1", "--output", gif.toString()),
                "--output-padding needs --transposed");
        fails(args("animate", "--input", "5", "--kernel", "3", "--transposed", "--pool", "max", "--output",
                gif.toString()), "choose one of transposed, pooling");
        fails(args("animate", "--input", "5", "--kernel", "3", "--delay", "5", "--output", gif.toString()),
                "frame delay must be between 20 and 10000 ms, got 5");
        fails(args("animate", "--input", "5,5,5", "--kernel", "3", "--output", gif.toString()), "1-D or 2-D");
        fails(args("animate", "--input", "5", "--kernel", "3", "--output", dir.resolve("no/a.gif").toString()),
                "no such directory");
        fails(args("animate", "--kernel", "3", "--output", gif.toString()), "--input");
        assertThat(listing(dir)).isEmpty();
    }
}
