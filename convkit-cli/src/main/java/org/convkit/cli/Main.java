package org.convkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code convkit} command: its subcommands, its global options and its error policy. */
@Command(name = "convkit",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Every convolution of deep learning, computed exactly, on .npy files.",
        subcommands = {
            ConvCommand.class,
            ConvTransposeCommand.class,
            DeconvCommand.class,
            PoolCommand.class,
            ShapeCommand.class,
            SeparateCommand.class,
            DepthwiseSeparableCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            FilterCommand.class,
            TestImageCommand.class,
            AnimateCommand.class,
            ServeCommand.class,
            TourCommand.class,
            TuneCommand.class,
            UnpoolCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"",
            "Every command names its files alike: -i/--input, -o/--output, -w/--weight,",
            "-k/--kernel (filter and testimage also take their image as the first argument).",
            "What lies outside the input (--padding-mode, --border) is one of zeros, reflect,",
            "replicate, circular; 'zero' is read as zeros, with a note.",
            "",
            "Exit status: 0 on success, 2 on any error (one 'error: ' line on stderr); notes",
            "(data converted on reading, a word spelled the other way) are 'note: ' lines."})
public final class Main implements Callable<Integer> {
    /** The exit status of every failure: bad options, unreadable files, impossible shapes. */
    public static final int EXIT_ERROR = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On errors, print the stack trace as well as the message.")
    boolean debug;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: one of " + String.join(", ", spec.subcommands().keySet().stream()
                        .filter(name -> !name.equals("help")).toList()));
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs the command line {@code args} with the real wiring, writing to {@code out} and {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = Notices.during(err, () -> commandLine(out, err, args).execute(args));
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree with its writers and error handlers installed; {@code args} tell it about --debug. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setHelpFactory(ProseHelp::new);
        cl.setOut(out);
        cl.setErr(err);
        ErrorReporter reporter = new ErrorReporter(args);
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        return cl;
    }
}
