package org.convkit.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one error policy of every command: a single {@code error: <message>} line on stderr and exit
 * code {@link Main#EXIT_ERROR}; the stack trace only with {@code --debug}.
 *
 * <p>The library's {@link IllegalArgumentException}s and this package's {@link CliException}s are
 * already written for people, so their messages are printed as they are. Anything else is a bug,
 * and is reported as one.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final boolean debugRequested;

    /**
     * {@code args} are the raw arguments: a parameter error can stop the parser before it reaches
     * {@code --debug}, so the flag is looked for there too.
     */
    ErrorReporter(String[] args) {
        this.debugRequested = Arrays.asList(args).contains("--debug");
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String message = lowerFirst(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        message += " (see '" + cl.getCommandSpec().qualifiedName() + " --help')";
        return report(cl, message, ex, debugRequested);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        if (ex instanceof ParameterException pe) {
            // a command that finds a bad combination of options reports it like the parser would
            return handleParseException(pe, parseResult.originalArgs().toArray(new String[0]));
        }
        return report(cl, message(ex), ex, debugRequested || debugOption(cl));
    }

    /** What a person needs to read about {@code ex}. */
    static String message(Exception ex) {
        if (ex instanceof IllegalArgumentException || ex instanceof CliException) {
            String m = ex.getMessage();
            if (m != null && !m.isBlank()) {
                return oneLine(m);
            }
        }
        return "internal error: " + oneLine(String.valueOf(ex)) + " (please report it; --debug shows where)";
    }

    private static int report(CommandLine cl, String message, Throwable ex, boolean debug) {
        PrintWriter err = cl.getErr();
        err.println("error: " + message);
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return Main.EXIT_ERROR;
    }

    private static boolean debugOption(CommandLine cl) {
        Object root = cl.getCommandSpec().root().userObject();
        return root instanceof Main m && m.debug;
    }

    /** Folds a multi-line message onto one line. */
    static String oneLine(String m) {
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** picocli's sentences ("Missing required option") read better after "error: " in lower case. */
    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }
}
