package org.convkit.cli;

import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A file that a command takes either as its argument (the short form: {@code convkit filter
 * photo.png}) or by the option every command names it with ({@code -i}/{@code --input},
 * {@code -o}/{@code --output}): exactly one of the two.
 */
final class InputOrArgument {
    private InputOrArgument() {
    }

    /** The one given of {@code argument} and {@code option}'s value, or a usage error naming both. */
    static Path one(CommandSpec spec, String what, String argumentLabel, Path argument, String option, Path value) {
        if (argument != null && value != null) {
            throw new ParameterException(spec.commandLine(), "give " + what + " once: as " + argumentLabel + " ("
                    + argument + ") or as " + option + " (" + value + "), not both");
        }
        if (argument == null && value == null) {
            throw new ParameterException(spec.commandLine(), "missing " + what + ": give it as " + argumentLabel
                    + " or " + option);
        }
        return argument != null ? argument : value;
    }
}
