package org.convkit.cli;

/**
 * A failure outside the library's arithmetic, already worded for people: a file that cannot be
 * read or written. {@link ErrorReporter} prints its message as it is.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message, Throwable cause) {
        super(message, cause);
    }

    CliException(String message) {
        super(message);
    }
}
