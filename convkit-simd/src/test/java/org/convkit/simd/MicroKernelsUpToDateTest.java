package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed MicroKernels.java is what the generator writes; -Dconvkit.regenerate=true rewrites it. */
class MicroKernelsUpToDateTest {
    @Test
    void committedSourceMatchesTheGenerator() throws IOException {
        if (Boolean.getBoolean("convkit.regenerate")) {
            MicroKernelGenerator.main(new String[0]);
        }
        assertThat(Files.readString(MicroKernelGenerator.TARGET, StandardCharsets.UTF_8))
                .as("MicroKernels.java is stale: run this test with -Dconvkit.regenerate=true")
                .isEqualTo(MicroKernelGenerator.source());
    }
}
