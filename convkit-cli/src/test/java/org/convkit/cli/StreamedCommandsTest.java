package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.nio.file.Path;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tile}: every streamed command writes what the in-memory one writes. */
class StreamedCommandsTest {
    @TempDir
    Path dir;

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void streamedConvolutionIsBitwiseTheInMemoryOne() {
        String x = npy(dir, "x.npy", Tensor.uniform(1, -1, 1, 2, 3, 41, 37));
        String w = npy(dir, "w.npy", Tensor.uniform(2, -1, 1, 4, 3, 3, 3));
        String b = npy(dir, "b.npy", Tensor.uniform(3, -1, 1, 4));
        String[] common = {"conv", "--input", x, "--weight", w, "--bias", b, "--stride", "2", "--dilation", "2",
            "--padding", "same", "--padding-mode", "reflect"};
        ok(concat(common, "--output", path("memory.npy")));
        String line = ok(concat(common, "--tile", "6,9", "--threads", "2", "--output", path("tiled.npy")));
        assertThat(line).contains("-> [2, 4, 21, 19] in 12 tiles of 6x9, streamed at").contains("MB/s");
        assertThat(read(dir.resolve("tiled.npy")).data()).isEqualTo(read(dir.resolve("memory.npy")).data());
        ok(concat(common, "--tile", "auto", "--output", path("auto.npy")));
        assertThat(read(dir.resolve("auto.npy")).data()).isEqualTo(read(dir.resolve("memory.npy")).data());
    }

    @Test
    void streamedTransposedConvolutionIsBitwiseTheInMemoryOne() {
        String x = npy(dir, "x.npy", Tensor.uniform(1, -1, 1, 3, 17, 22));
        String w = npy(dir, "w.npy", Tensor.uniform(2, -1, 1, 3, 2, 3, 3));
        String[] common = {"convt", "--input", x, "--weight", w, "--stride", "2", "--output-padding", "1",
            "--padding", "1", "--algorithm", "reference"};
        ok(concat(common, "--output", path("memory.npy")));
        ok(concat(common, "--tile", "5", "--output", path("tiled.npy")));
        assertThat(read(dir.resolve("tiled.npy")).data()).isEqualTo(read(dir.resolve("memory.npy")).data());
    }

    @Test
    void streamedPoolingIsBitwiseTheInMemoryOne() {
        String x = npy(dir, "x.npy", Tensor.uniform(1, -1, 1, 2, 2, 9, 30, 31));
        String[] common = {"pool", "--input", x, "--kind", "max", "--kernel", "3", "--stride", "2", "--padding", "1",
            "--ceil-mode"};
        ok(concat(common, "--output", path("memory.npy")));
        ok(concat(common, "--tile", "4", "--output", path("tiled.npy")));
        assertThat(read(dir.resolve("tiled.npy")).data()).isEqualTo(read(dir.resolve("memory.npy")).data());
    }

    @Test
    void streamedDeconvolutionIsCloseToTheInMemoryOne() {
        float[] v = new float[96 * 80];
        java.util.Random noise = new java.util.Random(4);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1 + Math.sin(i / 80 / 5.0) * Math.cos(i % 80 / 7.0) + ((i / 80) % 20 < 6 ? 0.5 : 0)
                    + 0.05 * noise.nextGaussian());
        }
        Tensor y = Tensor.of(v, 96, 80);
        String in = npy(dir, "y.npy", y);
        // a Gaussian blur (the case the default margin was measured on; a box blur's spectral zeros
        // make the inverse filter reach further: see docs/scale.md)
        float[] g = new float[49];
        float sum = 0;
        for (int i = 0; i < 49; i++) {
            g[i] = (float) Math.exp(-((i / 7 - 3) * (i / 7 - 3) + (i % 7 - 3) * (i % 7 - 3)) / (2 * 1.2 * 1.2));
            sum += g[i];
        }
        for (int i = 0; i < 49; i++) {
            g[i] /= sum;
        }
        String psf = npy(dir, "psf.npy", Tensor.of(g, 7, 7));
        for (String method : new String[] {"wiener", "richardson-lucy"}) {
            String[] common = {"deconv", "--method", method, "--input", in, "--psf", psf};
            ok(concat(common, "--output", path(method + "-memory.npy")));
            String line = ok(concat(common, "--tile", "32", "--output", path(method + "-tiled.npy")));
            assertThat(line).contains("in 9 tiles of 32x32");
            if (method.equals("wiener")) {
                assertThat(line).contains("(estimated on the central tile)");
            }
            Tensor memory = read(dir.resolve(method + "-memory.npy"));
            Tensor tiled = read(dir.resolve(method + "-tiled.npy"));
            assertThat(tiled.shape()).isEqualTo(memory.shape());
            double rms = 0;
            double scale = 0;
            for (int i = 0; i < memory.numel(); i++) {
                rms += Math.pow(tiled.data()[i] - memory.data()[i], 2);
                scale += Math.pow(memory.data()[i], 2);
            }
            assertThat(Math.sqrt(rms / scale)).as(method).isLessThan(0.05);
        }
    }

    @Test
    void badTileOptionsAreOneLineErrors() {
        String x = npy(dir, "x.npy", Tensor.uniform(1, -1, 1, 1, 8, 8));
        String w = npy(dir, "w.npy", Tensor.uniform(2, -1, 1, 1, 1, 3, 3));
        fails(args("conv", "--input", x, "--weight", w, "--tile", "0", "--output", path("y.npy")),
                "tile size must be at least 1");
        fails(args("conv", "--input", x, "--weight", w, "--tile", "4,4,4", "--output", path("y.npy")),
                "tile size [4, 4, 4] gives 3 values but the array has 2 spatial dimensions");
        fails(args("pool", "--input", x, "--kind", "max", "--kernel", "2", "--indices", path("i.npy"), "--tile", "4",
                "--output", path("y.npy")), "--tile cannot be combined with --indices");
        fails(args("deconv", "--method", "least-squares", "--input", x, "--weight", w, "--tile", "4",
                "--output", path("y.npy")), "--tile does not apply to --method least-squares");
        assertThat(dir.resolve("y.npy")).doesNotExist();
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
