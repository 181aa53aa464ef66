package org.convkit.viz;

import java.util.Arrays;

/**
 * The grid a stage's window slides over, per spatial axis: which canvas cells are input cells (and
 * which input index each one is), padding, or a transposed convolution's inserted zeros. A 2-D
 * cell is padding if either axis is, else an inserted zero if either axis is, else an input cell.
 */
public final class Canvas {
    private final int[][] source;
    private final CellKind[][] kind;

    /** {@code source[a][c]}: the input index on axis a at canvas cell c, or -1; {@code kind[a][c]} its kind. */
    Canvas(int[][] source, CellKind[][] kind) {
        this.source = new int[source.length][];
        this.kind = new CellKind[kind.length][];
        for (int a = 0; a < source.length; a++) {
            this.source[a] = source[a].clone();
            this.kind[a] = kind[a].clone();
        }
    }

    public int dims() {
        return source.length;
    }

    /** Cells per axis. */
    public int[] size() {
        int[] s = new int[source.length];
        for (int a = 0; a < s.length; a++) {
            s[a] = source[a].length;
        }
        return s;
    }

    /** Number of cells. */
    public int cells() {
        int n = 1;
        for (int[] s : source) {
            n *= s.length;
        }
        return n;
    }

    /** The kind of one cell along one axis. */
    public CellKind axisKind(int axis, int c) {
        return kind[axis][c];
    }

    /** The input index along one axis at canvas cell c, or -1 for padding and inserted zeros. */
    public int axisSource(int axis, int c) {
        return source[axis][c];
    }

    /** The kind of a cell given by one canvas coordinate per axis. */
    public CellKind kind(int... cell) {
        CellKind k = CellKind.INPUT;
        for (int a = 0; a < cell.length; a++) {
            CellKind ka = kind[a][cell[a]];
            if (ka == CellKind.PADDING) {
                return CellKind.PADDING;
            }
            if (ka == CellKind.INSERTED_ZERO) {
                k = CellKind.INSERTED_ZERO;
            }
        }
        return k;
    }

    /** The input index (one per axis) at a canvas cell, or null when it is not an input cell. */
    public int[] source(int... cell) {
        int[] s = new int[cell.length];
        for (int a = 0; a < cell.length; a++) {
            s[a] = source[a][cell[a]];
            if (s[a] < 0) {
                return null;
            }
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Canvas");
        for (int a = 0; a < source.length; a++) {
            sb.append(a == 0 ? "{" : ", ").append(Arrays.toString(source[a]));
        }
        return sb.append('}').toString();
    }
}
