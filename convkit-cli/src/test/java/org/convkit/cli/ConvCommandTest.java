package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvCommandTest {
    @TempDir
    Path dir;

    @Test
    void theGuidesFiveByFiveExampleByHand() {
        String x = npy(dir, "x.npy", Tensor.arange(1, 1, 5, 5));
        String w = npy(dir, "w.npy", Tensor.full(1f, 1, 1, 3, 3));
        Path y = dir.resolve("y.npy");
        String out = ok("conv", "--input", x, "--weight", w, "--stride", "2", "--output", y.toString());
        assertThat(out).contains("[1, 1, 5, 5]").contains("-> [1, 1, 2, 2]").contains("y.npy");
        Tensor result = read(y);
        assertThat(result.shape()).containsExactly(1, 1, 2, 2);
        assertThat(result.data()).containsExactly(54f, 72f, 144f, 162f);
    }

    @Test
    void everyOptionReachesTheLibrary() {
        Tensor xt = Tensor.uniform(1, -1, 1, 2, 4, 9, 8);
        Tensor wt = Tensor.uniform(2, -1, 1, 6, 2, 3, 2);
        Tensor bt = Tensor.uniform(3, -1, 1, 6);
        String x = npy(dir, "x.npy", xt);
        String w = npy(dir, "w.npy", wt);
        String b = npy(dir, "b.npy", bt);
        Path y = dir.resolve("y.npy");
        ok("conv", "--input", x, "--weight", w, "--bias", b, "--stride", "2,1", "--padding", "1:2,0:1",
                "--dilation", "1,2", "--groups", "2", "--padding-mode", "reflect", "--flip", "--output", y.toString());
        ConvSpec spec = ConvSpec.defaults().withStride(2, 1)
                .withPadding(Padding.of(new int[] {1, 0}, new int[] {2, 1})).withDilation(1, 2).withGroups(2)
                .withPaddingMode(PaddingMode.REFLECT).withFlip(true);
        Tensor expected = Conv.forward(xt, wt, bt, spec);
        assertThat(read(y)).isEqualTo(expected);
    }

    @Test
    void oneAndThreeDimensionsComeFromTheWeightsRank() {
        Tensor x1 = Tensor.arange(1, 1, 7);
        ok("conv", "--input", npy(dir, "x1.npy", x1), "--weight", npy(dir, "w1.npy", Tensor.full(1f, 1, 1, 3)),
                "--stride", "2", "--padding", "same", "--output", dir.resolve("y1.npy").toString());
        // 'same' with stride 2 on 7 cells: one zero each side, windows [0,0,1] [1,2,3] [3,4,5] [5,6,0]
        assertThat(read(dir.resolve("y1.npy")).data()).containsExactly(1f, 6f, 12f, 11f);

        Tensor x3 = Tensor.uniform(4, -1, 1, 1, 2, 5, 4, 6);
        Tensor w3 = Tensor.uniform(5, -1, 1, 3, 2, 3, 3, 3);
        ok("conv", "--input", npy(dir, "x3.npy", x3), "--weight", npy(dir, "w3.npy", w3), "--padding", "causal",
                "--output", dir.resolve("y3.npy").toString());
        assertThat(read(dir.resolve("y3.npy")))
                .isEqualTo(Conv.forward(x3, w3, ConvSpec.defaults().withPadding(Padding.causal())));
    }

    @Test
    void notANumberIsDataNotAnError() {
        Tensor x = Tensor.arange(1, 1, 4, 4);
        x.data()[0] = Float.NaN;
        ok("conv", "--input", npy(dir, "x.npy", x), "--weight", npy(dir, "w.npy", Tensor.full(1f, 1, 1, 2, 2)),
                "--output", dir.resolve("y.npy").toString());
        Tensor y = read(dir.resolve("y.npy"));
        assertThat(y.data()[0]).isNaN();
        assertThat(y.data()[1]).isEqualTo(1 + 2 + 5 + 6);
    }

    @Test
    void aMissingRequiredOptionIsOneLine() {
        String line = fails(args("conv", "--input", "x.npy", "--output", "y.npy"), "--weight",
                "(see 'convkit conv --help')");
        assertThat(line).startsWith("error: missing required option");
    }

    @Test
    void aMissingFileIsNamed() {
        String w = npy(dir, "w.npy", Tensor.full(1f, 1, 1, 3, 3));
        Path missing = dir.resolve("nope.npy");
        String line = fails(args("conv", "--input", missing.toString(), "--weight", w, "--output",
                dir.resolve("y.npy").toString()));
        assertThat(line).isEqualTo("error: cannot read " + missing + ": no such file");
        assertThat(listing(dir)).containsExactly("w.npy");
    }

    @Test
    void aBadNpyFileIsNamedWithWhatIsWrong() throws IOException {
        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "this is not numpy");
        String w = npy(dir, "w.npy", Tensor.full(1f, 1, 1, 3, 3));
        String line = fails(args("conv", "--input", bad.toString(), "--weight", w, "--output",
                dir.resolve("y.npy").toString()), "cannot read " + bad + ": ");
        assertThat(line).doesNotContain(bad + ": " + bad);
        assertThat(listing(dir)).containsExactly("bad.npy", "w.npy");
    }

    @Test
    void mismatchedChannelsNameTheNumbers() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 3, 5, 5));
        String w = npy(dir, "w.npy", Tensor.zeros(2, 4, 3, 3));
        fails(args("conv", "--input", x, "--weight", w, "--output", dir.resolve("y.npy").toString()),
                "the input has 3 channels", "expects 4");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
    }

    @Test
    void aKernelLargerThanTheInputNamesTheNumbers() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 1, 5, 5));
        String w = npy(dir, "w.npy", Tensor.zeros(1, 1, 7, 7));
        fails(args("conv", "--input", x, "--weight", w, "--output", dir.resolve("y.npy").toString()),
                "kernel 7", "spans 7 cells", "the padded input has 5", "padding 1 on each side would make this fit");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
    }

    @Test
    void aBadPaddingWordIsCalledOne() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 1, 5, 5));
        String w = npy(dir, "w.npy", Tensor.zeros(1, 1, 3, 3));
        fails(args("conv", "--input", x, "--weight", w, "--padding", "sme", "--output", dir.resolve("y.npy").toString()),
                "padding 'sme' is not one of valid, same, full, causal");
        fails(args("conv", "--input", x, "--weight", w, "--padding-mode", "mirror", "--output",
                dir.resolve("y.npy").toString()), "--padding-mode 'mirror' is not one of zeros, reflect, replicate, circular");
        fails(args("conv", "--input", x, "--weight", w, "--stride", "2,x", "--output", dir.resolve("y.npy").toString()),
                "stride '2,x': 'x' is not an integer");
        fails(args("conv", "--input", x, "--weight", w, "--stride", "99999999999", "--output",
                dir.resolve("y.npy").toString()), "stride '99999999999': 99999999999 is too large for an integer");
        fails(args("conv", "--input", x, "--weight", w, "--groups", "two", "--output", dir.resolve("y.npy").toString()),
                "--groups");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
    }

    @Test
    void anUnwritableDestinationFailsBeforeAnyWork() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 1, 5, 5));
        String w = npy(dir, "w.npy", Tensor.zeros(1, 1, 3, 3));
        Path y = dir.resolve("no-such-dir").resolve("y.npy");
        fails(args("conv", "--input", x, "--weight", w, "--output", y.toString()), "cannot write " + y,
                "no such directory");
        fails(args("conv", "--input", x, "--weight", w, "--output", dir.toString()), "it is a directory");
    }

    @Test
    void aFailedRunLeavesAnExistingOutputAlone() throws IOException {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 1, 5, 5));
        String w = npy(dir, "w.npy", Tensor.zeros(1, 1, 9, 9));
        Path y = dir.resolve("y.npy");
        Files.writeString(y, "previous result");
        fails(args("conv", "--input", x, "--weight", w, "--output", y.toString()), "kernel 9");
        assertThat(Files.readString(y)).isEqualTo("previous result");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy", "y.npy");
    }

    @Test
    void debugShowsTheStackTrace() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 3, 5, 5));
        String w = npy(dir, "w.npy", Tensor.zeros(2, 4, 3, 3));
        for (String[] a : new String[][] {
            {"conv", "--debug", "--input", x, "--weight", w, "--output", dir.resolve("y.npy").toString()},
            {"--debug", "conv", "--input", x, "--weight", w, "--output", dir.resolve("y.npy").toString()}}) {
            CliRun.Result r = CliRun.run(a);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.errLines().get(0)).startsWith("error: the input has 3 channels");
            assertThat(r.err()).contains("IllegalArgumentException").contains("\tat ");
        }
        CliRun.Result r = CliRun.run("conv", "--debug", "--input", x);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: missing required options").contains("\tat ");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
    }
}
