package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;

import java.util.List;
import java.util.Map;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeparateCommandTest {
    @TempDir
    java.nio.file.Path dir;

    private static final Tensor SOBEL = Tensor.of(new float[] {1, 0, -1, 2, 0, -2, 1, 0, -1}, 3, 3);

    @Test
    void sobelAsJsonHasExactlyTheDocumentedShape() {
        String k = npy(dir, "sobel.npy", SOBEL);
        String out = ok("separate", "--kernel", k, "--json").strip();
        assertThat(out).isEqualTo("{\"rank\": 1, \"separable\": true, \"factors\": [{\"column\": [1, 2, 1], "
                + "\"row\": [1, 0, -1]}], \"params\": {\"full\": 9, \"separable\": 6}, \"max_error\": 0.0}");
    }

    @Test
    void sobelAsText() {
        String out = ok("separate", "--kernel", npy(dir, "sobel.npy", SOBEL));
        assertThat(out).startsWith("kernel 3x3: rank 1, separable (tolerance 3.58e-07 of the largest singular value)")
                .contains("term 1:  column [1, 2, 1]  row [1, 0, -1]")
                .contains("parameters and multiplies per output: 9 full, 6 as 2 1-D passes (0.67)")
                .contains("largest error of the rebuilt kernel: 0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRankTwoKernelGivesTwoPairsThatRebuildIt() {
        // [1,2,1]^T [1,0,-1] + [1,-1,0]^T [0,1,1]
        float[] k = {1, 1, 0, 2, -1, -3, 1, 0, -1};
        String out = ok("separate", "--kernel", npy(dir, "k.npy", Tensor.of(k, 3, 3)), "--json");
        Map<String, Object> j = (Map<String, Object>) JsonReader.parse(out.strip());
        assertThat(j.keySet()).containsExactly("rank", "separable", "factors", "params", "max_error");
        assertThat(j.get("rank")).isEqualTo(2L);
        assertThat(j.get("separable")).isEqualTo(false);
        List<Map<String, List<Number>>> factors = (List<Map<String, List<Number>>>) j.get("factors");
        assertThat(factors).hasSize(2);
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 3; c++) {
                double v = 0;
                for (Map<String, List<Number>> f : factors) {
                    v += f.get("column").get(i).doubleValue() * f.get("row").get(c).doubleValue();
                }
                // the factors print rounded to float32
                assertThat(v).isCloseTo(k[i * 3 + c], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        assertThat(j.get("params")).isEqualTo(Map.of("full", 9L, "separable", 12L));
        assertThat(((Number) j.get("max_error")).doubleValue()).isLessThan(1e-12);
        // a tolerance above the second singular value's share keeps one pair, and says how far off it is
        Map<String, Object> one = (Map<String, Object>) JsonReader.parse(ok("separate", "--kernel",
                dir.resolve("k.npy").toString(), "--tolerance", "0.9", "--json").strip());
        assertThat(one.get("rank")).isEqualTo(1L);
        assertThat(((Number) one.get("max_error")).doubleValue()).isGreaterThan(0.1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void threeDimensionalRankOneGivesDepthColumnAndRow() {
        float[] k = new float[2 * 3 * 3];
        float[] a = {1, 2};
        float[] b = {1, 2, 1};
        float[] c = {1, 0, -1};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < 3; l++) {
                    k[(i * 3 + j) * 3 + l] = a[i] * b[j] * c[l];
                }
            }
        }
        String out = ok("separate", "--kernel", npy(dir, "k3.npy", Tensor.of(k, 2, 3, 3)), "--json").strip();
        assertThat(out).isEqualTo("{\"rank\": 1, \"separable\": true, \"factors\": [{\"depth\": [1, 2], "
                + "\"column\": [1, 2, 1], \"row\": [1, 0, -1]}], \"params\": {\"full\": 18, \"separable\": 8}, "
                + "\"max_error\": 0.0}");
        assertThat(ok("separate", "--kernel", dir.resolve("k3.npy").toString()))
                .startsWith("kernel 2x3x3: rank 1, separable").contains("singular values of the depth unfolding")
                .contains("depth [1, 2]");
        Map<String, Object> random = (Map<String, Object>) JsonReader.parse(ok("separate", "--kernel",
                npy(dir, "r3.npy", Tensor.uniform(3, -1, 1, 3, 3, 3)), "--json").strip());
        assertThat(random.get("separable")).isEqualTo(false);
        assertThat((Long) random.get("rank")).isGreaterThan(1L);
    }

    @Test
    void aFloatGaussianComesBackAsItsBinomialFactorsInFloat() {
        float[] g = {1, 4, 6, 4, 1};
        float[] k = new float[25];
        for (int i = 0; i < 25; i++) {
            k[i] = g[i / 5] * g[i % 5] / 256f;
        }
        assertThat(ok("separate", "--kernel", npy(dir, "g.npy", Tensor.of(k, 5, 5)), "--json"))
                .contains("\"factors\": [{\"column\": [0.0625, 0.25, 0.375, 0.25, 0.0625], "
                        + "\"row\": [0.0625, 0.25, 0.375, 0.25, 0.0625]}]");
    }

    @Test
    void randomKernelsHaveFullRank() {
        String out = ok("separate", "--kernel", npy(dir, "r.npy", Tensor.uniform(7, -1, 1, 4, 6)));
        assertThat(out).startsWith("kernel 4x6: rank 4, not separable").contains("term 4:")
                .containsPattern("best rank-r approximations, largest error: r=1 [0-9.e-]+, r=2 [0-9.e-]+, r=3 [0-9.e-]+\n")
                .contains("24 full, 40 as 8 1-D passes (1.67)");
    }

    @Test
    void errorsAreOneLineNamingTheProblem() {
        fails(args("separate", "--kernel", npy(dir, "v.npy", Tensor.zeros(3))), "v.npy", "shape [3] (1-D)",
                "2-D (k1, k2) or 3-D (k0, k1, k2)");
        fails(args("separate", "--kernel", npy(dir, "w.npy", Tensor.zeros(1, 1, 3, 3))), "shape [1, 1, 3, 3] (4-D)");
        fails(args("separate", "--kernel", npy(dir, "e.npy", Tensor.zeros(0, 3))), "e.npy", "empty");
        String s = npy(dir, "s.npy", SOBEL);
        fails(args("separate", "--kernel", s, "--tolerance", "-1"), "tolerance -1.0 must be a finite number >= 0");
        fails(args("separate", "--kernel", s, "--tolerance", "abc"), "--tolerance");
        fails(args("separate", "--kernel", dir.resolve("missing.npy").toString()), "cannot read", "no such file");
        fails(args("separate"), "--kernel");
        Tensor nan = SOBEL.copy();
        nan.data()[4] = Float.NaN;
        fails(args("separate", "--kernel", npy(dir, "nan.npy", nan)), "kernel element [1, 1] is NaN");
    }

    @Test
    void listedInTheHelp() {
        assertThat(ok("--help")).contains("separate");
        assertThat(ok("separate", "--help")).contains("--tolerance").contains("\"depth\": [...]");
    }
}
