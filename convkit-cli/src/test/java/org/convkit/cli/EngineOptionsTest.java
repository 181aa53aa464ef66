package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.nio.file.Path;
import java.util.List;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --algorithm, --threads and --explain, which conv and convt share. */
class EngineOptionsTest {
    @TempDir
    Path dir;

    /** conv and convt of the same dense weight: 3 channels in and 3 out, so it suits both layouts. */
    private String[] command(String name, String... extra) {
        String x = npy(dir, "x.npy", Tensor.uniform(1, -1, 1, 1, 3, 6, 6));
        String w = npy(dir, "w.npy", Tensor.uniform(2, -1, 1, 3, 3, 3, 3));
        String[] base = {name, "--input", x, "--weight", w, "--padding", "1", "--output", dir.resolve(name + ".npy").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private Tensor result(String name) {
        return read(dir.resolve(name + ".npy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv", "convt"})
    void aForcedAlgorithmAndAThreadCountGiveTheSameResult(String name) {
        ok(command(name));
        Tensor auto = result(name);
        ok(command(name, "--algorithm", "REFERENCE", "--threads", "1"));
        assertThat(result(name)).isEqualTo(auto);
        ok(command(name, "--algorithm", "auto", "--threads", "3"));
        assertThat(result(name)).isEqualTo(auto);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv", "convt"})
    void explainPrintsThePlanBeforeTheResultLine(String name) {
        List<String> chosen = ok(command(name, "--explain")).lines().toList();
        assertThat(chosen.size()).isGreaterThan(2);
        assertThat(chosen.get(0)).contains("threads").contains("kernels:");
        assertThat(chosen).anySatisfy(l -> assertThat(l).startsWith("chosen: "));
        assertThat(chosen.get(chosen.size() - 1)).startsWith(name + " [1, 3, 6, 6]").contains("written to");

        List<String> forced = ok(command(name, "--explain", "--algorithm", "reference", "--threads", "1")).lines().toList();
        assertThat(forced.get(0)).contains("1 thread;");
        assertThat(forced).contains("forced: reference");
        assertThat(forced.get(forced.size() - 1)).startsWith(name + " [");

        assertThat(ok(command(name))).as("no plan without --explain").startsWith(name + " [").hasLineCount(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv", "convt"})
    void measuredPlanningTimesTheCandidatesAndSaysSo(String name) {
        List<String> lines = ok(command(name, "--plan", "measure", "--explain")).lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("chosen: ").contains("fastest in a measured trial"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(" measured ").endsWith(" ms"));
        fails(command(name, "--plan", "guess"), "--plan must be estimate or measure, not 'guess'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv", "convt"})
    void aForcedAlgorithmThatCannotRunIsAnErrorAndWritesNothing(String name) {
        // depthwise cannot do a dense (groups = 1) convolution; in a build without it, it cannot do anything
        fails(command(name, "--algorithm", "depthwise"), "algorithm depthwise");
        fails(command(name, "--algorithm", "depthwise", "--explain"), "algorithm depthwise");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv", "convt"})
    void badValuesAreOneLine(String name) {
        fails(command(name, "--algorithm", "fastest"), "algorithm 'fastest' is not one of auto, reference, gemm");
        fails(command(name, "--threads", "0"), "threads must be at least 1, got 0");
        fails(command(name, "--threads", "many"), "--threads");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
        assertThat(ok(name, "--help")).contains("--algorithm=NAME").contains("reference, gemm")
                .contains("--threads=N").contains("--explain");
    }
}
