package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.runtime.Kernels;
import org.junit.jupiter.api.BeforeAll;

/** The regions of live taps checked again with the Vector API kernels active. */
class VectorLiveTapsTest extends LiveTapsTest {
    @BeforeAll
    static void vectorKernelsAreActive() {
        assertThat(Kernels.vectorized()).as(Kernels.describe()).isTrue();
    }
}
