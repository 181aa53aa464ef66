package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The surefire runs at narrower widths (see the pom) really got them, so that a passing 256-bit run
 * means the 6-row kernel on 256-bit vectors was tested; and each width gets the kernel meant for it.
 */
class VectorWidthTest {
    @Test
    void theRunHasTheVectorWidthItAskedFor() {
        String asked = System.getProperty("convkit.test.vectorBits");
        assumeTrue(asked != null, "the default run takes the JVM's preferred width");
        assumeTrue(Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "the width flags are x86 ones; on " + System.getProperty("os.arch") + " they are ignored");
        assertThat(MicroKernels.SPECIES.vectorBitSize()).isEqualTo(Integer.parseInt(asked));
    }

    @Test
    void wideVectorsGetTheEightRowKernelNarrowOnesTheSixRowOne() {
        int bits = MicroKernels.SPECIES.vectorBitSize();
        assertThat(Blocking.forSpecies().mr()).isEqualTo(bits >= 512 ? 8 : 6);
        assertThat(Blocking.forSpecies().nr()).isEqualTo(2 * bits / 32);
    }
}
