package org.convkit.algo.pool;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.lifecycle.BeforeContainer;
import org.convkit.runtime.Kernels;

/** The pooling checks again with the Vector API kernels active: the same budgets and the same bits across threads. */
class VectorDirectPoolTest extends DirectPoolTest {
    @BeforeContainer
    static void vectorKernelsAreActive() {
        assertThat(Kernels.vectorized()).as(Kernels.describe()).isTrue();
    }
}
