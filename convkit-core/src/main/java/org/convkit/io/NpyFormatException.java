package org.convkit.io;

/**
 * A {@code .npy} file (or stream) that is malformed, truncated or uses a feature this package does
 * not support. The message says what is wrong in terms of the file's own numbers.
 */
public class NpyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
