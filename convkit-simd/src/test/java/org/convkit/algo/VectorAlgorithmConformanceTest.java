package org.convkit.algo;

import org.convkit.runtime.Kernels;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;

/**
 * The core's conformance suite again, with the Vector API kernels active: every algorithm on the
 * vector SGEMM and axpy, against the reference, within its budget, bitwise equal across threads.
 */
class VectorAlgorithmConformanceTest extends AlgorithmConformanceTest {
    @BeforeAll
    static void vectorKernelsAreActive() {
        assertThat(Kernels.vectorized()).as(Kernels.describe()).isTrue();
    }
}
