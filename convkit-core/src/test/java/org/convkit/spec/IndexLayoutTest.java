package org.convkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexLayoutTest {
    @Test
    void columnMajorCountsTheFirstAxisFastest() {
        int[] hw = {3, 4};
        // cell (h=1, w=2): row-major 1*4 + 2 = 6, column-major 1 + 2*3 = 7
        assertThat(IndexLayout.onnx(1).fromMapIndex(0, 6, hw)).isEqualTo(7);
        assertThat(IndexLayout.onnx(1).fromMapIndex(2, 6, hw)).isEqualTo(2 * 12 + 7);
        assertThat(IndexLayout.onnx(0).fromMapIndex(2, 6, hw)).isEqualTo(2 * 12 + 6);
        assertThat(IndexLayout.PYTORCH.fromMapIndex(2, 6, hw)).isEqualTo(6);
        // cell (0, 1, 2) of 2x3x4: row-major (0*3 + 1)*4 + 2 = 6, column-major 0 + 1*2 + 2*(2*3) = 14
        assertThat(IndexLayout.onnx(1).fromMapIndex(0, 6, new int[] {2, 3, 4})).isEqualTo(14);
    }

    @Test
    void everyLayoutRoundTrips() {
        int[][] shapes = {{5}, {3, 4}, {2, 3, 5}};
        for (int[] s : shapes) {
            int volume = (int) Ints.product(s);
            for (IndexLayout.Scope scope : IndexLayout.Scope.values()) {
                for (IndexLayout.Order order : IndexLayout.Order.values()) {
                    IndexLayout l = new IndexLayout(scope, order);
                    for (int map = 0; map < 3; map++) {
                        for (int cell = 0; cell < volume; cell++) {
                            assertThat(l.toMapIndex(l.fromMapIndex(map, cell, s), map, s)).isEqualTo(cell);
                        }
                    }
                    assertThat(l.toMapIndex(scope == IndexLayout.Scope.TENSOR ? 0 : volume, 1, s)).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void namesAreParsedAndBadOnesRefused() {
        assertThat(IndexLayout.Order.parse("column-major")).isEqualTo(IndexLayout.Order.COLUMN_MAJOR);
        assertThat(IndexLayout.Order.parse("0")).isEqualTo(IndexLayout.Order.ROW_MAJOR);
        assertThat(IndexLayout.Scope.parse("Tensor")).isEqualTo(IndexLayout.Scope.TENSOR);
        assertThatThrownBy(() -> IndexLayout.onnx(2)).hasMessageContaining("storage_order is 2 but must be 0");
        assertThatThrownBy(() -> IndexLayout.Order.parse("diagonal")).hasMessageContaining("index order 'diagonal'");
    }

    @Test
    void sameLowerPutsTheOddCellBefore() {
        Geometry upper = Geometry.conv(new int[] {7}, new int[] {4}, ConvSpec.defaults().withPadding(Padding.same()));
        Geometry lower = Geometry.conv(new int[] {7}, new int[] {4}, ConvSpec.defaults().withPadding(Padding.sameLower()));
        assertThat(upper.padBefore()).containsExactly(1);
        assertThat(upper.padAfter()).containsExactly(2);
        assertThat(lower.padBefore()).containsExactly(2);
        assertThat(lower.padAfter()).containsExactly(1);
        assertThat(lower.explain()).contains("padding 'same-lower' gives 2 before and 1 after").contains("the odd cell before");
        assertThat(Padding.parse("SAME_LOWER")).isEqualTo(Padding.sameLower());
        assertThat(Padding.sameLower().toString()).isEqualTo("same-lower");
    }

    @Test
    void anOutputSizeBecomesPaddingOrOutputPadding() {
        ConvSpec s = ConvSpec.defaults().withStride(2);
        // uncropped: (4 - 1)*2 + 3 = 9
        Geometry g = Geometry.convTranspose(new int[] {4}, new int[] {3}, s.withOutputSize(6));
        assertThat(g.padBefore()).containsExactly(1);
        assertThat(g.padAfter()).containsExactly(2);
        assertThat(g.output()).containsExactly(6);
        g = Geometry.convTranspose(new int[] {4}, new int[] {3}, s.withPadding(Padding.sameLower()).withOutputSize(6));
        assertThat(g.padBefore()).containsExactly(2);
        g = Geometry.convTranspose(new int[] {4}, new int[] {3}, s.withOutputSize(10));
        assertThat(g.outputPadding()).containsExactly(1);
        assertThat(g.explain()).contains("output size 10 asked").contains("so output padding 1");
        assertThatThrownBy(() -> Geometry.convTranspose(new int[] {4}, new int[] {3}, s.withOutputSize(11)))
                .hasMessageContaining("output size 11 is more than this transposed convolution can give")
                .hasMessageContaining("use at most 10");
    }
}
