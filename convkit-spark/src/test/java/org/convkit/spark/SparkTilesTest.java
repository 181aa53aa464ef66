package org.convkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.io.Npy;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark in local[2] (loopback only, no UI): the tiles as Spark tasks give the single-machine
 * result bit for bit, also when a task's first attempt fails on purpose.
 */
class SparkTilesTest {
    @TempDir
    static Path dir;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        SupportedJava.assumeSparkRuns();
        spark = Sessions.open("convkit-spark test", "local[2]", false);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static String file(String name) {
        return dir.resolve(name).toUri().toString();
    }

    @Test
    void tilesAsSparkTasksAreTheSingleMachineConvolution() throws IOException {
        Tensor x = Tensor.uniform(1, -1, 1, 2, 3, 53, 47);
        Tensor w = Tensor.uniform(2, -1, 1, 4, 3, 3, 3);
        Tensor b = Tensor.uniform(3, -1, 1, 4);
        Npy.write(dir.resolve("x.npy"), x);
        Npy.write(dir.resolve("w.npy"), w);
        Npy.write(dir.resolve("b.npy"), b);
        String[] args = {"--input", file("x.npy"), "--weight", file("w.npy"), "--bias", file("b.npy"), "--stride", "2",
            "--dilation", "2", "--padding", "same", "--padding-mode", "reflect", "--tile", "7,9", "--output",
            file("y.npy")};
        SparkTiles.Result r = SparkTiles.run(spark, new TiledCommand.Job("conv", args, file("x.npy"), file("y.npy")),
                TaskFault.NONE);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withDilation(2).withPadding(Padding.same())
                .withPaddingMode(PaddingMode.REFLECT);
        assertThat(Npy.read(dir.resolve("y.npy")).data()).isEqualTo(Conv.forward(x, w, b, spec).data());
        assertThat(r.tiles()).isEqualTo(4 * 3);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailedFirstAttemptIsRetriedAndTheOutputIsRight() throws IOException {
        Tensor x = Tensor.uniform(4, -1, 1, 2, 30, 20, 9);
        Tensor w = Tensor.uniform(5, -1, 1, 2, 3, 3, 3, 2);
        Npy.write(dir.resolve("x3.npy"), x);
        Npy.write(dir.resolve("w3.npy"), w);
        String[] args = {"--input", file("x3.npy"), "--weight", file("w3.npy"), "--stride", "2", "--output-padding",
            "1", "--padding-mode", "circular", "--padding", "1", "--tile", "16,16,8", "--output", file("y3.npy")};
        // every first attempt of the task holding tile 2 fails after its earlier tiles are written
        TaskFault firstAttemptOfTile2 = (tile, attempt) -> {
            if (tile == 2 && attempt == 0) {
                throw new IOException("failing the first attempt of tile 2 on purpose");
            }
        };
        SparkTiles.run(spark, new TiledCommand.Job("convt", args, file("x3.npy"), file("y3.npy")), firstAttemptOfTile2);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withOutputPadding(1).withPaddingMode(PaddingMode.CIRCULAR)
                .withPadding(1);
        Tensor expected = ConvTranspose.forward(x, w, null, spec);
        Tensor got = Npy.read(dir.resolve("y3.npy"));
        assertThat(got.shape()).isEqualTo(expected.shape());
        // circular padding folds the border runs into the edge tiles: within one rounding per fold
        assertThat(got.maxAbsDiff(expected)).isLessThan(1e-5);
        assertThat(leftovers()).isEmpty();
    }

    /** Hidden temporary files and part directories: none may outlive a run. */
    private static List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && !n.endsWith(".crc"))
                    .toList();
        }
    }
}
