package org.convkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What a run says on stderr besides its result and its errors: one {@code note: } line for each
 * thing a person should know but that is not wrong, such as data converted on reading ("x.npy holds
 * float64 values ...") or an option spelled the other way. Each is said once per run, however many
 * times the code meets it (an input read for its shape and then for its data).
 *
 * <p>The file readers are static helpers deep below the commands, so the run's notices are found
 * through the thread that runs the command ({@link #during}) rather than passed down every call.
 */
final class Notices {
    private static final ThreadLocal<Notices> CURRENT = new ThreadLocal<>();

    private final PrintWriter err;
    private final Set<String> said = new HashSet<>();

    private Notices(PrintWriter err) {
        this.err = err;
    }

    /** Runs {@code command} with notices going to {@code err}; returns its exit code. */
    static int during(PrintWriter err, IntSupplier command) {
        Notices previous = CURRENT.get();
        CURRENT.set(new Notices(err));
        try {
            return command.getAsInt();
        } finally {
            CURRENT.set(previous);
        }
    }

    /** Says {@code text} as a {@code note: } line on stderr, unless this run said it already. */
    static void note(String text) {
        Notices n = CURRENT.get();
        if (n == null) {
            // outside Main.run (a command object used directly): stderr as the JVM has it
            n = new Notices(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
            CURRENT.set(n);
        }
        if (n.said.add(text)) {
            n.err.println("note: " + text);
            n.err.flush();
        }
    }
}
