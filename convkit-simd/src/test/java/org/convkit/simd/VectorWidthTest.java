package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The surefire runs at narrower widths (see the pom) really got them, so that a passing 256-bit run
 * means the 6-row kernel on 256-bit vectors was tested; and each width gets the kernel meant for it.
 */
class VectorWidthTest {
    /** The default run asks for nothing and must get the JVM's preferred width; the others what they asked. */
    @Test
    void theRunHasTheVectorWidthItAskedFor() {
        String asked = System.getProperty("convkit.test.vectorBits");
        int expected = asked == null || !Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"))
                ? jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() // x86 flags ignored elsewhere
                : Integer.parseInt(asked);
        assertThat(MicroKernels.SPECIES.vectorBitSize()).isEqualTo(expected);
    }

    @Test
    void wideVectorsGetTheEightRowKernelNarrowOnesTheSixRowOne() {
        int bits = MicroKernels.SPECIES.vectorBitSize();
        assertThat(Blocking.forSpecies().mr()).isEqualTo(bits >= 512 ? 8 : 6);
        assertThat(Blocking.forSpecies().nr()).isEqualTo(2 * bits / 32);
    }
}
