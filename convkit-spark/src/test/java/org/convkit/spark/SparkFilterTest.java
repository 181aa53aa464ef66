package org.convkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convkit.image.ImageFilter;
import org.convkit.image.Images;
import org.convkit.image.Kernel;
import org.convkit.image.NamedKernels;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image collection with a corrupt file among good ones, filtered on local[2]. */
class SparkFilterTest {
    @TempDir
    Path dir;

    @Test
    void aCorruptFileIsReportedAndTheOthersFinish() throws Exception {
        SupportedJava.assumeSparkRuns();
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 3; i++) {
            Images.write(in.resolve("good-" + i + ".png"), Tensor.uniform(10 + i, 0, 1, 3, 24 + i, 31));
        }
        Files.write(in.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(in.resolve("notes.txt"), "not an image: not listed");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "filter", "--master", "local[2]", "--input",
                in.toUri().toString(), "--kernel", "gaussian:1.5", "--output", dir.resolve("out").toUri().toString());
        assertThat(code).as("some failed: exit 1; stderr %s", err).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("failed: broken.png: ");
        assertThat(out.toString()).contains("3 of 4 images written");
        Kernel k = NamedKernels.named("gaussian:1.5");
        for (int i = 0; i < 3; i++) {
            Tensor image = Images.read(in.resolve("good-" + i + ".png"));
            Tensor expected = Images.fromImage(Images.toImage(k.display().apply(
                    ImageFilter.apply(image, k.weights(), PaddingMode.REFLECT))));
            assertThat(Images.read(dir.resolve("out/good-" + i + ".png")).data()).isEqualTo(expected.data());
        }
        try (var listing = Files.list(dir.resolve("out"))) {
            assertThat(listing.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted())
                    .containsExactly("good-0.png", "good-1.png", "good-2.png");
        }
    }
}
