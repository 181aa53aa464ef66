package org.convkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convkit.spec.IndexLayout;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pooling on grids small enough to check by eye. */
class PoolTest {
    private static final Tensor GRID = Tensor.of(new float[] {
        1, 5, 2, 0,
        3, 4, 8, 7,
        0, 9, 6, 1,
        2, 2, 3, 4}, 1, 1, 4, 4);

    @Test
    void maxPoolingKeepsTheLargestCellAndWhereItWas() {
        Pool.MaxResult r = Pool.maxWithIndices(GRID, PoolSpec.max(2, 2));
        assertThat(r.values().data()).containsExactly(5, 8, 9, 6);
        assertThat(r.indices()).containsExactly(1, 6, 9, 10);
        Tensor back = Pool.maxUnpool(r.values(), r.indices(), null, PoolSpec.max(2, 2));
        assertThat(back.shape()).containsExactly(1, 1, 4, 4);
        assertThat(back.data()).containsExactly(0, 5, 0, 0, 0, 0, 8, 0, 0, 9, 6, 0, 0, 0, 0, 0);
    }

    @Test
    void averagePoolingCountsPaddingOnlyWhenAsked() {
        PoolSpec avg = PoolSpec.avg(2, 2).withPadding(1);
        Tensor in = Pool.forward(GRID, avg);
        assertThat(in.shape()).containsExactly(1, 1, 3, 3);
        assertThat(in.get(0, 0, 0, 0)).isEqualTo(1f / 4); // one real cell, divisor 4
        Tensor ex = Pool.forward(GRID, avg.withCountIncludePad(false));
        assertThat(ex.get(0, 0, 0, 0)).isEqualTo(1f);
        assertThat(ex.get(0, 0, 1, 1)).isEqualTo((4 + 8 + 9 + 6) / 4f);
    }

    @Test
    void nanWinsTheMax() {
        Tensor x = GRID.copy();
        x.set(Float.NaN, 0, 0, 3, 3);
        assertThat(Pool.forward(x, PoolSpec.max(2, 2)).get(0, 0, 1, 1)).isNaN();
    }

    @Test
    void globalPoolingKeepsTheDimensions() {
        Tensor g = Pool.globalPool(GRID, PoolSpec.Kind.AVG);
        assertThat(g.shape()).containsExactly(1, 1, 1, 1);
        assertThat(g.data()[0]).isEqualTo(57f / 16);
        Tensor gm = Pool.globalPool(GRID, PoolSpec.Kind.MAX);
        assertThat(gm.data()[0]).isEqualTo(9f);
        Tensor grad = Pool.globalBackward(Tensor.full(2f, 1, 1, 1, 1), GRID, PoolSpec.Kind.MAX);
        assertThat(grad.get(0, 0, 2, 1)).isEqualTo(2f);
        assertThat(grad.data()).containsOnlyOnce(2f);
        assertThat(grad.data()).containsOnly(0f, 2f);
    }

    @Test
    void badPoolingInputsAreRefused() {
        assertThatThrownBy(() -> Pool.forward(Tensor.zeros(1, 1, 2, 2, 2, 2), PoolSpec.max(2)))
                .hasMessageContaining("(N, C, spatial...)");
        assertThatThrownBy(() -> Pool.maxWithIndices(GRID, PoolSpec.avg(2)))
                .hasMessageContaining("only for max pooling");
        assertThatThrownBy(() -> Pool.maxUnpool(Tensor.zeros(1, 1, 2, 2), new int[] {0, 1, 2, 99}, null, PoolSpec.max(2)))
                .hasMessageContaining("index 99").hasMessageContaining("16 cells");
        assertThatThrownBy(() -> PoolSpec.lp(0.5, 2)).hasMessageContaining("power p is 0.5 but must be at least 1");
        assertThatThrownBy(() -> PoolSpec.avg(2).withPower(3)).hasMessageContaining("the power p is for Lp pooling");
        assertThatThrownBy(() -> Pool.forward(GRID, PoolSpec.lp(2, 2), ConvOptions.defaults().withAlgorithm(Algorithm.DIRECT)))
                .hasMessageContaining("algorithm direct cannot run this pooling: it does not take Lp pooling");
        assertThatThrownBy(() -> Pool.backward(Pool.forward(GRID, PoolSpec.lp(2, 2)), GRID, PoolSpec.lp(2, 2)))
                .hasMessageContaining("the backward pass of lp pooling is not implemented");
        assertThatThrownBy(() -> Pool.maxUnpool(Tensor.zeros(1, 2, 2, 2), new int[] {0, 1, 2, 3, 0, 1, 2, 3}, null,
                PoolSpec.max(2), IndexLayout.onnx(0)))
                .hasMessageContaining("max-unpooling index 0 (value 4, map 1) is outside its map, which holds indices 16 to 31");
    }
}
