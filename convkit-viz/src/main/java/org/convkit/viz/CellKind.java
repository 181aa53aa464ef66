package org.convkit.viz;

/** What a cell of the grid a window slides over holds. */
public enum CellKind {
    /** A cell of the input (or of the previous stage's output). */
    INPUT,
    /** Padding: explicit padding of a convolution or pooling, or a transposed convolution's implicit d(k-1)-p border. */
    PADDING,
    /** One of the stride-1 zeros a transposed convolution puts between its inputs. */
    INSERTED_ZERO,
    /** Past the padded input, where a ceil-mode pooling window's last position hangs over: never read. */
    BEYOND
}
