package org.convkit.tile;

import java.io.IOException;
import java.util.Arrays;

import org.convkit.tensor.Tensor;

/**
 * The input cells a tile reads, per spatial dimension: for each position of the window, the array
 * cell it copies, or -1 for a zero. A window across a true border of the array holds the padding
 * mode's cells there (reflected, replicated, wrapped, or zeros); inside the array it holds the real
 * neighbours. The window is the product of its dimensions' cells, for every batch entry and channel.
 */
public final class Window {
    private final int[][] cells;

    /**
     * A window.
     *
     * @param cells per spatial dimension, the array cell each window position copies, or -1 for a zero
     */
    public Window(int[][] cells) {
        this.cells = new int[cells.length][];
        for (int d = 0; d < cells.length; d++) {
            if (cells[d].length == 0) {
                throw new IllegalArgumentException("a window needs at least one cell in every dimension, dimension "
                        + d + " has none");
            }
            this.cells[d] = cells[d].clone();
        }
    }

    /** The cells {@code [from, to)}, in order. */
    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /**
     * The array cells that window dimension {@code d} copies.
     *
     * @param d the spatial dimension
     * @return a copy
     */
    public int[] cells(int d) {
        return cells[d].clone();
    }

    /**
     * The window's spatial extent.
     *
     * @return the number of cells in each dimension
     */
    public int[] extent() {
        int[] e = new int[cells.length];
        for (int d = 0; d < e.length; d++) {
            e[d] = cells[d].length;
        }
        return e;
    }

    /**
     * How many distinct cells of the array it reads in each channel, for sizing reads and memory.
     *
     * @return the window's volume
     */
    public long volume() {
        long v = 1;
        for (int[] c : cells) {
            v *= c.length;
        }
        return v;
    }

    /**
     * Reads the window from an array of shape {@code (batch, channels, spatial...)}, one run of
     * consecutive cells at a time.
     *
     * @param source the whole array
     * @param batch its N
     * @param channels its C
     * @param spatial its spatial extent
     * @return the window, {@code (batch, channels, extent...)}
     * @throws IOException if the source cannot be read
     */
    public Tensor read(CellSource source, int batch, int channels, int[] spatial) throws IOException {
        int[][] c3 = padded(cells);
        int[] s3 = padded(spatial);
        int[] e = extent();
        int rowLength = c3[2].length;
        int[] shape = new int[e.length + 2];
        shape[0] = batch;
        shape[1] = channels;
        System.arraycopy(e, 0, shape, 2, e.length);
        float[] out = new float[Math.toIntExact(Tensor.numel(shape))];
        long planeVolume = (long) s3[0] * s3[1] * s3[2];
        int at = 0;
        for (int plane = 0; plane < batch * channels; plane++) {
            for (int a : c3[0]) {
                for (int b : c3[1]) {
                    if (a >= 0 && b >= 0) {
                        long rowStart = plane * planeVolume + ((long) a * s3[1] + b) * s3[2];
                        readRow(source, rowStart, c3[2], out, at);
                    }
                    at += rowLength;
                }
            }
        }
        return Tensor.of(out, shape);
    }

    /** One row: consecutive ascending cells in one read each; zeros stay as allocated. */
    private static void readRow(CellSource source, long rowStart, int[] row, float[] out, int at) throws IOException {
        int i = 0;
        while (i < row.length) {
            if (row[i] < 0) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < row.length && row[j] == row[j - 1] + 1) {
                j++;
            }
            source.read(rowStart + row[i], out, at + i, j - i);
            i = j;
        }
    }

    /** Leading dimensions of one cell, so that every walk is three nested loops. */
    static int[][] padded(int[][] cells) {
        int[][] c = {{0}, {0}, {0}};
        System.arraycopy(cells, 0, c, 3 - cells.length, cells.length);
        return c;
    }

    static int[] padded(int[] extent) {
        int[] e = {1, 1, 1};
        System.arraycopy(extent, 0, e, 3 - extent.length, extent.length);
        return e;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("window");
        for (int[] c : cells) {
            sb.append(' ').append(c.length).append(" cells ").append(Arrays.toString(Arrays.copyOf(c, Math.min(4, c.length))));
        }
        return sb.toString();
    }
}
