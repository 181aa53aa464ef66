package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.convkit.runtime.Kernels;
import org.junit.jupiter.api.Test;

/** The core finds these kernels when the module and the Vector API are there, and runs without them otherwise. */
class KernelsDiscoveryTest {
    @Test
    void theCoreUsesTheVectorKernels() {
        assertThat(Kernels.vectorized()).isTrue();
        // the 8-row tile alone, or beside the 12-row one on 512-bit vectors
        assertThat(Kernels.sgemm()).isInstanceOf(MicroKernels.SPECIES.vectorBitSize() >= 512 ? TileChoiceSgemm.class
                : VectorSgemm.class);
        assertThat(Kernels.describe()).startsWith("Vector API, " + MicroKernels.SPECIES.vectorBitSize()
                + "-bit float lanes x" + MicroKernels.LANES);
        assertThat(org.convkit.Convkit.status().vectorKernels()).isTrue();
        assertThat(org.convkit.Convkit.status().toString()).endsWith("vector kernels: on (" + Kernels.describe() + ")");
    }

    @Test
    void withoutTheIncubatorModuleTheCoreFallsBackToScalar() throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", classPath, KernelsProbe.class.getName()))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("vectorized=false").contains("--add-modules jdk.incubator.vector");
        // one WARNING that names the fix, and no internal error quoted at the user
        assertThat(out.split("WARNING: convkit runs its scalar kernels", -1)).hasSize(2);
        assertThat(out).doesNotContain("ServiceConfigurationError").doesNotContain("no-arg constructor");
        assertThat(p.exitValue()).as(out).isZero();
    }
}
