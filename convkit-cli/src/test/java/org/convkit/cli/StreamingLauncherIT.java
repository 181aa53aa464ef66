package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.convkit.Algorithm;
import org.convkit.Conv;
import org.convkit.ConvOptions;
import org.convkit.io.Npy;
import org.convkit.io.NpyFile;
import org.convkit.io.NpyOutputFile;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MiB input through {@code bin/convkit} with a 200 MiB heap: streamed by default (the arrays
 * would not fit), its output right, and a run stopped half-way leaves no output file.
 */
class StreamingLauncherIT {
    private static final int SIDE = 8192;

    @TempDir
    static Path dir;

    private static Path big;
    private static Path weight;

    /** 8192 x 8192 float32 cells, written row by row (this JVM need not hold them either). */
    @BeforeAll
    static void writeTheBigInput() throws IOException {
        big = dir.resolve("big.npy");
        try (NpyOutputFile f = NpyOutputFile.create(big, 1, 1, SIDE, SIDE)) {
            float[] row = new float[SIDE];
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    row[x] = (float) Math.sin(0.001 * x * (y % 97 + 1)) + (y * 31 + x) % 7;
                }
                f.write((long) y * SIDE, row, 0, SIDE);
            }
            f.commit();
        }
        assertThat(Files.size(big)).isGreaterThanOrEqualTo(256L << 20);
        weight = dir.resolve("w.npy");
        Npy.write(weight, Tensor.uniform(5, -1, 1, 1, 1, 3, 3));
    }

    @Test
    void aQuarterGigabyteGoesThroughA200MegabyteHeap() throws Exception {
        Path out = dir.resolve("y.npy");
        Process p = start("conv", "--input", big.toString(), "--weight", weight.toString(), "--padding", "same",
                "--algorithm", "direct", "--output", out.toString());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the run finished").isTrue();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; stderr: %s", stderr).isZero();
        assertThat(stdout).contains("-> [1, 1, 8192, 8192] in ").contains("streamed at");
        // the first rows against the same algorithm in memory on the band of input they read
        try (NpyFile in = NpyFile.open(big); NpyFile y = NpyFile.open(out)) {
            assertThat(y.shape()).containsExactly(1, 1, SIDE, SIDE);
            float[] band = new float[20 * SIDE];
            in.read(0, band, 0, band.length);
            Tensor expected = Conv.forward(Tensor.of(band, 1, 1, 20, SIDE), Npy.read(weight), null,
                    ConvSpec.defaults().withPadding(Padding.same()),
                    ConvOptions.defaults().withAlgorithm(Algorithm.DIRECT));
            float[] got = new float[19 * SIDE];
            y.read(0, got, 0, got.length);
            assertThat(got).isEqualTo(java.util.Arrays.copyOf(expected.data(), 19 * SIDE));
        }
    }

    @Test
    void aRunStoppedHalfWayLeavesNoOutput() throws Exception {
        Path out = dir.resolve("stopped.npy");
        Process p = start("conv", "--input", big.toString(), "--weight", weight.toString(), "--tile", "128",
                "--threads", "1", "--algorithm", "reference", "--output", out.toString());
        // wait for the hidden temporary output to appear, then stop the run as Ctrl-C or kill would
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (hidden().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(hidden()).as("the run started writing").isNotEmpty();
        Thread.sleep(500);
        // SIGTERM, as kill sends it: the launcher execs the JVM, so the process is the JVM itself
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotExist();
        assertThat(hidden()).as("temporary files left").isEmpty();
    }

    private static List<Path> hidden() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().startsWith(".stopped.npy.")).toList();
        }
    }

    private static Process start(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = CaseBuilderTest.repoRoot().resolve("bin/convkit").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("CONVKIT_NO_BUILD", "1");
        pb.environment().put("CONVKIT_JAVA_OPTS", "-Xmx200m");
        return pb.start();
    }
}
