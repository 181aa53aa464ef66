package org.convkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convkit.io.Npy;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The border modes and the even-kernel anchor against PyTorch (F.pad + conv2d) and, for odd kernels,
 * SciPy's ndimage.correlate under its own mode names, so the names the docs map to are checked, not
 * just stated. Fixtures from {@code src/test/python/make_filter_fixtures.py}.
 */
class ImageFilterFixturesTest {
    private static final String[] KERNELS = {"k3x3", "k5x3", "k4x2"};

    @Test
    void everyBorderMatchesPyTorchAndScipy() throws Exception {
        Tensor x = fixture("x");
        int compared = 0;
        for (String name : KERNELS) {
            Tensor k = fixture(name);
            double sumAbs = 0;
            for (float w : k.data()) {
                sumAbs += Math.abs(w);
            }
            // inputs in [0, 1]: |y| <= sum |k|; float32 accumulation and the fixture's own rounding stay far below
            double tolerance = 1e-6 * sumAbs;
            for (PaddingMode mode : PaddingMode.values()) {
                Tensor y = ImageFilter.apply(x, k, mode);
                for (String source : new String[] {"torch", "scipy"}) {
                    Path p = path(source + "_" + name + "_" + mode);
                    if (p == null) {
                        assertThat(source + name).as("only SciPy skips the even kernel").isEqualTo("scipyk4x2");
                        continue;
                    }
                    assertThat(y.maxAbsDiff(Npy.read(p))).as("%s %s %s", source, name, mode).isLessThanOrEqualTo(tolerance);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(3 * 4 + 2 * 4);
    }

    private static Tensor fixture(String name) throws IOException, URISyntaxException {
        Path p = path(name);
        assertThat(p).as("fixture %s", name).isNotNull();
        return Npy.read(p);
    }

    private static Path path(String name) throws URISyntaxException {
        URL url = ImageFilterFixturesTest.class.getResource("/filter/" + name + ".npy");
        if (url == null) {
            return null;
        }
        Path p = Path.of(url.toURI());
        return Files.isRegularFile(p) ? p : null;
    }
}
