package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.convkit.runtime.Kernels;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's calls stay inside their arrays at this machine's vector width: its sizes follow the
 * lane count, and a 16-lane machine once overran a buffer that 8 lanes fitted (the daemon thread
 * died with a stack trace on every program's first call).
 */
class WarmupTest {
    @Test
    void everyWarmUpCallIsValidForTheVectorKernels() {
        assertThatCode(() -> new Warmup(Kernels.active()).run()).doesNotThrowAnyException();
    }
}
