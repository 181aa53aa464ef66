package org.convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.convkit.plan.Tuning;
import org.convkit.plan.TuningMeasurement;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit tune}: measures how this machine runs each algorithm, for the planner. */
@Command(name = "tune",
        description = {
            "Measure how fast each algorithm runs on this machine against its cost model, and save that as the "
                    + "planner's tuning, so that its choices follow this processor, its vector width and this JVM. "
                    + "The library then uses it in every program run by the same JVM on this machine.",
            "",
            "It times small typical problems on one thread until the JIT has settled (some tens of seconds). "
                    + "Without a tuning the planner uses its reference timings, measured on the development "
                    + "machine. --show prints the tuning in use and measures nothing.",
            "",
            "Examples:",
            "  convkit tune",
            "  convkit tune --show",
            "  convkit tune --output my-tuning.properties   (then java -Dconvkit.tuning=my-tuning.properties)"})
final class TuneCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write it (default: the per-user cache the library reads, ${DEFAULT-VALUE}).")
    Path output = Tuning.cacheFile();

    @Option(names = "--show", description = "Print the tuning in use and where it comes from; measure nothing.")
    boolean show;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the calibration data (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (show) {
            out.println(Tuning.active());
            out.flush();
            return 0;
        }
        // before the minutes of measuring, not after
        checkOutput(output, Tuning.cacheFile());
        PrintWriter err = spec.commandLine().getErr();
        Tuning t = new TuningMeasurement(seed, line -> {
            err.println(line);
            err.flush();
        }).measure();
        t.write(output);
        out.println(t);
        out.println("written to " + output);
        out.flush();
        return 0;
    }

    /**
     * Fails now if the tuning could not be written to {@code output} later. The per-user cache's
     * directory is convkit's own, made here if it is missing (on a new machine it is); a directory
     * the user names must exist.
     */
    static void checkOutput(Path output, Path cacheFile) throws IOException {
        NpyFiles.checkName("--output", output, "tuning.properties");
        Path parent = output.toAbsolutePath().getParent();
        if (output.toAbsolutePath().equals(cacheFile.toAbsolutePath()) && parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        NpyFiles.checkWritable(output);
    }
}
