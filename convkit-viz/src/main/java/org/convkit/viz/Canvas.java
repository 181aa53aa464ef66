package org.convkit.viz;

import java.util.Arrays;

import org.convkit.spec.Geometry;
import org.convkit.spec.PaddingMode;

/**
 * The grid a stage's window slides over, per spatial axis: which canvas cells are input cells (and
 * which input index each one is), padding, or a transposed convolution's inserted zeros. A 2-D
 * cell is padding if either axis is, else an inserted zero if either axis is, else an input cell.
 */
public final class Canvas {
    private final int[][] source;
    private final CellKind[][] kind;
    /** Per axis, the input index a padding cell copies (reflect, replicate, circular), or -1 (zeros). */
    private final int[][] copied;

    /** {@code source[a][c]}: the input index on axis a at canvas cell c, or -1; {@code kind[a][c]} its kind. */
    Canvas(int[][] source, CellKind[][] kind) {
        this(source, kind, source);
    }

    private Canvas(int[][] source, CellKind[][] kind, int[][] copied) {
        this.source = new int[source.length][];
        this.kind = new CellKind[kind.length][];
        this.copied = new int[copied.length][];
        for (int a = 0; a < source.length; a++) {
            this.source[a] = source[a].clone();
            this.kind[a] = kind[a].clone();
            this.copied[a] = copied[a].clone();
        }
    }

    /** The padded input: padding before, the input, padding after, per axis; zeros padding. */
    static Canvas padded(Geometry geo) {
        return padded(geo, PaddingMode.ZEROS);
    }

    /** The padded input, its padding cells copying input cells as {@code mode} says. */
    static Canvas padded(Geometry geo, PaddingMode mode) {
        int[] in = geo.input();
        int[] pb = geo.padBefore();
        int[] pa = geo.padAfter();
        int[][] src = new int[in.length][];
        int[][] copied = new int[in.length][];
        CellKind[][] kind = new CellKind[in.length][];
        for (int a = 0; a < in.length; a++) {
            int padded = pb[a] + in[a] + pa[a];
            // a ceil-mode pooling's last window may end past the padding: those cells are drawn, never read
            int lastEnd = (geo.output()[a] - 1) * geo.stride()[a] + Geometry.span(geo.kernel()[a], geo.dilation()[a]);
            int len = Math.max(padded, lastEnd);
            src[a] = new int[len];
            copied[a] = new int[len];
            kind[a] = new CellKind[len];
            for (int cell = 0; cell < len; cell++) {
                int i = cell - pb[a];
                boolean inside = i >= 0 && i < in[a];
                boolean beyond = cell >= padded;
                src[a][cell] = inside ? i : -1;
                copied[a][cell] = beyond ? -1 : mode.source(i, in[a]);
                kind[a][cell] = inside ? CellKind.INPUT : beyond ? CellKind.BEYOND : CellKind.PADDING;
            }
        }
        return new Canvas(src, kind, copied);
    }

    /**
     * Per axis, the window coordinate of canvas cell 0. Windows start at output o; input i sits at
     * {@code i*s + d(k-1) - p_before} (the implicit padding). The canvas starts at 0, or earlier
     * when padding beyond d(k-1) crops inputs that no window then reaches (they are still drawn).
     */
    static int[] transposedOrigin(Geometry geo) {
        int[] origin = new int[geo.dims()];
        for (int a = 0; a < origin.length; a++) {
            origin[a] = Math.min(0, implicitBefore(geo, a));
        }
        return origin;
    }

    /** d(k-1) - p_before: the zeros a transposed convolution's direct form puts before its first input. */
    static int implicitBefore(Geometry geo, int a) {
        return Geometry.span(geo.kernel()[a], geo.dilation()[a]) - 1 - geo.padBefore()[a];
    }

