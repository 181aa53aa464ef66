package org.convkit.algo.depthwise;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.runtime.Kernels;
import org.junit.jupiter.api.BeforeAll;

/**
 * The depthwise checks again with the Vector API kernels active: the row loops' padded copies are
 * whole vectors there (their lanes past a row zeroed in a register), which the scalar twins never
 * exercise; the same budgets, bits and thread counts.
 */
class VectorDepthwiseConvTest extends DepthwiseConvTest {
    @BeforeAll
    static void vectorKernelsAreActive() {
        assertThat(Kernels.vectorized()).as(Kernels.describe()).isTrue();
    }
}
