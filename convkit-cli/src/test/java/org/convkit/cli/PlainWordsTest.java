package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;

import java.nio.file.Path;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --explain and errors speak in sentences first; the technical terms may follow. */
class PlainWordsTest {
    @TempDir
    Path dir;

    @Test
    void explainSaysWhatIsComputedAndWhyAnAlgorithmCannot() {
        String x = npy(dir, "x.npy", Tensor.uniform(1, 0, 1, 1, 3, 7, 7));
        String w = npy(dir, "w.npy", Tensor.uniform(2, -1, 1, 3, 3, 3, 3));
        String out = ok("conv", "-i", x, "-w", w, "--explain", "--threads", "2", "-o", dir.resolve("y.npy").toString());
        assertThat(out).contains("pointwise  cannot: it computes 1x1 kernels only, and this one is 3x3");
        assertThat(out).startsWith("A convolution (its gather pass: each output sums its window) from 7x7 to 5x5, "
                + "2 threads; kernels: ").doesNotContain("gather of conv");
        assertThat(out).contains("separable  cannot: the kernel does not split into a column times a row: its slice "
                + "[0, 0] (weight[0][0]) differs from the nearest such product by up to ").contains("float32 rounding steps, "
                + "where 16 are allowed (not rank 1: ");
        // the Laplacian's corners are 0, which the nearest product is not
        ok("testimage", dir.resolve("t.png").toString(), "--size", "16");
        assertThat(ok("filter", dir.resolve("t.png").toString(), "-k", "laplacian", "--explain"))
                .contains("its slice [0, 0] (weight[0][0]) has a 0 where the nearest such product has not (not rank 1: "
                        + "the outer product of its lines through the largest element misses by Infinity ulps")
                .doesNotContain("Infinity float32");
        String t = npy(dir, "t.npy", Tensor.uniform(3, -1, 1, 3, 1, 3, 3));
        assertThat(ok("convt", "-i", x, "-w", t, "--explain", "--threads", "1", "-o", dir.resolve("z.npy").toString()))
                .startsWith("A transposed convolution (its scatter pass: each input adds into the outputs its window "
                        + "feeds) from 7x7 to 9x9, 1 thread; ");
    }

    @Test
    void anAnimationTooLongSaysSoInWords() {
        fails(args("animate", "--input", "25,25", "--kernel", "3", "--output", dir.resolve("a.gif").toString()),
                "the animation would have 529 frames, one for each output cell (1 output map of 529 cells), more than "
                        + "the limit of 400; use a smaller input, a larger stride or fewer filters");
    }
}
