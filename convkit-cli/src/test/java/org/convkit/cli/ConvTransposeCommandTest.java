package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.nio.file.Path;

import org.convkit.ConvTranspose;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvTransposeCommandTest {
    @TempDir
    Path dir;

    @Test
    void theGuidesTwoByTwoBackToFiveByFive() {
        String y = npy(dir, "y.npy", Tensor.of(new float[] {54, 72, 144, 162}, 1, 1, 2, 2));
        String w = npy(dir, "w.npy", Tensor.full(1f, 1, 1, 3, 3));
        Path back = dir.resolve("back.npy");
        String out = ok("convt", "--input", y, "--weight", w, "--stride", "2", "--output", back.toString());
        assertThat(out).contains("-> [1, 1, 5, 5]");
        Tensor r = read(back);
        assertThat(r.shape()).containsExactly(1, 1, 5, 5);
        assertThat(r.get(0, 0, 0, 0)).isEqualTo(54f);
        assertThat(r.get(0, 0, 0, 2)).isEqualTo(54f + 72f);
        assertThat(r.get(0, 0, 2, 2)).isEqualTo(54f + 72f + 144f + 162f);
        assertThat(r.get(0, 0, 4, 4)).isEqualTo(162f);
    }

    @Test
    void everyOptionReachesTheLibrary() {
        Tensor xt = Tensor.uniform(1, -1, 1, 2, 4, 5, 4);
        Tensor wt = Tensor.uniform(2, -1, 1, 4, 3, 3, 2);
        Tensor bt = Tensor.uniform(3, -1, 1, 6);
        Path y = dir.resolve("y.npy");
        ok("convt", "--input", npy(dir, "x.npy", xt), "--weight", npy(dir, "w.npy", wt), "--bias",
                npy(dir, "b.npy", bt), "--stride", "2,3", "--padding", "1", "--output-padding", "1,2", "--dilation",
                "1,2", "--groups", "2", "--padding-mode", "circular", "--output", y.toString());
        ConvSpec spec = ConvSpec.defaults().withStride(2, 3).withPadding(1).withOutputPadding(1, 2)
                .withDilation(1, 2).withGroups(2).withPaddingMode(PaddingMode.CIRCULAR);
        Tensor expected = ConvTranspose.forward(xt, wt, bt, spec);
        assertThat(expected.shape()).containsExactly(2, 6, (5 - 1) * 2 - 2 + 2 + 1 + 1, (4 - 1) * 3 - 2 + 2 + 2 + 1);
        assertThat(read(y)).isEqualTo(expected);
    }

    @Test
    void samePaddingMultipliesByTheStride() {
        Tensor xt = Tensor.uniform(7, -1, 1, 1, 2, 5);
        Tensor wt = Tensor.uniform(8, -1, 1, 2, 3, 4);
        Path y = dir.resolve("y.npy");
        ok("convt", "--input", npy(dir, "x.npy", xt), "--weight", npy(dir, "w.npy", wt), "--stride", "3",
                "--padding", "same", "--output", y.toString());
        assertThat(read(y).shape()).containsExactly(1, 3, 15);
    }

    @Test
    void outputPaddingTooBigSaysWhatIsAllowed() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 1, 2, 2));
        String w = npy(dir, "w.npy", Tensor.zeros(1, 1, 3, 3));
        fails(args("convt", "--input", x, "--weight", w, "--stride", "2", "--output-padding", "2", "--output",
                dir.resolve("y.npy").toString()), "output_padding 2", "smaller than the stride 2", "use at most 1");
        fails(args("convt", "--input", x, "--weight", w, "--output-padding", "1", "--padding", "same", "--output",
                dir.resolve("y.npy").toString()), "cannot be combined with padding 'same'");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
    }

    @Test
    void mismatchedChannelsAndBiasNameTheNumbers() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 3, 2, 2));
        String w = npy(dir, "w.npy", Tensor.zeros(2, 1, 3, 3));
        fails(args("convt", "--input", x, "--weight", w, "--output", dir.resolve("y.npy").toString()),
                "the input has 3 channels", "expects 2");
        String w3 = npy(dir, "w3.npy", Tensor.zeros(3, 2, 3, 3));
        String b = npy(dir, "b.npy", Tensor.zeros(5));
        fails(args("convt", "--input", x, "--weight", w3, "--bias", b, "--output", dir.resolve("y.npy").toString()),
                "the bias has shape [5]", "(2,)");
        assertThat(listing(dir)).containsExactly("b.npy", "w.npy", "w3.npy", "x.npy");
    }

    @Test
    void missingFilesAndOptions() {
        String w = npy(dir, "w.npy", Tensor.zeros(1, 1, 3, 3));
        Path missing = dir.resolve("missing.npy");
        fails(args("convt", "--input", missing.toString(), "--weight", w, "--output", dir.resolve("y.npy").toString()),
                "cannot read " + missing + ": no such file");
        fails(args("convt", "--weight", w, "--output", "y.npy"), "missing required option", "--input",
                "(see 'convkit convt --help')");
        fails(args("convt", "--input", w, "--weight", w, "--flip", "--output", "y.npy"), "unknown option", "--flip");
        assertThat(listing(dir)).containsExactly("w.npy");
    }

    @Test
    void aCropLargerThanTheOutputIsRefused() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 1, 1, 1));
        String w = npy(dir, "w.npy", Tensor.zeros(1, 1, 3, 3));
        fails(args("convt", "--input", x, "--weight", w, "--padding", "2", "--output", dir.resolve("y.npy").toString()),
                "transposed convolution output would have -1 cells");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
    }

    @Test
    void anOutputSizeChoosesTheCrop() {
        Tensor xt = Tensor.uniform(6, -1, 1, 1, 2, 3, 3);
        Tensor wt = Tensor.uniform(7, -1, 1, 2, 3, 3, 3);
        String x = npy(dir, "x.npy", xt);
        String w = npy(dir, "w.npy", wt);
        Path y = dir.resolve("y.npy");
        String out = ok("convt", "--input", x, "--weight", w, "--stride", "2,3", "--output-size", "6,10",
                "--padding", "same-lower", "--explain", "--output", y.toString());
        assertThat(out).contains("-> [1, 3, 6, 10]").contains("output size 6 asked")
                .contains("so 1 cropped: 1 before and 0 after (the odd cell before)").contains("so output padding 1");
        assertThat(read(y)).isEqualTo(ConvTranspose.forward(xt, wt, null, ConvSpec.defaults().withStride(2, 3)
                .withPadding(org.convkit.spec.Padding.sameLower()).withOutputSize(6, 10)));
        String y2 = y.toString();
        fails(args("convt", "--input", x, "--weight", w, "--stride", "2", "--output-size", "9", "--output", y2),
                "output size 9 in spatial dimension 0 (height) is more than this transposed convolution can give",
                "use at most 8");
        fails(args("convt", "--input", x, "--weight", w, "--stride", "2", "--output-size", "6", "--padding", "1",
                "--output", y2), "padding '1' cannot be given with it");
        fails(args("convt", "--input", x, "--weight", w, "--stride", "2", "--output-size", "6", "--output-padding", "1",
                "--output", y2), "so output_padding [1, 1] cannot be given with it");
        fails(args("conv", "--input", x, "--weight", w, "--output", y2), "channels");
    }
}
