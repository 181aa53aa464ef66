package org.convkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status a user (or {@code convkit --version}) reads: version, Java, kernels and the fix. */
class ConvkitTest {
    @Test
    void theVersionIsTheBuildsAndTheStatusSaysWhyTheKernelsAreScalar() {
        assertThat(Convkit.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        Convkit.Status s = Convkit.status();
        assertThat(s.javaVersion()).isEqualTo(Runtime.version().toString());
        // core's own tests run without convkit-simd
        assertThat(s.vectorKernels()).isFalse();
        assertThat(s.kernels()).contains("convkit-simd is on neither the class path nor the module path");
        assertThat(s.toString().split("\n")).containsExactly("convkit " + Convkit.version(),
                "Java " + Runtime.version(), "vector kernels: off (" + s.kernels() + ")");
    }
}
