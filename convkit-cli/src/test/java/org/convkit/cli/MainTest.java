package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.ok;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void versionAndHelp() {
        assertThat(ok("--version")).startsWith("convkit ").contains("Java ").contains("vector kernels: on (Vector API");
        assertThat(ok("--help")).contains("conv").contains("convt").contains("pool").contains("shape")
                .contains("demo").contains("bench").contains("deconv").contains("--debug");
        for (String cmd : new String[] {"conv", "convt", "deconv", "pool", "shape", "demo", "bench"}) {
            assertThat(ok(cmd, "--help")).as(cmd).contains("Usage: convkit " + cmd).contains("--debug");
        }
        assertThat(ok("conv", "--help")).contains("--flip").contains("--padding-mode").contains("before:after");
        assertThat(ok("shape", "--help")).contains("\"settings\"");
        assertThat(ok("bench", "--help")).contains("--suite=FILE").contains("--only").contains("--budget-s")
                .contains("--algorithm").contains("--threads").contains("\"median_ms\"");
    }

    @Test
    void everyDescriptionIsAValidFormatString() {
        // picocli formats descriptions with String.format: a bare '%' makes it warn on the process's
        // stderr and print the raw text (bench's "within 10% of the fastest" once did; it now says "percent")
        java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
        java.util.List<picocli.CommandLine.Model.CommandSpec> specs = new java.util.ArrayList<>();
        specs.add(Main.commandLine(sink, sink).getCommandSpec());
        for (int i = 0; i < specs.size(); i++) {
            picocli.CommandLine.Model.CommandSpec spec = specs.get(i);
            spec.subcommands().values().forEach(c -> specs.add(c.getCommandSpec()));
            java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of(spec.usageMessage().description()));
            spec.options().forEach(o -> texts.addAll(java.util.List.of(o.description())));
            spec.positionalParameters().forEach(o -> texts.addAll(java.util.List.of(o.description())));
            for (String t : texts) {
                assertThatCode(() -> String.format(t)).as("%s: %s", spec.qualifiedName(), t).doesNotThrowAnyException();
            }
        }
        assertThat(specs).hasSizeGreaterThan(10);
        assertThat(ok("bench", "--help")).contains("10 percent");
    }

    /** {@code convkit help conv} is {@code convkit conv --help} (it once said "missing required options"). */
    @Test
    void helpNamesACommand() {
        assertThat(ok("help", "conv")).startsWith("Usage: convkit conv").isEqualTo(ok("conv", "--help"));
        assertThat(ok("help")).contains("Commands:");
        fails(args("help", "convolve"), "unknown subcommand 'convolve'");
    }

    @Test
    void noCommandOrAnUnknownOneIsOneLine() {
        fails(args(), "missing command: one of conv, convt, deconv, pool, shape, separate, dwsep, demo, bench, filter, "
                + "testimage, animate, serve, tour", "(see 'convkit --help')");
        fails(args("convolve"), "'convolve'", "did you mean conv");
        fails(args("conv", "--input", "x.npy", "--weight", "w.npy", "--output", "y.npy", "--strid", "2"),
                "unknown options: '--strid', '2'", "did you mean --stride?");
    }

    @Test
    void anUnexpectedFailureIsReportedAsABug() {
        assertThat(ErrorReporter.message(new NullPointerException("x")))
                .startsWith("internal error: java.lang.NullPointerException: x");
        assertThat(ErrorReporter.message(new IllegalArgumentException("stride must be at least 1\nreally")))
                .isEqualTo("stride must be at least 1; really");
    }
}
