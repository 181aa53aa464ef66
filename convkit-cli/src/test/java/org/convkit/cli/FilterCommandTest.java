package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convkit.image.Display;
import org.convkit.image.ImageFilter;
import org.convkit.image.Images;
import org.convkit.image.NamedKernels;
import org.convkit.image.TestImage;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterCommandTest {
    @TempDir
    Path dir;

    @Test
    void blursTheTestImageBesideItByDefault() {
        String in = image("t.png", TestImage.rgb(64));
        String out = ok("filter", in, "--kernel", "gaussian:1.5");
        Path result = dir.resolve("t-gaussian-1.5.png");
        assertThat(out).contains("with gaussian:1.5 11x11").contains("border reflect").contains("display clamp")
                .contains("t-gaussian-1.5.png");
        Tensor expected = ImageFilter.apply(read(dir.resolve("t.png")), NamedKernels.gaussian(1.5), PaddingMode.REFLECT);
        // what the file holds is the filter's result rounded to 8 bits
        assertThat(read(result).maxAbsDiff(expected)).isLessThanOrEqualTo(0.5 / 255 + 1e-6);
    }

    @Test
    void everyOptionReachesTheLibrary() {
        String in = image("g.png", TestImage.grey(48));
        Path out = dir.resolve("edges.png");
        ok("filter", in, "-k", "sobel-x", "--border", "zeros", "--display", "shift", "--algorithm", "reference",
                "--threads", "1", "--output", out.toString());
        Tensor y = ImageFilter.apply(read(dir.resolve("g.png")), NamedKernels.named("sobel-x"), PaddingMode.ZEROS);
        assertThat(read(out).maxAbsDiff(Display.SHIFT.apply(y))).isLessThanOrEqualTo(0.5 / 255 + 1e-6);
        // zero-sum kernels default to |x|
        ok("filter", in, "-k", "sobel-x", "--border", "circular", "-o", dir.resolve("abs.png").toString());
        Tensor c = ImageFilter.apply(read(dir.resolve("g.png")), NamedKernels.named("sobel-x"), PaddingMode.CIRCULAR);
        assertThat(read(dir.resolve("abs.png")).maxAbsDiff(Display.ABS.apply(c))).isLessThanOrEqualTo(0.5 / 255 + 1e-6);
    }

    @Test
    void aKernelFromAnNpyFile() {
        String in = image("g.png", TestImage.grey(32));
        String k = npy(dir, "shift.npy", Tensor.of(new float[] {0, 0, 1}, 1, 3));
        ok("filter", in, "--kernel", k, "--border", "replicate");
        // y[j] = x[j + 1]: the image moves one pixel left, the last column repeats
        Tensor x = read(dir.resolve("g.png"));
        Tensor y = read(dir.resolve("g-shift.png"));
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                assertThat(y.get(0, i, j)).isEqualTo(x.get(0, i, Math.min(j + 1, 31)));
            }
        }
    }

    @Test
    void explainNamesTheSeparablePasses() {
        String in = image("t.png", TestImage.grey(256));
        String out = ok("filter", in, "--kernel", "gaussian:2", "--explain", "-o", dir.resolve("b.png").toString());
        assertThat(out).contains("chosen: separable").contains("13x13");
        String lap = ok("filter", in, "--kernel", "laplacian", "--explain", "-o", dir.resolve("l.png").toString());
        assertThat(lap).contains("separable  cannot: the kernel does not split into a column times a row: its slice [0, 0]");
    }

    @Test
    void jpegInAndOut() {
        Path jpg = dir.resolve("t.jpg");
        ok("testimage", jpg.toString(), "--color", "--size", "64");
        ok("filter", jpg.toString(), "--kernel", "sharpen");
        assertThat(read(dir.resolve("t-sharpen.jpg")).shape()).containsExactly(3, 64, 64);
    }

    @Test
    void errorsAreOneLineAndLeaveNoFile() {
        String in = image("t.png", TestImage.grey(16));
        fails(args("filter", in, "--kernel", "blur"), "unknown kernel 'blur'", "identity | box:N | gaussian:SIGMA",
                "motion:LEN:ANGLE | FILE.npy");
        fails(args("filter", in, "--kernel", "gaussian:-2"), "SIGMA must be > 0");
        fails(args("filter", in, "--kernel", "motion:5"), "should be written motion:LEN:ANGLE");
        fails(args("filter", in, "--kernel", "box:3", "--border", "mirror"),
                "--border 'mirror' is not one of zeros, reflect, replicate, circular");
        fails(args("filter", in, "--kernel", "box:3", "--display", "log"), "display 'log' is not one of");
        fails(args("filter", in, "--kernel", dir.resolve("none.npy").toString()), "cannot read", "none.npy: no such file");
        fails(args("filter", in, "--kernel", npy(dir, "k3.npy", Tensor.zeros(1, 3, 3))), "[1, 3, 3]", "2-D (kh, kw)");
        fails(args("filter", dir.resolve("missing.png").toString(), "--kernel", "box:3"),
                "cannot read " + dir.resolve("missing.png") + ": no such file");
        fails(args("filter", in, "--kernel", "box:3", "--output", dir.resolve("out.gif").toString()),
                ".png, .jpg or .jpeg");
        fails(args("filter", in, "--kernel", "box:3", "--output", dir.resolve("no/dir/out.png").toString()),
                "no such directory");
        fails(args("filter", in, "--kernel", "box:3", "--output", in), "is the input image");
        fails(args("filter", in), "missing required option: '--kernel=NAME|K.npy'");
        assertThat(listing(dir)).containsExactly("k3.npy", "t.png");
    }

    @Test
    void anUnreadableImageIsNamed() throws IOException {
        Path fake = dir.resolve("fake.png");
        Files.writeString(fake, "this is text");
        fails(args("filter", fake.toString(), "--kernel", "box:3"), "cannot read " + fake, "not an image");
        fails(args("filter", dir.toString(), "--kernel", "box:3"), "it is a directory");
        assertThat(listing(dir)).containsExactly("fake.png");
    }

    @Test
    void alphaIsCarriedThroughUnfiltered() {
        Tensor rgb = TestImage.rgb(24);
        Tensor alpha = Tensor.uniform(5, 0, 1, 1, 24, 24);
        for (int i = 0; i < alpha.numel(); i++) {
            alpha.data()[i] = Math.round(alpha.data()[i] * 255) / 255f;
        }
        String in = image("a.png", Images.withAlpha(rgb, alpha));
        ok("filter", in, "--kernel", "sobel-x");
        Tensor out = read(dir.resolve("a-sobel-x.png"));
        assertThat(out.shape()).containsExactly(4, 24, 24);
        assertThat(Images.alpha(out)).isEqualTo(alpha);
        Tensor edges = Display.ABS.apply(ImageFilter.apply(rgb, NamedKernels.named("sobel-x"), PaddingMode.REFLECT));
        assertThat(Images.colour(out).maxAbsDiff(edges)).isLessThanOrEqualTo(0.5 / 255 + 1e-6);
    }

    @Test
    void anRgbaImageCannotBecomeAJpeg() {
        String in = image("a.png", Tensor.full(0.5f, 4, 8, 8));
        fails(args("filter", in, "--kernel", "box:3", "-o", dir.resolve("a.jpg").toString()), "JPEG holds 1 (grey) or 3");
        assertThat(listing(dir)).containsExactly("a.png");
    }

    @Test
    void testImageSizesAndErrors() {
        Path p = dir.resolve("t.png");
        assertThat(ok("testimage", p.toString(), "--size", "100x60")).contains("100 x 60 grey");
        assertThat(read(p).shape()).containsExactly(1, 60, 100);
        ok("testimage", p.toString(), "--color");
        assertThat(read(p)).isEqualTo(TestImage.rgb(256));
        fails(args("testimage", p.toString(), "--size", "big"), "--size 'big' should be N or WIDTHxHEIGHT");
        fails(args("testimage", p.toString(), "--size", "0"), "width is 0", "1..16384");
        fails(args("testimage", dir.resolve("t.bmp").toString()), ".png, .jpg or .jpeg");
        assertThat(listing(dir)).containsExactly("t.png");
    }

    @Test
    void helpListsTheKernelsAndTheCommandsAreRegistered() {
        assertThat(ok("filter", "--help")).contains("Usage: convkit filter").contains("gaussian:SIGMA")
                .contains("motion:LEN:ANGLE").contains("--border").contains("--display").contains("--explain");
        assertThat(ok("testimage", "--help")).contains("Usage: convkit testimage").contains("--size").contains("--color");
        assertThat(ok("--help")).contains("filter").contains("testimage");
    }

    @Test
    void defaultOutputNames() {
        assertThat(FilterCommand.defaultOutput(Path.of("a/photo.jpg"), NamedKernels.named("motion:9:-30")))
                .isEqualTo(Path.of("a/photo-motion-9--30.jpg"));
        assertThat(FilterCommand.defaultOutput(Path.of("photo"), NamedKernels.named("sobel-x")))
                .isEqualTo(Path.of("photo-sobel-x.png"));
    }

    private String image(String name, Tensor t) {
        Path p = dir.resolve(name);
        try {
            Images.write(p, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.toString();
    }

    private static Tensor read(Path p) {
        try {
            return Images.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
