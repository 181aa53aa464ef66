package org.convkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A prepared pooling gives the one-line call's bits, into a caller's tensor too, on every path the kernels take. */
class PoolLayerTest {
    @Test
    void poolLayerMatchesForwardBitwiseOnEveryPath() {
        // small stacked maps, padded small 3-D maps, rows, row segments, 1-D, global windows, unbatched
        Object[][] cases = {
            {PoolSpec.avg(3, 3).withPadding(1, 1), new int[] {3, 20, 8, 8}},
            {PoolSpec.max(3, 3).withPadding(1, 1), new int[] {2, 12, 14, 14}},
            {PoolSpec.max(2, 2, 2).withStride(2, 2, 2), new int[] {1, 5, 12, 12, 12}},
            {PoolSpec.avg(2, 2).withStride(2, 2), new int[] {2, 6, 28, 28}},
            {PoolSpec.max(3, 3).withStride(2, 2).withPadding(1, 1), new int[] {1, 3, 57, 2100}},
            {PoolSpec.avg(5).withStride(3).withCountIncludePad(false).withPadding(2), new int[] {2, 4, 300}},
            {PoolSpec.max(7, 7), new int[] {2, 9, 7, 7}},
            {PoolSpec.avg(3, 3).withCeilMode(true).withStride(2, 2), new int[] {6, 11, 11}},
        };
        int compared = 0;
        for (Object[] c : cases) {
            PoolSpec spec = (PoolSpec) c[0];
            int[] shape = (int[]) c[1];
            Tensor x = Tensor.uniform(compared + 1, -1, 1, shape);
            for (Algorithm a : new Algorithm[] {Algorithm.AUTO, Algorithm.REFERENCE}) {
                for (int threads : new int[] {1, 2, 3}) {
                    ConvOptions o = ConvOptions.defaults().withAlgorithm(a).withThreads(threads);
                    Tensor want = Pool.forward(x, spec, o);
                    PoolLayer layer = Pool.prepare(spec, shape, o);
                    assertThat(layer.outputShape(shape)).isEqualTo(want.shape());
                    assertThat(Arrays.equals(layer.forward(x).data(), want.data()))
                            .as("%s %s on %d threads: the same bits as forward", spec, a, threads).isTrue();
                    Tensor out = Tensor.zeros(want.shape());
                    Arrays.fill(out.data(), Float.NaN);
                    assertThat(layer.forward(x, out)).isSameAs(out);
                    assertThat(Arrays.equals(out.data(), want.data())).as("%s %s into a tensor", spec, a).isTrue();
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(cases.length * 6);
    }

    @Test
    void otherShapesArePreparedOnFirstUseAndBadOutputsAreRefusedByName() {
        PoolSpec spec = PoolSpec.max(2, 2).withStride(2, 2);
        PoolLayer layer = Pool.prepare(spec, new int[] {1, 4, 8, 8});
        Tensor x = Tensor.uniform(9, -1, 1, 3, 4, 10, 6);
        assertThat(layer.forward(x).data()).isEqualTo(Pool.forward(x, spec).data());
        assertThatThrownBy(() -> layer.forward(x, Tensor.zeros(3, 4, 5, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the output tensor has shape [3, 4, 5, 4] but must be [3, 4, 5, 3]");
        Tensor square = Tensor.uniform(9, -1, 1, 1, 1, 2, 2);
        PoolLayer same = Pool.prepare(PoolSpec.max(1, 1), square.shape());
        assertThatThrownBy(() -> same.forward(square, square)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shares its data with the input");
        assertThatThrownBy(() -> Pool.prepare(spec, new int[] {1, 4, 8, 8},
                ConvOptions.defaults().withAlgorithm(Algorithm.GEMM)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pooling runs direct");
        assertThatThrownBy(() -> Pool.prepare(PoolSpec.max(5, 5), new int[] {1, 1, 3, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
