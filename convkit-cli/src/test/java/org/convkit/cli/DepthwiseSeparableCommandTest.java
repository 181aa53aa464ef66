package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.nio.file.Files;
import java.nio.file.Path;

import org.convkit.DepthwiseSeparable;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthwiseSeparableCommandTest {
    @TempDir
    Path dir;

    @Test
    void theGuidesExampleWithItsAccount() {
        Tensor x = Tensor.uniform(1, -1, 1, 1, 3, 7, 7);
        Tensor dw = Tensor.uniform(2, -1, 1, 3, 1, 3, 3);
        Tensor pw = Tensor.uniform(3, -1, 1, 128, 3, 1, 1);
        Path y = dir.resolve("y.npy");
        String out = ok("dwsep", "--input", npy(dir, "x.npy", x), "--depthwise", npy(dir, "dw.npy", dw),
                "--pointwise", npy(dir, "pw.npy", pw), "--output", y.toString());
        assertThat(out).contains("dwsep [1, 3, 7, 7] -> [1, 128, 5, 5], written to")
                .contains("weights: 411 (depthwise 27 + pointwise 384) against 3,456 for the standard convolution (0.119)")
                .contains("multiply-adds: 10,275 (675 + 9,600) against 86,400 (0.119)");
        assertThat(read(y).data()).containsExactly(
                DepthwiseSeparable.forward(x, dw, null, pw, null, ConvSpec.defaults()).data());
    }

    @Test
    void everyOptionReachesTheLibrary() {
        Tensor x = Tensor.uniform(1, -1, 1, 2, 2, 9, 8);
        Tensor dw = Tensor.uniform(2, -1, 1, 4, 1, 3, 2);
        Tensor db = Tensor.uniform(3, -1, 1, 4);
        Tensor pw = Tensor.uniform(4, -1, 1, 5, 4, 1, 1);
        Tensor pb = Tensor.uniform(5, -1, 1, 5);
        Path y = dir.resolve("y.npy");
        ok("dwsep", "--input", npy(dir, "x.npy", x), "--depthwise", npy(dir, "dw.npy", dw), "--depthwise-bias",
                npy(dir, "db.npy", db), "--pointwise", npy(dir, "pw.npy", pw), "--pointwise-bias", npy(dir, "pb.npy", pb),
                "--stride", "2,1", "--padding", "1:2,0", "--dilation", "1,2", "--padding-mode", "reflect", "--flip",
                "--threads", "2", "--output", y.toString());
        ConvSpec s = ConvSpec.defaults().withStride(2, 1).withPadding(org.convkit.spec.Padding.parse("1:2,0"))
                .withDilation(1, 2).withPaddingMode(PaddingMode.REFLECT).withFlip(true);
        assertThat(read(y).data()).containsExactly(DepthwiseSeparable.forward(x, dw, db, pw, pb, s).data());
    }

    @Test
    void badWeightsFailBeforeWritingAnything() {
        String x = npy(dir, "x.npy", Tensor.zeros(1, 3, 7, 7));
        String pw = npy(dir, "pw.npy", Tensor.zeros(8, 3, 1, 1));
        Path y = dir.resolve("y.npy");
        fails(args("dwsep", "--input", x, "--depthwise", npy(dir, "bad.npy", Tensor.zeros(3, 3, 3, 3)), "--pointwise", pw,
                "--output", y.toString()), "depthwise weight has shape [3, 3, 3, 3]", "(C*M, 1, k...)");
        fails(args("dwsep", "--input", x, "--depthwise", npy(dir, "dw.npy", Tensor.zeros(3, 1, 3, 3)), "--pointwise",
                npy(dir, "pw3.npy", Tensor.zeros(8, 3, 3, 3)), "--output", y.toString()), "(8, 3, 1, 1)");
        fails(args("dwsep", "--input", x, "--depthwise", dir.resolve("dw.npy").toString(), "--pointwise", pw,
                "--output", dir.resolve("no/such/y.npy").toString()), "cannot write", "no such directory");
        fails(args("dwsep", "--input", x, "--pointwise", pw, "--output", y.toString()), "--depthwise");
        assertThat(Files.exists(y)).isFalse();
    }
}
