package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.io.IOException;
import java.nio.file.Path;

import org.convkit.io.Npy;
import org.convkit.io.NpyArray;
import org.convkit.Pool;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolCommandTest {
    @TempDir
    Path dir;

    private static final Tensor FOUR_BY_FOUR = Tensor.of(new float[] {
        1, 3, 2, 1,
        4, 2, 0, 5,
        3, 1, 1, 2,
        0, 6, 4, 3}, 1, 1, 4, 4);

    @Test
    void maxPoolingWithIndicesByHand() throws IOException {
        String x = npy(dir, "x.npy", FOUR_BY_FOUR);
        Path y = dir.resolve("y.npy");
        Path idx = dir.resolve("idx.npy");
        String out = ok("pool", "--input", x, "--kind", "max", "--kernel", "2", "--indices", idx.toString(),
                "--output", y.toString());
        assertThat(out).contains("-> [1, 1, 2, 2]").contains("idx.npy");
        assertThat(read(y).data()).containsExactly(4f, 5f, 6f, 4f);
        NpyArray indices = Npy.readArray(idx);
        assertThat(indices.shape()).containsExactly(1, 1, 2, 2);
        assertThat(indices.toInts()).containsExactly(4, 7, 13, 14);
    }

    @Test
    void averagePoolingOptionsReachTheLibrary() {
        Tensor xt = Tensor.uniform(1, -1, 1, 2, 3, 7, 6);
        Path y = dir.resolve("y.npy");
        ok("pool", "--input", npy(dir, "x.npy", xt), "--kind", "avg", "--kernel", "3,2", "--stride", "2",
                "--padding", "1", "--ceil-mode", "--exclude-padding", "--output", y.toString());
        PoolSpec spec = PoolSpec.avg(3, 2).withStride(2).withPadding(1).withCeilMode(true).withCountIncludePad(false);
        assertThat(read(y)).isEqualTo(Pool.forward(xt, spec));
    }

    @Test
    void dilatedMaxPoolingReachesTheLibrary() {
        Tensor xt = Tensor.uniform(2, -1, 1, 1, 2, 9, 9);
        Path y = dir.resolve("y.npy");
        ok("pool", "--input", npy(dir, "x.npy", xt), "--kind", "max", "--kernel", "3", "--stride", "1",
                "--dilation", "2", "--output", y.toString());
        assertThat(read(y)).isEqualTo(Pool.forward(xt, PoolSpec.max(3).withStride(1).withDilation(2)));
    }

    @Test
    void globalPoolingIsOneValuePerMap() throws IOException {
        Path y = dir.resolve("y.npy");
        String x = npy(dir, "x.npy", FOUR_BY_FOUR);
        ok("pool", "--input", x, "--kind", "avg", "--global", "--output", y.toString());
        Tensor r = read(y);
        assertThat(r.shape()).containsExactly(1, 1, 1, 1);
        assertThat(r.data()).containsExactly(38f / 16);
        Path idx = dir.resolve("idx.npy");
        ok("pool", "--input", x, "--kind", "max", "--global", "--indices", idx.toString(), "--output", y.toString());
        assertThat(read(y).data()).containsExactly(6f);
        assertThat(Npy.readArray(idx).toInts()).containsExactly(13);
    }

    @Test
    void optionMistakesAreOneLine() {
        String x = npy(dir, "x.npy", FOUR_BY_FOUR);
        String y = dir.resolve("y.npy").toString();
        String idx = dir.resolve("idx.npy").toString();
        fails(args("pool", "--input", x, "--kind", "avg", "--kernel", "2", "--indices", idx, "--output", y),
                "--indices needs --kind max", "(see 'convkit pool --help')");
        fails(args("pool", "--input", x, "--kind", "max", "--output", y), "pool needs --kernel K (or --global)");
        fails(args("pool", "--input", x, "--kind", "max", "--global", "--kernel", "2", "--stride", "2", "--output", y),
                "--global pools each whole map; it takes no --kernel, --stride");
        fails(args("pool", "--input", x, "--kind", "median", "--kernel", "2", "--output", y),
                "pooling kind 'median' is not one of max, avg, lp");
        fails(args("pool", "--input", x, "--kernel", "2", "--output", y), "missing required option", "--kind");
        fails(args("pool", "--input", x, "--kind", "avg", "--kernel", "2", "--power", "3", "--output", y),
                "--power 3.0 is for --kind lp, not avg");
        fails(args("pool", "--input", x, "--kind", "lp", "--kernel", "2", "--exclude-padding", "--output", y),
                "--exclude-padding is for averages");
        fails(args("pool", "--input", x, "--kind", "lp", "--kernel", "2", "--power", "0.5", "--output", y),
                "Lp pooling's power p is 0.5 but must be at least 1");
        fails(args("pool", "--input", x, "--kind", "max", "--kernel", "2", "--index-order", "column", "--output", y),
                "--index-order says how --indices counts; give --indices IDX.npy too");
        fails(args("pool", "--input", x, "--kind", "max", "--kernel", "2", "--indices", idx, "--index-scope", "batch",
                "--output", y), "index scope 'batch' is not one of map (PyTorch), tensor (ONNX)");
        assertThat(listing(dir)).containsExactly("x.npy");
    }

    @Test
    void impossibleWindowsNameTheNumbers() {
        String x = npy(dir, "x.npy", FOUR_BY_FOUR);
        String y = dir.resolve("y.npy").toString();
        fails(args("pool", "--input", x, "--kind", "max", "--kernel", "5", "--output", y),
                "pooling window 5", "the padded input has 4", "use a window of at most 4");
        fails(args("pool", "--input", x, "--kind", "max", "--kernel", "2", "--padding", "2", "--output", y),
                "pooling padding 2:2 in spatial dimension 0 (height) is as wide as the window (2 cells)", "use padding of at most 1");
        fails(args("pool", "--input", x, "--kind", "max", "--kernel", "2", "--padding", "nope", "--output", y),
                "padding 'nope' is not one of valid, same, full, causal");
        assertThat(listing(dir)).containsExactly("x.npy");
    }

    @Test
    void missingAndBadFiles() throws IOException {
        Path missing = dir.resolve("missing.npy");
        String y = dir.resolve("y.npy").toString();
        fails(args("pool", "--input", missing.toString(), "--kind", "max", "--kernel", "2", "--output", y),
                "cannot read " + missing + ": no such file");
        Path bad = dir.resolve("bad.npy");
        java.nio.file.Files.write(bad, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 10, 0});
        fails(args("pool", "--input", bad.toString(), "--kind", "max", "--kernel", "2", "--output", y),
                "cannot read " + bad + ": ");
        assertThat(listing(dir)).containsExactly("bad.npy");
    }

    @Test
    void onnxPoolingOptionsReachTheLibrary() {
        Tensor xt = Tensor.uniform(3, -1, 1, 2, 3, 9, 8);
        String x = npy(dir, "x.npy", xt);
        Path y = dir.resolve("y.npy");
        String out = ok("pool", "--input", x, "--kind", "avg", "--kernel", "3,2", "--stride", "1", "--dilation", "2,3",
                "--padding", "2:1,1:0", "--exclude-padding", "--explain", "--output", y.toString());
        PoolSpec spec = PoolSpec.avg(3, 2).withStride(1).withDilation(2, 3)
                .withPadding(org.convkit.spec.Padding.of(new int[] {2, 1}, new int[] {1, 0})).withCountIncludePad(false);
        assertThat(read(y)).isEqualTo(Pool.forward(xt, spec));
        assertThat(out).contains("runs on the direct kernels").contains("floor((9 + 2 + 1 - 2*2 - 1)/1) + 1");
        out = ok("pool", "--input", x, "--kind", "lp", "--power", "3", "--kernel", "2", "--padding", "same-lower",
                "--stride", "1", "--explain", "--output", y.toString());
        assertThat(read(y)).isEqualTo(Pool.forward(xt, PoolSpec.lp(3, 2).withStride(1)
                .withPadding(org.convkit.spec.Padding.sameLower())));
        assertThat(out).contains("the fast direct kernels do not take Lp pooling").contains("the odd cell before");
        ok("pool", "--input", x, "--kind", "lp", "--global", "--output", y.toString());
        assertThat(read(y)).isEqualTo(Pool.globalLp(xt, 2));
        assertThat(ok("pool", "--input", x, "--kind", "max", "--kernel", "2", "--explain", "--output", y.toString()))
                .contains("runs on the direct kernels");
    }

    @Test
    void onnxIndicesAndUnpoolingRoundTrip() throws IOException {
        Tensor xt = Tensor.uniform(4, -1, 1, 2, 3, 6, 4);
        String x = npy(dir, "x.npy", xt);
        Path y = dir.resolve("y.npy");
        Path idx = dir.resolve("idx.npy");
        ok("pool", "--input", x, "--kind", "max", "--kernel", "2", "--indices", idx.toString(), "--index-scope",
                "tensor", "--index-order", "column", "--output", y.toString());
        Pool.MaxResult r = Pool.maxWithIndices(xt, PoolSpec.max(2), org.convkit.spec.IndexLayout.onnx(1),
                org.convkit.ConvOptions.defaults());
        assertThat(Npy.readArray(idx).toInts()).containsExactly(r.indices());
        // the last map's indices count from its start in the whole tensor: 5 maps of 24 cells before it
        assertThat(r.indices()[r.indices().length - 1]).isGreaterThanOrEqualTo(5 * 24);
        Path back = dir.resolve("back.npy");
        String out = ok("unpool", "--input", y.toString(), "--indices", idx.toString(), "--kernel", "2",
                "--index-scope", "tensor", "--index-order", "column", "--output", back.toString());
        assertThat(out).contains("unpool [2, 3, 3, 2] -> [2, 3, 6, 4]");
        Tensor expected = Pool.maxUnpool(r.values(), Pool.maxWithIndices(xt, PoolSpec.max(2)).indices(), null,
                PoolSpec.max(2));
        assertThat(read(back)).isEqualTo(expected);
        ok("unpool", "--input", y.toString(), "--indices", idx.toString(), "--kernel", "2", "--index-scope", "tensor",
                "--index-order", "column", "--output-size", "6,4", "--output", back.toString());
        assertThat(read(back)).isEqualTo(expected);
        // PyTorch's layout counts within each map, so a larger output only moves where the cells land
        Path mapIdx = dir.resolve("map.npy");
        ok("pool", "--input", x, "--kind", "max", "--kernel", "2", "--indices", mapIdx.toString(), "--output", y.toString());
        ok("unpool", "--input", y.toString(), "--indices", mapIdx.toString(), "--kernel", "2", "--output-size", "7,5",
                "--output", back.toString());
        assertThat(read(back).shape()).containsExactly(2, 3, 7, 5);
    }

    @Test
    void unpoolingMistakesAreOneLine() throws IOException {
        Tensor xt = Tensor.uniform(5, -1, 1, 1, 2, 4, 4);
        String x = npy(dir, "x.npy", xt);
        Path y = dir.resolve("y.npy");
        Path idx = dir.resolve("idx.npy");
        ok("pool", "--input", x, "--kind", "max", "--kernel", "2", "--indices", idx.toString(), "--output", y.toString());
        String out = dir.resolve("out.npy").toString();
        fails(args("unpool", "--input", y.toString(), "--indices", idx.toString(), "--kernel", "2", "--index-scope",
                "tensor", "--output", out), "max-unpooling index", "is outside its map, which holds indices 16 to 31");
        fails(args("unpool", "--input", x, "--indices", idx.toString(), "--kernel", "2", "--output", out),
                "--indices " + idx + " has shape [1, 2, 2, 2] but --input " + x + " has [1, 2, 4, 4]");
        fails(args("unpool", "--input", y.toString(), "--indices", x, "--kernel", "2", "--output", out),
                "cannot read " + x);
        fails(args("unpool", "--input", y.toString(), "--indices", idx.toString(), "--kernel", "2", "--dilation", "2",
                "--output", out), "unknown options: '--dilation'");
        fails(args("unpool", "--input", y.toString(), "--indices", idx.toString(), "--kernel", "2", "--padding", "same",
                "--output", out), "unpool --padding takes numbers, not 'same'");
        assertThat(listing(dir)).containsExactly("idx.npy", "x.npy", "y.npy");
    }
}
