package org.convkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The guide's worked examples, checked by hand. */
class GuideExamplesTest {

    @Test
    void sevenBySevenByThreeWithTwoFiltersStrideTwoGivesThreeByThreeByTwo() {
        Tensor x = Tensor.arange(1, 3, 7, 7);
        Tensor w = Tensor.full(1f, 2, 3, 3, 3);
        // the second filter is the first one negated, so the two output maps are each other's negation
        for (int i = w.numel() / 2; i < w.numel(); i++) {
            w.data()[i] = -1f;
        }
        Tensor y = Conv.forward(x, w, ConvSpec.defaults().withStride(2));
        assertThat(y.shape()).containsExactly(1, 2, 3, 3);
        // output (0,0) sums the top-left 3x3 window of each channel: channel c adds 49c to each of 9 cells
        double window = 0 + 1 + 2 + 7 + 8 + 9 + 14 + 15 + 16;
        double expected = 3 * window + 9 * 49 * (0 + 1 + 2);
        assertThat(y.get(0, 0, 0, 0)).isEqualTo((float) expected);
        assertThat(y.get(0, 1, 0, 0)).isEqualTo((float) -expected);
        // one stride step right moves every window 2 cells: +2 per cell, 27 cells
        assertThat(y.get(0, 0, 0, 1)).isEqualTo((float) (expected + 2 * 27));
        assertThat(y.get(0, 0, 2, 2)).isEqualTo((float) (expected + (2 * 7 * 2 + 2 * 2) * 27));
    }

    @Test
    void fiveByFiveKernelThreeStrideTwoGivesTwoByTwoAndTheTransposeGoesBackToFiveByFive() {
        Tensor x = Tensor.arange(1, 1, 5, 5);
        Tensor w = Tensor.full(1f, 1, 1, 3, 3);
        ConvSpec s2 = ConvSpec.defaults().withStride(2);
        Tensor y = Conv.forward(x, w, s2);
        assertThat(y.shape()).containsExactly(1, 1, 2, 2);
        assertThat(y.data()).containsExactly(54f, 72f, 144f, 162f);

        Tensor back = ConvTranspose.forward(y, w, s2);
        assertThat(back.shape()).containsExactly(1, 1, 5, 5);
        // each output cell receives every input value whose 3x3 footprint (stride 2) covers it;
        // the centre row and column are shared by two footprints
        assertThat(back.get(0, 0, 0, 0)).isEqualTo(54f);
        assertThat(back.get(0, 0, 0, 2)).isEqualTo(54f + 72f);
        assertThat(back.get(0, 0, 2, 2)).isEqualTo(54f + 72f + 144f + 162f);
        assertThat(back.get(0, 0, 4, 4)).isEqualTo(162f);
        // the shape comes back; the values do not: a transposed convolution is not an inverse
        assertThat(back.get(0, 0, 2, 2)).isNotEqualTo(x.get(0, 0, 2, 2));
    }

    @Test
    void unbatchedInputGivesUnbatchedOutput() {
        Tensor x = Tensor.arange(3, 7, 7);
        Tensor w = Tensor.full(1f, 2, 3, 3, 3);
        Tensor y = Conv.forward(x, w, ConvSpec.defaults().withStride(2));
        assertThat(y.shape()).containsExactly(2, 3, 3);
        Tensor yb = Conv.forward(x.reshape(1, 3, 7, 7), w, ConvSpec.defaults().withStride(2));
        assertThat(y.data()).containsExactly(yb.data());
    }
}
