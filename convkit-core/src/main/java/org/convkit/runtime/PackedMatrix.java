package org.convkit.runtime;

/**
 * A left operand op(A) (m x k) packed once by an {@link Sgemm} into the layout its kernels stream
 * through, for many multiplies: a layer's weight, packed when the layer is prepared instead of on
 * every call. Only the {@link Sgemm} that packed it can read it ({@link #packer()}); its rows can be
 * used from any multiple of {@link #panelRows()}, so callers may split the rows across threads.
 * Immutable once made (nobody writes {@link #data()} after packing); thread-safe.
 */
public final class PackedMatrix {
    private final Sgemm packer;
    private final float[] data;
    private final int rows;
    private final int depth;
    private final int panelRows;

    /** For {@link Sgemm} implementations: {@code data} is theirs to lay out, and is not copied. */
    public PackedMatrix(Sgemm packer, float[] data, int rows, int depth, int panelRows) {
        this.packer = packer;
        this.data = data;
        this.rows = rows;
        this.depth = depth;
        this.panelRows = panelRows;
    }

    /** The multiply that packed it, the only one that knows the layout. */
    public Sgemm packer() {
        return packer;
    }

    /** The packed floats, in the packer's layout (for the packer only). */
    public float[] data() {
        return data;
    }

    /** m: rows of op(A). */
    public int rows() {
        return rows;
    }

    /** k: columns of op(A). */
    public int depth() {
        return depth;
    }

    /** A multiply may start at any multiple of this row. */
    public int panelRows() {
        return panelRows;
    }

    /** Floats held, for workspace and memory statements. */
    public long floats() {
        return data.length;
    }
}
