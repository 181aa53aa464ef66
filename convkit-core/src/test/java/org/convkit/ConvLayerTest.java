package org.convkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A prepared layer gives the one-line call's bits, into a caller's tensor too, and keeps its own weight. */
class ConvLayerTest {
    private static final ConvSpec SAME = ConvSpec.defaults().withPadding(Padding.same());

    @Test
    void convLayerMatchesForwardBitwiseOnEveryAlgorithmThatRuns() {
        Tensor x = Tensor.uniform(1, -1, 1, 2, 16, 9, 9);
        Tensor w = Tensor.uniform(2, -1, 1, 40, 16, 3, 3);
        Tensor b = Tensor.uniform(3, -1, 1, 40);
        int compared = 0;
        for (Algorithm a : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM, Algorithm.WINOGRAD, Algorithm.DIRECT,
                Algorithm.FFT, Algorithm.REFERENCE}) {
            for (int threads : new int[] {1, 2, 3}) {
                ConvOptions o = ConvOptions.defaults().withAlgorithm(a).withThreads(threads);
                Tensor want = Conv.forward(x, w, b, SAME, o);
                ConvLayer layer = Conv.prepare(w, b, SAME, x.shape(), o);
                assertThat(java.util.Arrays.equals(layer.forward(x).data(), want.data()))
                        .as("%s on %d threads: the same bits as forward", a, threads).isTrue();
                Tensor out = Tensor.zeros(want.shape());
                java.util.Arrays.fill(out.data(), Float.NaN);
                assertThat(layer.forward(x, out)).isSameAs(out);
                assertThat(java.util.Arrays.equals(out.data(), want.data())).as("%s into a tensor", a).isTrue();
                compared++;
            }
        }
        assertThat(compared).isEqualTo(18);
    }

    @Test
    void pointwiseAndSmallMapsSplitRowsAcrossThreadsWithTheSameBits() {
        // one 7x7 tile and a 1x1 layer: the rows of the product are what threads share
        Tensor x = Tensor.uniform(4, -1, 1, 1, 96, 7, 7);
        for (int k : new int[] {1, 3}) {
            Tensor w = Tensor.uniform(5, -1, 1, 200, 96, k, k);
            ConvOptions o = ConvOptions.defaults().withAlgorithm(k == 1 ? Algorithm.POINTWISE : Algorithm.GEMM);
            Tensor want = Conv.forward(x, w, null, SAME, o.withThreads(1));
            for (int threads : new int[] {2, 3, 5}) {
                ConvLayer layer = Conv.prepare(w, null, SAME, x.shape(), o.withThreads(threads));
                assertThat(java.util.Arrays.equals(layer.forward(x).data(), want.data()))
                        .as("%dx%d on %d threads: the same bits as on one", k, k, threads).isTrue();
            }
        }
    }

    @Test
    void convTransposeLayerMatchesForwardAndOtherBatchSizesArePreparedOnFirstUse() {
        ConvSpec s2 = ConvSpec.defaults().withStride(2, 2).withPadding(Padding.of(1, 1));
        Tensor w = Tensor.uniform(6, -1, 1, 24, 12, 4, 4);
        Tensor b = Tensor.uniform(7, -1, 1, 12);
        ConvLayer layer = ConvTranspose.prepare(w, b, s2, new int[] {1, 24, 4, 4});
        for (int n : new int[] {1, 3}) {
            Tensor x = Tensor.uniform(8 + n, -1, 1, n, 24, 4, 4);
            assertThat(java.util.Arrays.equals(layer.forward(x).data(), ConvTranspose.forward(x, w, b, s2).data()))
                    .as("batch %d", n).isTrue();
        }
        assertThat(layer.outputShape(new int[] {3, 24, 4, 4})).containsExactly(3, 12, 8, 8);
        assertThat(layer.transposed()).isTrue();
    }

    @Test
    void changingTheWeightAfterPreparingChangesNothing() {
        Tensor x = Tensor.uniform(10, -1, 1, 1, 8, 12, 12);
        Tensor w = Tensor.uniform(11, -1, 1, 8, 8, 3, 3);
        ConvLayer layer = Conv.prepare(w, null, SAME, x.shape());
        Tensor want = layer.forward(x);
        java.util.Arrays.fill(w.data(), 0f);
        assertThat(java.util.Arrays.equals(layer.forward(x).data(), want.data())).isTrue();
    }

    @Test
    void wrongShapesAreRefusedWithTheNumbers() {
        Tensor w = Tensor.uniform(12, -1, 1, 8, 4, 3, 3);
        assertThatThrownBy(() -> Conv.prepare(w, Tensor.zeros(5), SAME, new int[] {1, 4, 8, 8}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
        ConvLayer layer = Conv.prepare(w, null, SAME, new int[] {1, 4, 8, 8});
        Tensor x = Tensor.uniform(13, -1, 1, 1, 4, 8, 8);
        assertThatThrownBy(() -> layer.forward(x, Tensor.zeros(1, 8, 7, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output tensor");
        assertThatThrownBy(() -> layer.forward(Tensor.uniform(14, -1, 1, 1, 3, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