    /** The input spread out by stride-1 inserted zeros, with the implicit padding around it. */
    static Canvas transposed(Geometry geo) {
        int[] in = geo.input();
        int[] out = geo.output();
        int[] s = geo.stride();
        int[] origin = transposedOrigin(geo);
        int[][] src = new int[in.length][];
        CellKind[][] kind = new CellKind[in.length][];
        for (int a = 0; a < in.length; a++) {
            int first = implicitBefore(geo, a);
            int last = first + (in[a] - 1) * s[a];
            int end = Math.max(out[a] + Geometry.span(geo.kernel()[a], geo.dilation()[a]) - 1, last + 1);
            int len = end - origin[a];
            src[a] = new int[len];
            kind[a] = new CellKind[len];
            for (int cell = 0; cell < len; cell++) {
                int wc = cell + origin[a];
                boolean between = wc >= first && wc <= last;
                boolean onInput = between && (wc - first) % s[a] == 0;
                src[a][cell] = onInput ? (wc - first) / s[a] : -1;
                kind[a][cell] = onInput ? CellKind.INPUT : between ? CellKind.INSERTED_ZERO : CellKind.PADDING;
            }
        }
        return new Canvas(src, kind);
    }

    /**
     * The number of axes.
     *
     * @return 1 or 2
     */
    public int dims() {
        return source.length;
    }

    /**
     * Cells per axis.
     *
     * @return a copy
     */
    public int[] size() {
        int[] s = new int[source.length];
        for (int a = 0; a < s.length; a++) {
            s[a] = source[a].length;
        }
        return s;
    }

    /**
     * Number of cells.
     *
     * @return the product of the sizes
     */
    public int cells() {
        int n = 1;
        for (int[] s : source) {
            n *= s.length;
        }
        return n;
    }

    /**
     * The kind of one cell along one axis.
     *
     * @param axis the axis
     * @param c the canvas cell along it
     * @return input, padding or inserted zero
     */
    public CellKind axisKind(int axis, int c) {
        return kind[axis][c];
    }

    /**
     * The input index along one axis at canvas cell c, or -1 for padding and inserted zeros.
     *
     * @param axis the axis
     * @param c the canvas cell along it
     * @return the input index, or -1
     */
    public int axisSource(int axis, int c) {
        return source[axis][c];
    }

    /**
     * Whether some cell along some axis is of kind {@code k}.
     *
     * @param k the kind
     * @return true if the canvas draws such cells
     */
    public boolean has(CellKind k) {
        for (CellKind[] axis : kind) {
            for (CellKind c : axis) {
                if (c == k) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The kind of a cell given by one canvas coordinate per axis.
     *
     * @param cell one coordinate per axis
     * @return input, padding, inserted zero or beyond (beyond wins over padding, padding over an inserted zero)
     */
    public CellKind kind(int... cell) {
        CellKind k = CellKind.INPUT;
        for (int a = 0; a < cell.length; a++) {
            if (kind[a][cell[a]] == CellKind.BEYOND) {
                return CellKind.BEYOND;
            }
        }
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

    /**
     * The input index (one per axis) at a canvas cell, or null when it is not an input cell.
     *
     * @param cell one coordinate per axis
     * @return the input index, or null
     */
    public int[] source(int... cell) {
        return lookup(source, cell);
    }

    /**
     * The input index (one per axis) a cell reads: its own for an input cell, the one it copies for
     * a reflect, replicate or circular padding cell; null for a zero (zeros padding, an inserted zero).
     *
     * @param cell one coordinate per axis
     * @return the input index read, or null
     */
    public int[] copiedFrom(int... cell) {
        return kind(cell) == CellKind.INSERTED_ZERO ? null : lookup(copied, cell);
    }

    /** {@code table[a][cell[a]]} for every axis, or null if one of them is -1. */
    private static int[] lookup(int[][] table, int[] cell) {
        int[] s = new int[cell.length];
        for (int a = 0; a < cell.length; a++) {
            s[a] = table[a][cell[a]];
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
