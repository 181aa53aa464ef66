package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One convention across commands: the same short names for the same files, the same padding words. */
class ConventionsTest {
    private static final Map<String, String> SHORT = Map.of("--input", "-i", "--output", "-o", "--weight", "-w",
            "--kernel", "-k");

    @TempDir
    Path dir;

    @Test
    void everyCommandNamesItsFilesWithTheSameShortOptions() {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (CommandLine sub : root.getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                String expected = SHORT.get(o.longestName());
                if (expected != null) {
                    checked++;
                    if (!List.of(o.names()).contains(expected)) {
                        missing.add(sub.getCommandName() + " " + o.longestName());
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
        // conv, convt, deconv, pool, dwsep, shape, separate, animate, filter, testimage, tour, tune
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    void filterAndTestimageTakeTheirImageAsAnArgumentOrByItsOption() {
        Path target = dir.resolve("t.png");
        ok("testimage", "-o", target.toString(), "--size", "32");
        Path byArgument = dir.resolve("a.png");
        Path byOption = dir.resolve("b.png");
        ok("filter", target.toString(), "-k", "box:3", "-o", byArgument.toString());
        ok("filter", "-i", target.toString(), "-k", "box:3", "-o", byOption.toString());
        assertThat(byOption).hasSameBinaryContentAs(byArgument);
        fails(args("filter", target.toString(), "-i", target.toString(), "-k", "box:3"),
                "give the image to filter once: as IMAGE (" + target + ") or as --input (" + target + "), not both");
        fails(args("filter", "-k", "box:3"), "missing the image to filter: give it as IMAGE or --input");
        fails(args("testimage", "--size", "8"), "missing where to write: give it as OUT.png or --output");
    }

    @Test
    void theBorderWordIsZerosEverywhereAndZeroIsReadWithANote() {
        String x = npy(dir, "x.npy", Tensor.uniform(1, 0, 1, 1, 2, 6, 6));
        String w = npy(dir, "w.npy", Tensor.uniform(2, 0, 1, 2, 2, 3, 3));
        ok("conv", "-i", x, "-w", w, "--padding", "1", "--padding-mode", "zeros", "-o", dir.resolve("zeros.npy").toString());
        CliRun.Result r = CliRun.run("conv", "-i", x, "-w", w, "--padding", "1", "--padding-mode", "zero", "-o",
                dir.resolve("zero.npy").toString());
        assertThat(r.code()).isZero();
        assertThat(r.errLines()).containsExactly("note: --padding-mode zero is spelled zeros (every command's word, "
                + "as PyTorch's padding_mode); read as zeros");
        assertThat(read(dir.resolve("zero.npy"))).isEqualTo(read(dir.resolve("zeros.npy")));

        Path target = dir.resolve("t.png");
        ok("testimage", target.toString(), "--size", "16");
        ok("filter", target.toString(), "-k", "box:3", "--border", "zeros", "-o", dir.resolve("f1.png").toString());
        CliRun.Result f = CliRun.run("filter", target.toString(), "-k", "box:3", "--border", "zero", "-o",
                dir.resolve("f2.png").toString());
        assertThat(f.errLines()).containsExactly("note: --border zero is spelled zeros (every command's word, as "
                + "PyTorch's padding_mode); read as zeros");
        assertThat(dir.resolve("f2.png")).hasSameBinaryContentAs(dir.resolve("f1.png"));
        fails(args("filter", target.toString(), "-k", "box:3", "--border", "wrap"),
                "--border 'wrap' is not one of zeros, reflect, replicate, circular");
        assertThat(ok("filter", "--help")).contains("zeros, reflect").doesNotContain("zero,");
        assertThat(Files.exists(dir.resolve("t-box-3.png"))).isFalse();
    }
}
