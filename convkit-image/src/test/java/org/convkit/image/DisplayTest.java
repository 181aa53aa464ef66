package org.convkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DisplayTest {
    private static final Tensor X = Tensor.of(new float[] {-2f, -0.5f, 0f, 0.5f, 3f, Float.NaN}, 6);

    @Test
    void pointwiseMappings() {
        assertThat(Display.CLAMP.apply(X).data()).containsExactly(0f, 0f, 0f, 0.5f, 1f, Float.NaN);
        assertThat(Display.ABS.apply(X).data()).containsExactly(1f, 0.5f, 0f, 0.5f, 1f, Float.NaN);
        assertThat(Display.SHIFT.apply(X).data()).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f, Float.NaN);
    }

    @Test
    void wholeTensorMappingsUseTheFiniteRange() {
        assertThat(Display.MINMAX.apply(X).data()).containsExactly(0f, 0.3f, 0.4f, 0.5f, 1f, Float.NaN);
        assertThat(Display.SYMMETRIC.apply(X).data())
                .containsExactly((float) (0.5 - 2 / 6.0), (float) (0.5 - 0.5 / 6), 0.5f, (float) (0.5 + 0.5 / 6), 1f, Float.NaN);
        assertThat(Display.MINMAX.apply(Tensor.full(3f, 2)).data()).containsExactly(0f, 0f);
        assertThat(Display.SYMMETRIC.apply(Tensor.zeros(2)).data()).containsExactly(0.5f, 0.5f);
    }

    @Test
    void theInputIsNotChanged() {
        Tensor x = X.copy();
        Display.MINMAX.apply(x);
        assertThat(x).isEqualTo(X);
    }

    @Test
    void parsing() {
        assertThat(Display.parse(" Shift ")).isEqualTo(Display.SHIFT);
        assertThatThrownBy(() -> Display.parse("gamma")).hasMessageContaining("'gamma'")
                .hasMessageContaining("clamp, abs, shift, minmax, symmetric");
    }
}
