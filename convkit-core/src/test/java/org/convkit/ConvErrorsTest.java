package org.convkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Shape errors name the parameter, the numbers and, where there is one, the fix. */
class ConvErrorsTest {
    private static final ConvSpec DEF = ConvSpec.defaults();

    @Test
    void channelMismatch() {
        assertThatThrownBy(() -> Conv.forward(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(2, 4, 3, 3), DEF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the input has 3 channels but the weight [2, 4, 3, 3] with groups 1 expects 4")
                .hasMessageContaining("a weight of shape (2, 3, ...) would fit");
        assertThatThrownBy(() -> ConvTranspose.forward(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(2, 4, 3, 3), DEF))
                .hasMessageContaining("expects 2 (its first dimension is in_channels)");
    }

    @Test
    void groupsMustDivideTheChannels() {
        assertThatThrownBy(() -> Conv.forward(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 2, 3, 3), DEF.withGroups(2)))
                .hasMessageContaining("out_channels 3 is not divisible by groups 2");
        assertThatThrownBy(() -> Conv.forward(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 3, 3, 3), DEF.withGroups(2)))
                .hasMessageContaining("in_channels 3 is not divisible by groups 2");
    }

    @Test
    void rankMismatches() {
        assertThatThrownBy(() -> Conv.forward(Tensor.zeros(5, 5), Tensor.zeros(1, 1, 3, 3), DEF))
                .hasMessageContaining("takes (N, C, spatial...) of rank 4 or an unbatched (C, spatial...) of rank 3");
        assertThatThrownBy(() -> Conv.forward(Tensor.zeros(1, 1, 5), Tensor.zeros(1, 5), DEF))
                .hasMessageContaining("rank 3, 4 or 5");
    }

    @Test
    void biasAndGradientShapes() {
        assertThatThrownBy(() -> Conv.forward(Tensor.zeros(1, 1, 5), Tensor.zeros(2, 1, 3), Tensor.zeros(3), DEF))
                .hasMessageContaining("the bias has shape [3] but must be (2,)");
        assertThatThrownBy(() -> Conv.gradInput(Tensor.zeros(1, 2, 4), Tensor.zeros(2, 1, 3), new int[] {1, 1, 5}, DEF))
                .hasMessageContaining("the output gradient has shape [1, 2, 4] but must be [1, 2, 3]");
    }

    @Test
    void kernelTooLargeNamesTheNumbers() {
        assertThatThrownBy(() -> Conv.forward(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(1, 1, 7, 7), DEF))
                .hasMessageContaining("kernel 7 with dilation 1 spans 7 cells but the padded input has 5");
    }
}
