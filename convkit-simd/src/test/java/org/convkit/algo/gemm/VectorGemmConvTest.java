package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.runtime.Kernels;
import org.junit.jupiter.api.BeforeAll;

/**
 * The GEMM lowering's checks again with the Vector API kernels active (the vector sgemm, block
 * copies and edge tiles): the same budgets, and the same bits across threads.
 */
class VectorGemmConvTest extends GemmConvTest {
    @BeforeAll
    static void vectorKernelsAreActive() {
        assertThat(Kernels.vectorized()).as(Kernels.describe()).isTrue();
    }
}
