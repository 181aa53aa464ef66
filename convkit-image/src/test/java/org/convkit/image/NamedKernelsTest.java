package org.convkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.convkit.io.Npy;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamedKernelsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "identity, 3, 3, 1", "box:1, 1, 1, 1", "box:4, 4, 4, 1", "gaussian:0.5, 5, 5, 1", "gaussian:1, 7, 7, 1",
        "gaussian:1.5, 11, 11, 1", "sobel-x, 3, 3, 0", "sobel-y, 3, 3, 0", "scharr, 3, 3, 0", "scharr-x, 3, 3, 0",
        "scharr-y, 3, 3, 0", "laplacian, 3, 3, 0", "sharpen, 3, 3, 1", "emboss, 3, 3, 1", "motion:1:0, 1, 1, 1",
        "motion:5:0, 5, 5, 1", "motion:4:0, 5, 5, 1", "motion:9:30, 9, 9, 1", "motion:9:90, 9, 9, 1", "MOTION:7:-45, 5, 5, 1",
    })
    void shapesAndSums(String name, int h, int w, double sum) {
        Kernel k = NamedKernels.named(name);
        assertThat(k.weights().shape()).containsExactly(h, w);
        assertThat(k.sum()).isCloseTo(sum, within(1e-6));
        assertThat(k.display()).isEqualTo(sum == 0 ? Display.ABS : Display.CLAMP);
    }

    @Test
    void sobelAndScharrHaveTheirTextbookValues() {
        assertThat(NamedKernels.named("sobel-x").weights().data()).containsExactly(-1, 0, 1, -2, 0, 2, -1, 0, 1);
        assertThat(NamedKernels.named("sobel-y").weights().data()).containsExactly(-1, -2, -1, 0, 0, 0, 1, 2, 1);
        assertThat(NamedKernels.named("scharr-x").weights().data()).containsExactly(-3, 0, 3, -10, 0, 10, -3, 0, 3);
        assertThat(NamedKernels.named("scharr-y").weights().data()).containsExactly(-3, -10, -3, 0, 0, 0, 3, 10, 3);
        assertThat(NamedKernels.named("laplacian").weights().data()).containsExactly(0, 1, 0, 1, -4, 1, 0, 1, 0);
    }

    @Test
    void sobelXOnARampIsEightTimesTheSlope() {
        // x[i, j] = 3 j brightens rightwards: sobel-x = (1 + 2 + 1) * (x[j+1] - x[j-1]) = 4 * 6 = 24; sobel-y = 0
        Tensor ramp = Tensor.zeros(1, 6, 7);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 7; j++) {
                ramp.set(3f * j, 0, i, j);
            }
        }
        Tensor gx = ImageFilter.apply(ramp, NamedKernels.named("sobel-x"), PaddingMode.REPLICATE);
        Tensor gy = ImageFilter.apply(ramp, NamedKernels.named("sobel-y"), PaddingMode.REPLICATE);
        for (int i = 0; i < 6; i++) {
            for (int j = 1; j < 6; j++) {
                assertThat(gx.get(0, i, j)).isEqualTo(24f);
            }
            // replicate repeats the edge column, so the edge sees half the step
            assertThat(gx.get(0, i, 0)).isEqualTo(12f);
            for (int j = 0; j < 7; j++) {
                assertThat(gy.get(0, i, j)).isEqualTo(0f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.8, 1, 2.5, 4})
    void gaussianIsNormalizedSymmetricAndPeaksInTheCentre(double sigma) {
        Tensor g = NamedKernels.gaussian(sigma);
        int n = g.size(0);
        int r = (int) Math.ceil(3 * sigma);
        assertThat(n).isEqualTo(2 * r + 1);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float w = g.get(i, j);
                sum += w;
                assertThat(w).isEqualTo(g.get(j, i)).isEqualTo(g.get(n - 1 - i, j)).isEqualTo(g.get(i, n - 1 - j));
                assertThat(w).isLessThanOrEqualTo(g.get(r, r)).isPositive();
                // the ratio to the centre is the Gaussian's own: exp(-(di^2 + dj^2) / (2 sigma^2))
                double expected = Math.exp(-((i - r) * (i - r) + (j - r) * (j - r)) / (2 * sigma * sigma));
                assertThat((double) w / g.get(r, r)).isCloseTo(expected, within(1e-6));
            }
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
    }

    @Test
    void motionAtZeroDegreesIsAHorizontalLine() {
        Tensor m = NamedKernels.motion(5, 0);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(m.get(i, j)).isEqualTo(i == 2 ? 0.2f : 0f);
            }
        }
        assertThat(NamedKernels.motion(5, 180)).isEqualTo(m);
        // an even length ends in two half weights
        assertThat(NamedKernels.motion(4, 0).data()).containsSubsequence(0.125f, 0.25f, 0.25f, 0.25f, 0.125f);
        Tensor v = NamedKernels.motion(5, 90);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(v.get(i, j)).isCloseTo(j == 2 ? 0.2f : 0f, within(1e-7f));
            }
        }
    }

    @Test
    void motionAtFortyFiveDegreesRisesToTheRightOnScreen() {
        Tensor m = NamedKernels.motion(5, 45);
        int n = m.size(0);
        assertThat(n).isEqualTo(5);
        // counterclockwise with rows growing downwards: bottom-left to top-right
        assertThat(m.get(0, n - 1)).isPositive();
        assertThat(m.get(n - 1, 0)).isPositive();
        assertThat(m.get(0, 0)).isZero();
        assertThat(m.get(n - 1, n - 1)).isZero();
        // the diagonal pixels the segment crosses fully hold sqrt 2 of its length, the end pixels less
        assertThat(m.get(2, 2)).isEqualTo(m.get(1, 3)).isGreaterThan(m.get(0, 4));
        // symmetric through the centre, as every line through it is
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(m.get(i, j)).isEqualTo(m.get(n - 1 - i, n - 1 - j));
            }
        }
        assertThat(NamedKernels.motion(5, -45)).isEqualTo(NamedKernels.motion(5, 135));
    }

    @Test
    void kernelsFromNpyFiles() throws IOException {
        Path p = dir.resolve("k.npy");
        Npy.write(p, Tensor.of(new float[] {1, -1, 2, -2, 0, 0}, 2, 3));
        Kernel k = NamedKernels.parse(p.toString());
        assertThat(k.weights().shape()).containsExactly(2, 3);
        assertThat(k.display()).isEqualTo(Display.ABS);
        assertThat(k.name()).isEqualTo("k.npy");
        Path q = dir.resolve("k3.npy");
        Npy.write(q, Tensor.zeros(1, 3, 3));
        assertThatThrownBy(() -> NamedKernels.parse(q.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 3, 3]").hasMessageContaining("2-D");
        assertThatThrownBy(() -> NamedKernels.parse(dir.resolve("none.npy").toString()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "blur| unknown kernel 'blur': use identity | box:N",
        "sobel-x:3| unknown kernel 'sobel-x:3'",
        "box| should be written box:N",
        "box:0| N in box:N must be from 1 to 1025, got 0",
        "box:two| N in box:N must be a whole number from 1 to 1025, got 'two'",
        "gaussian:-1| SIGMA must be > 0 and at most 170.7",
        "gaussian:0| SIGMA must be > 0",
        "gaussian:1000| got 1000",
        "gaussian:wide| SIGMA in gaussian:SIGMA must be a finite number, got 'wide'",
        "gaussian:nan| must be a finite number",
        "motion:5| should be written motion:LEN:ANGLE",
        "motion:5:up| ANGLE in motion:LEN:ANGLE must be a finite number, got 'up'",
        "motion:0:10| LEN in motion:LEN:ANGLE must be from 1 to 1025, got 0",
    })
    void errorsNameTheGrammar(String spec, String fragment) {
        assertThatThrownBy(() -> NamedKernels.named(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(fragment).hasMessageContaining(spec.trim());
    }

    @Test
    void everyListedNameParses() {
        for (String name : NamedKernels.names()) {
            String concrete = name.replace("SIGMA", "1").replace("LEN", "5").replace("ANGLE", "10").replace(":N", ":3");
            assertThat(NamedKernels.named(concrete).weights().rank()).isEqualTo(2);
            assertThat(NamedKernels.GRAMMAR).contains(name);
        }
    }
}
