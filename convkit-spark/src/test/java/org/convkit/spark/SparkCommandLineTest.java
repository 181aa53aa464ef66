package org.convkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.convkit.Conv;
import org.convkit.io.Npy;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line through {@link Main#run} on local[2]: its own class, because the command opens
 * and closes its own Spark session (one per JVM), which must not be another test class's.
 */
class SparkCommandLineTest {
    @TempDir
    Path dir;

    private String file(String name) {
        return dir.resolve(name).toUri().toString();
    }

    @Test
    void theCommandLineRunsOnLocal2() throws IOException {
        SupportedJava.assumeSparkRuns();
        Tensor x = Tensor.uniform(6, -1, 1, 1, 200);
        Tensor w = Tensor.uniform(7, -1, 1, 2, 1, 5);
        Npy.write(dir.resolve("x1.npy"), x);
        Npy.write(dir.resolve("w1.npy"), w);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "conv", "--master", "local[2]", "--input",
                file("x1.npy"), "--weight", file("w1.npy"), "--padding", "causal", "--tile", "32", "--output",
                file("y1.npy"));
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("7 tiles in ").contains("MB/s");
        assertThat(Npy.read(dir.resolve("y1.npy")).data())
                .isEqualTo(Conv.forward(x, w, ConvSpec.defaults().withPadding(Padding.causal())).data());
    }

}
