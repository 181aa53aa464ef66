package org.convkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Structure, not pixels: the text's pixels depend on the machine's fonts and the antialiasing on
 * the JDK's rasterizer, so what is checked is what the drawing promises at each place.
 */
class TestImageTest {
    @Test
    void deterministicAndInRange() {
        Tensor a = TestImage.rgb(128);
        assertThat(TestImage.rgb(128)).isEqualTo(a);
        assertThat(a.shape()).containsExactly(3, 128, 128);
        for (float v : a.data()) {
            assertThat(v).isBetween(0f, 1f);
            assertThat(Math.round(v * 255) / 255f).isEqualTo(v);
        }
        Tensor g = TestImage.grey(128);
        assertThat(g.shape()).containsExactly(1, 128, 128);
        assertThat(g).isEqualTo(TestImage.luma(a));
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 512})
    void theStarHasInkAndPaperAndSharpSpokesAwayFromItsCentre(int size) {
        Tensor g = TestImage.grey(size);
        double s = size / TestImage.GRID;
        // around a circle at 3/4 of the radius the sectors alternate: count the black/white changes
        int changes = 0;
        boolean previous = false;
        int samples = 720;
        for (int i = 0; i <= samples; i++) {
            double a = 2 * Math.PI * (i + 0.5) / samples;
            double r = 0.75 * TestImage.STAR_R;
            int x = (int) ((TestImage.STAR_X + r * Math.cos(a)) * s);
            int y = (int) ((TestImage.STAR_Y - r * Math.sin(a)) * s);
            boolean dark = at(g, 0, y, x) < 0.5f;
            if (i > 0 && dark != previous) {
                changes++;
            }
            previous = dark;
        }
        assertThat(changes).isEqualTo(TestImage.STAR_SECTORS);
    }

    @Test
    void barsAlternateWithTheirOwnWidth() {
        Tensor g = TestImage.grey(256);
        for (int i = 0; i < TestImage.BAR_WIDTHS.length; i++) {
            int b = TestImage.BAR_WIDTHS[i];
            int x0 = (int) TestImage.BARS_X + (i % 2) * 62;
            int y = (int) TestImage.BARS_Y + (i / 2) * 58 + 12;
            StringBuilder row = new StringBuilder();
            for (int x = x0 - 1; x < x0 + 5 * b + 1; x++) {
                row.append(at(g, 0, y, x) < 0.5f ? '#' : '.');
            }
            String bar = "#".repeat(b);
            String gap = ".".repeat(b);
            assertThat(row.toString()).as("bar group %d", i).isEqualTo("." + bar + gap + bar + gap + bar + ".");
        }
    }

    @Test
    void rampsRiseFromBlackToWhite() {
        Tensor g = TestImage.grey(256);
        int smooth = (int) TestImage.RAMP_Y + 5;
        int steps = (int) TestImage.STEPS_Y + 5;
        assertThat(at(g, 0, smooth, 0)).isLessThan(0.01f);
        assertThat(at(g, 0, smooth, 255)).isGreaterThan(0.99f);
        for (int x = 1; x < 256; x++) {
            assertThat(at(g, 0, smooth, x)).isGreaterThanOrEqualTo(at(g, 0, smooth, x - 1));
            assertThat(at(g, 0, steps, x)).isGreaterThanOrEqualTo(at(g, 0, steps, x - 1));
        }
        for (int k = 0; k < TestImage.STEPS; k++) {
            assertThat(at(g, 0, steps, k * 16 + 8)).isEqualTo(Math.round(255f * k / 15) / 255f);
        }
    }

    @Test
    void shapesHaveTheirColoursAndTheTextHasInk() {
        Tensor c = TestImage.rgb(256);
        // centre of the red disc, of the green triangle, of the yellow diamond; the blue frame's top edge
        assertThat(rgb(c, 158, 30)).containsExactly(230 / 255f, 38 / 255f, 26 / 255f);
        assertThat(rgb(c, 166, 86)).containsExactly(51 / 255f, 191 / 255f, 64 / 255f);
        assertThat(rgb(c, 205, 90)).containsExactly(242 / 255f, 204 / 255f, 26 / 255f);
        assertThat(rgb(c, 192, 35)).containsExactly(26 / 255f, 51 / 255f, 204 / 255f);
        int ink = 0;
        for (int y = (int) TestImage.TEXT_Y; y < 224; y++) {
            for (int x = (int) TestImage.TEXT_X; x < 256; x++) {
                ink += at(c, 0, y, x) < 0.5f ? 1 : 0;
            }
        }
        assertThat(ink).as("dark pixels in the text area").isGreaterThan(300);
    }

    @Test
    void anySizeWithinLimits() {
        assertThat(TestImage.rgb()).isEqualTo(TestImage.rgb(TestImage.DEFAULT_SIZE));
        assertThat(TestImage.grey().shape()).containsExactly(1, 256, 256);
        assertThat(TestImage.render(1, 1, true).shape()).containsExactly(3, 1, 1);
        assertThat(TestImage.render(300, 17, false).shape()).containsExactly(1, 17, 300);
        assertThatThrownBy(() -> TestImage.grey(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width is 0").hasMessageContaining("1..16384");
    }

    private static float at(Tensor t, int c, int y, int x) {
        return t.get(c, y, x);
    }

    private static float[] rgb(Tensor t, int y, int x) {
        return new float[] {t.get(0, y, x), t.get(1, y, x), t.get(2, y, x)};
    }
}
