package org.convkit.io;

/**
 * A {@code .npy} file (or stream) that is malformed, truncated or uses a feature this package does
 * not support. The message says what is wrong in terms of the file's own numbers.
 */
public class NpyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A bad file.
     *
     * @param message what is wrong, in the file's own numbers
     */
    public NpyFormatException(String message) {
        super(message);
    }

    /**
     * A bad file, found through another exception.
     *
     * @param message what is wrong, in the file's own numbers
     * @param cause what found it
     */
    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
