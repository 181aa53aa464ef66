package org.convkit.cli.tour;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.spec.Geometry;
import org.junit.jupiter.api.Test;

/** The receptive fields the tour measures agree with the formula 1 + sum of d(k - 1). */
class DilatedSectionTest {
    @Test
    void measuredReceptiveFieldsMatchTheFormula() {
        long formulaPlain = 1;
        long formulaDilated = 1;
        for (int layers = 1; layers <= DilatedSection.LAYERS; layers++) {
            formulaPlain += Geometry.span(2, 1) - 1;
            formulaDilated += Geometry.span(2, 1 << (layers - 1)) - 1;
            assertThat(DilatedSection.measuredField(layers, false)).as("plain, %d layers", layers).isEqualTo(formulaPlain);
            assertThat(DilatedSection.measuredField(layers, true)).as("dilated, %d layers", layers)
                    .isEqualTo(formulaDilated);
        }
        assertThat(formulaDilated).isEqualTo(1024);
    }
}
