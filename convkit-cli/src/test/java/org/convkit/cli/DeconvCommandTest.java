package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.nio.file.Path;

import org.convkit.deconv.DeconvSettings;
import org.convkit.deconv.RichardsonLucy;
import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeconvCommandTest {
    @TempDir
    Path dir;

    /** An asymmetric PSF whose spectrum stays 0.2 away from zero. */
    private static Tensor psf() {
        Tensor p = Tensor.zeros(3, 4);
        p.set(0.6f, 1, 2);
        p.set(0.25f, 0, 0);
        p.set(0.15f, 2, 1);
        return p;
    }

    /** The blur as the library's convolution computes it: true convolution, 'same', the border as padding mode. */
    private static Tensor blur(Tensor x, Tensor psf, PaddingMode border) {
        int[] s = x.shape();
        Tensor y = Conv.forward(x.reshape(s[0], 1, s[1], s[2]), psf.reshape(1, 1, psf.size(0), psf.size(1)),
                ConvSpec.defaults().withFlip(true).withPadding(Padding.same()).withPaddingMode(border));
        return y.reshape(s);
    }

    @Test
    void wienerAndTikhonovUndoACircularBlur() {
        Tensor truth = Tensor.uniform(1, 0.2f, 1f, 2, 24, 30);
        String y = npy(dir, "y.npy", blur(truth, psf(), PaddingMode.CIRCULAR));
        String p = npy(dir, "psf.npy", psf());
        for (String method : new String[] {"wiener", "tikhonov"}) {
            Path x = dir.resolve(method + ".npy");
            String out = ok("deconv", "--method", method, "--input", y, "--psf", p, "--border", "circular",
                    "--regularization", "1e-10", "--output", x.toString());
            assertThat(out.lines()).hasSize(1);
            assertThat(out).startsWith(method + " [2, 24, 30] with PSF [3, 4], border circular: ")
                    .contains("1.00e-10").contains("residual ").contains(" ms; written to ").doesNotContain("estimated");
            assertThat(read(x).maxAbsDiff(truth)).as(method).isLessThan(1e-3);
        }
        String auto = ok("deconv", "--method", "wiener", "--input", y, "--psf", p, "--output",
                dir.resolve("auto.npy").toString());
        assertThat(auto).contains("border reflect").contains("(estimated)").doesNotContain("first run");
        String repeated = ok("deconv", "--method", "wiener", "--input", y, "--psf", p, "--repeat", "3", "--output",
                dir.resolve("auto.npy").toString());
        assertThat(repeated).containsPattern(", [0-9.]+ ms \\(first run; median of the 2 after it [0-9.]+ ms\\); written");
        fails(args("deconv", "--method", "wiener", "--input", y, "--psf", p, "--repeat", "0", "--output",
                dir.resolve("r.npy").toString()), "repeat must be at least 1, got 0");
    }

    @Test
    void oneAndThreeDimensionalSignalsTakePsfsOfTheirRank() {
        Tensor p1 = Tensor.of(new float[] {0.25f, 0.6f, 0f, 0.15f}, 4);
        Tensor x1 = Tensor.uniform(8, 0.2f, 1f, 2, 30);
        Tensor y1 = Conv.forward(x1.reshape(2, 1, 30), p1.reshape(1, 1, 4), ConvSpec.defaults().withFlip(true)
                .withPadding(Padding.same()).withPaddingMode(PaddingMode.CIRCULAR)).reshape(2, 30);
        Path r1 = dir.resolve("r1.npy");
        assertThat(ok("deconv", "--method", "tikhonov", "--border", "circular", "--regularization", "1e-10", "--input",
                npy(dir, "y1.npy", y1), "--psf", npy(dir, "p1.npy", p1), "--output", r1.toString()))
                .startsWith("tikhonov [2, 30] with PSF [4]");
        assertThat(read(r1).maxAbsDiff(x1)).isLessThan(1e-3);

        Tensor p3 = Tensor.full(1f / 27, 3, 3, 3);
        Tensor y3 = Tensor.uniform(9, 0f, 1f, 5, 6, 7);
        Path r3 = dir.resolve("r3.npy");
        assertThat(ok("deconv", "--method", "richardson-lucy", "--iterations", "3", "--threads", "1", "--input",
                npy(dir, "y3.npy", y3), "--psf", npy(dir, "p3.npy", p3), "--output", r3.toString()))
                .startsWith("richardson-lucy [5, 6, 7] with PSF [3, 3, 3]");
        assertThat(read(r3).shape()).containsExactly(5, 6, 7);
    }

    @Test
    void richardsonLucyIsTheLibrarysAndNonnegative() {
        Tensor truth = Tensor.uniform(2, 0f, 1f, 3, 20, 22);
        Tensor g = Tensor.full(1f / 9, 3, 3);
        Tensor observed = blur(truth, g, PaddingMode.REFLECT);
        Path x = dir.resolve("x.npy");
        String out = ok("deconv", "--method", "richardson-lucy", "--iterations", "7", "--tv", "0.002", "--input",
                npy(dir, "y.npy", observed), "--psf", npy(dir, "g.npy", g), "--output", x.toString());
        assertThat(out).contains("7 iterations, tv 0.00200").contains("residual");
        Tensor expected = RichardsonLucy.deconvolve(observed, g,
                DeconvSettings.defaults().withIterations(7).withTotalVariation(0.002)).estimate();
        assertThat(read(x)).isEqualTo(expected);
        for (float v : read(x).data()) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
    }

    @Test
    void leastSquaresInvertsAStridedLayerWithItsBias() {
        Tensor input = Tensor.uniform(3, -1, 1, 1, 3, 10, 10);
        Tensor w = Tensor.uniform(4, -1, 1, 16, 3, 3, 3);
        Tensor b = Tensor.uniform(5, -1, 1, 16);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(1);
        String y = npy(dir, "y.npy", Conv.forward(input, w, b, spec));
        Path x = dir.resolve("x.npy");
        String out = ok("deconv", "--method", "least-squares", "--input", y, "--weight", npy(dir, "w.npy", w), "--bias",
                npy(dir, "b.npy", b), "--stride", "2", "--padding", "1", "--input-shape", "1,3,10,10", "--exact",
                "--tolerance", "1e-10", "--iterations", "2000", "--output", x.toString());
        assertThat(out).startsWith("least-squares [1, 16, 5, 5] through weight [16, 3, 3, 3] -> [1, 3, 10, 10]: ")
                .contains("iterations, lambda 0.00, residual ").contains("normal residual")
                .doesNotContain("not reached");
        assertThat(read(x).maxAbsDiff(input)).isLessThan(1e-4);

        // without --input-shape the smallest input giving 5x5 is 9x9; a cap of 2 iterations is reported
        String capped = ok("deconv", "--method", "least-squares", "--input", y, "--weight", dir.resolve("w.npy").toString(),
                "--stride", "2", "--padding", "1", "--iterations", "2", "--algorithm", "reference", "--threads", "1",
                "--output", x.toString());
        assertThat(capped).contains("-> [1, 3, 9, 9]: 2 iterations (tolerance not reached)");
    }

    @Test
    void leastSquaresTakesTheSmallestInputAndSaysWhenTheAnswerIsOneOfMany() {
        // 'same' at stride 2: 7x7 gives 4x4 (8x8 does too): the default is 7x7, which gives x back
        Tensor input = Tensor.uniform(21, -1, 1, 1, 3, 7, 7);
        Tensor w = Tensor.uniform(22, -1, 1, 16, 3, 3, 3);
        ConvSpec same2 = ConvSpec.defaults().withStride(2).withPadding(Padding.same());
        String y = npy(dir, "y.npy", Conv.forward(input, w, same2));
        Path x = dir.resolve("x.npy");
        String out = ok("deconv", "--method", "least-squares", "--input", y, "--weight", npy(dir, "w.npy", w),
                "--stride", "2", "--padding", "same", "--tolerance", "1e-7", "--output", x.toString());
        assertThat(out).contains("-> [1, 3, 7, 7]: ").doesNotContain("not unique");
        assertThat(read(x).maxAbsDiff(input)).isLessThan(1e-3);

        // 2 filters over 3 channels: 98 outputs for 147 inputs; the residual is small, yet x is one of many
        Tensor w2 = Tensor.uniform(23, -1, 1, 2, 3, 3, 3);
        ConvSpec pad1 = ConvSpec.defaults().withPadding(1);
        String y2 = npy(dir, "y2.npy", Conv.forward(input, w2, pad1));
        String many = ok("deconv", "--method", "least-squares", "--input", y2, "--weight", npy(dir, "w2.npy", w2),
                "--padding", "1", "--output", x.toString());
        assertThat(many.lines().toList()).hasSize(2);
        assertThat(many.lines().toList().get(1)).isEqualTo("The solution is not unique: the layer maps 147 input "
                + "values to 98 output values (per image), so many inputs give the same output. This is the one of "
                + "least norm among them (conjugate gradients from zero), not necessarily the layer's input; "
                + "--regularization L > 0 makes the answer unique.");
        assertThat(ok("deconv", "--method", "least-squares", "--input", y2, "--weight", dir.resolve("w2.npy").toString(),
                "--padding", "1", "--regularization", "0.01", "--output", x.toString())).doesNotContain("not unique");
    }

    @Test
    void optionsThatDoNotFitTheMethodAreRefused() {
        String y = npy(dir, "y.npy", Tensor.uniform(6, 0, 1, 16, 16));
        String p = npy(dir, "p.npy", Tensor.full(0.25f, 2, 2));
        String w = npy(dir, "w.npy", Tensor.uniform(7, -1, 1, 4, 1, 3, 3));
        String x = dir.resolve("x.npy").toString();
        fails(args("deconv", "--method", "least-squares", "--input", y, "--psf", p, "--output", x),
                "--psf is for wiener, tikhonov and richardson-lucy", "(see 'convkit deconv --help')");
        fails(args("deconv", "--method", "wiener", "--input", y, "--weight", w, "--output", x),
                "--weight is for least-squares");
        fails(args("deconv", "--method", "wiener", "--input", y, "--psf", p, "--tv", "0.01", "--iterations", "3",
                "--output", x), "--iterations, --tv do not apply to --method wiener", "which takes --border, --regularization");
        fails(args("deconv", "--method", "richardson-lucy", "--input", y, "--psf", p, "--stride", "2", "--output", x),
                "--stride does not apply");
        fails(args("deconv", "--method", "least-squares", "--input", y, "--weight", w, "--border", "reflect",
                "--output", x), "--border does not apply to --method least-squares");
        fails(args("deconv", "--method", "tikhonov", "--input", y, "--output", x), "tikhonov needs the blur's --psf");
        fails(args("deconv", "--method", "least-squares", "--input", y, "--output", x), "needs the layer's --weight");
        fails(args("deconv", "--method", "blind", "--input", y, "--psf", p, "--output", x),
                "method 'blind' is not one of wiener, tikhonov, richardson-lucy, least-squares");
        assertThat(listing(dir)).containsExactly("p.npy", "w.npy", "y.npy");
    }

    @Test
    void badValuesAreOneLineErrorsAndLeaveNoOutput() {
        String y = npy(dir, "y.npy", Tensor.uniform(6, 0, 1, 16, 16));
        String p = npy(dir, "p.npy", Tensor.full(0.25f, 2, 2));
        String x = dir.resolve("x.npy").toString();
        fails(args("deconv", "--method", "wiener", "--input", y, "--psf", npy(dir, "p3.npy", Tensor.full(1f, 2, 2, 2)),
                "--output", x), "[16, 16] (rank 2)", "3-D PSF");
        fails(args("deconv", "--method", "wiener", "--input", y, "--psf", npy(dir, "z.npy", Tensor.zeros(3, 3)),
                "--output", x), "all zeros");
        fails(args("deconv", "--method", "tikhonov", "--input", y, "--psf", p, "--regularization", "-1", "--output", x),
                "regularization must be a finite number >= 0, got -1.0");
        fails(args("deconv", "--method", "wiener", "--input", y, "--psf", p, "--border", "mirror", "--output", x),
                "--border 'mirror' is not one of zeros, reflect, replicate, circular");
        fails(args("deconv", "--method", "tikhonov", "--input", y, "--psf", p, "--penalty", "gradient", "--output", x),
                "penalty 'gradient'");
        fails(args("deconv", "--method", "richardson-lucy", "--input", y, "--psf", p, "--tv", "0.5", "--output", x),
                "below 1/(2d) = 0.25");
        fails(args("deconv", "--method", "richardson-lucy", "--input", y, "--psf", p, "--iterations", "0", "--output", x),
                "iterations must be at least 1, got 0");
        fails(args("deconv", "--method", "wiener", "--input", dir.resolve("none.npy").toString(), "--psf", p,
                "--output", x), "cannot read", "no such file");
        fails(args("deconv", "--method", "wiener", "--input", y, "--psf", p, "--output",
                dir.resolve("no/such/x.npy").toString()), "cannot write", "no such directory");
        String w = npy(dir, "w.npy", Tensor.uniform(7, -1, 1, 4, 1, 3, 3));
        fails(args("deconv", "--method", "least-squares", "--input", npy(dir, "y4.npy", Tensor.zeros(1, 4, 5, 5)),
                "--weight", w, "--stride", "2", "--input-shape", "1,1,20,20", "--output", x),
                "[1, 4, 5, 5]", "[1, 4, 9, 9]", "input shape");
        assertThat(listing(dir)).doesNotContain("x.npy");
    }
}
