package org.convkit.spark;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code convkit-spark}: convkit's commands as Spark jobs. */
@Command(name = "convkit-spark", mixinStandardHelpOptions = true,
        description = {"convkit's tiles and image collections as Apache Spark jobs: the same",
            "options as convkit, plus --master (local[N], spark://host:port, yarn)."},
        subcommands = {ConvOnSpark.class, ConvTransposeOnSpark.class, FilterOnSpark.class})
public final class Main {
    /** The exit status of a bad command or a failed job. */
    public static final int EXIT_ERROR = 2;

    private Main() {
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command with these streams: one {@code error:} line for a failure, the stack trace
     * only with {@code --debug}.
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit status: 0, 1 if some images failed (filter), 2 for an error
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cl = new CommandLine(new Main()).setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("error: " + CommandLine.Help.Ansi.OFF.string(String.valueOf(e.getMessage())).lines()
                    .findFirst().orElse(e.getClass().getSimpleName()));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage());
            err.flush();
            return EXIT_ERROR;
        });
        int code = cl.execute(rest);
        out.flush();
        err.flush();
        return code;
    }
}
