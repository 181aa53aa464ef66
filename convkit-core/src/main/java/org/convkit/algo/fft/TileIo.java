package org.convkit.algo.fft;

import org.convkit.spec.Ints;
import org.convkit.spec.PaddingMode;

/**
 * Moves tiles between the signals and a block's natural layout. A tile is read through the padding
 * rule ({@link PaddingMode#source}), so every mode and any padding width come for free; cells past
 * the last needed input are zeroed, never left from the previous tile, so each output is computed
 * from the same numbers whichever thread did the tile before. Holds a cursor (the tile in hand):
 * one instance per thread.
 */
final class TileIo {
    private final FftPlan plan;
    private final PaddingMode mode;
    private final int dims;
    private final int[] bigStride;
    private final int[] smallStride;
    private final int bigVolume;
    private final int smallVolume;
    /** Tile row strides over the leading axes (row-major over T_0..T_{D-2}). */
    private final int[] rowStride;
    // the cursor
    private int batchIndex;
    private final int[] start;
    private final int[] extent;
    private final int[] first;
    private final int[] count;

    TileIo(FftPlan plan, PaddingMode mode) {
        this.plan = plan;
        this.mode = mode;
        this.dims = plan.dims;
        bigStride = Ints.strides(plan.big);
        smallStride = Ints.strides(plan.small);
        bigVolume = bigStride[0] * plan.big[0];
        smallVolume = smallStride[0] * plan.small[0];
        rowStride = new int[dims];
        int r = 1;
        for (int d = dims - 2; d >= 0; d--) {
            rowStride[d] = r;
            r *= plan.shape.size[d];
        }
        start = new int[dims];
        extent = new int[dims];
        first = new int[dims];
        count = new int[dims];
    }

    /** Puts tile {@code g} (batch-major, then row-major over the tile grid) in hand; false past the last tile. */
    boolean locate(long g) {
        if (g >= plan.totalTiles) {
            return false;
        }
        batchIndex = (int) (g / plan.tilesPerImage);
        long rest = g % plan.tilesPerImage;
        for (int d = dims - 1; d >= 0; d--) {
            int index = (int) (rest % plan.tiles[d]);
            rest /= plan.tiles[d];
            first[d] = index * plan.perTile[d];
            count[d] = Math.min(plan.perTile[d], plan.small[d] - first[d]);
            start[d] = first[d] * plan.stride[d] - plan.padBefore[d];
            extent[d] = (count[d] - 1) * plan.stride[d] + plan.span[d];
        }
        return true;
    }

    /** Writes the tile in hand, channel {@code c} of {@code big}, into the real or imaginary rows of a slot. */
    void fill(Block natural, boolean imaginary, int slot, float[] big, int c) {
        double[][] rows = imaginary ? natural.im : natural.re;
        int base = (batchIndex * plan.bigChannels + c) * bigVolume;
        int last = dims - 1;
        int lanes = plan.shape.naturalLanes;
        for (int r = 0; r < plan.shape.rowsPerTile; r++) {
            double[] row = rows[slot * plan.shape.rowsPerTile + r];
            int offset = rowSource(r, base);
            if (offset < 0) {
                java.util.Arrays.fill(row, 0, lanes, 0.0);
                continue;
            }
            // the cells inside the signal are one contiguous run; only the border ones need the rule
            int s = start[last];
            int n = plan.big[last];
            int lo = Math.min(extent[last], Math.max(0, -s));
            int hi = Math.max(lo, Math.min(extent[last], n - s));
            for (int t = 0; t < lo; t++) {
                row[t] = read(big, offset, s + t, n);
            }
            for (int t = lo; t < hi; t++) {
                row[t] = big[offset + s + t];
            }
            for (int t = hi; t < extent[last]; t++) {
                row[t] = read(big, offset, s + t, n);
            }
            java.util.Arrays.fill(row, extent[last], lanes, 0.0);
        }
    }

    /** Zeroes the real or imaginary rows of a slot (no tile there). */
    void zero(Block natural, boolean imaginary, int slot) {
        double[][] rows = imaginary ? natural.im : natural.re;
        for (int r = 0; r < plan.shape.rowsPerTile; r++) {
            java.util.Arrays.fill(rows[slot * plan.shape.rowsPerTile + r], 0.0);
        }
    }

    /** Writes the outputs of the tile in hand, channel {@code oc} of {@code small}, from a slot, plus bias. */
    void extract(Block natural, boolean imaginary, int slot, float[] small, int oc, double bias) {
        double[][] rows = imaginary ? natural.im : natural.re;
        int base = (batchIndex * plan.smallChannels + oc) * smallVolume;
        int last = dims - 1;
        int s = plan.stride[last];
        int n = count[last];
        int outRows = 1;
        for (int d = 0; d < last; d++) {
            outRows *= count[d];
        }
        for (int u = 0; u < outRows; u++) {
            int tileRow = 0;
            int out = base + first[last] * smallStride[last];
            int rest = u;
            for (int d = last - 1; d >= 0; d--) {
                int o = rest % count[d];
                rest /= count[d];
                tileRow += o * plan.stride[d] * rowStride[d];
                out += (first[d] + o) * smallStride[d];
            }
            double[] row = rows[slot * plan.shape.rowsPerTile + tileRow];
            if (s == 1) {
                // unit stride spelled out: the JIT vectorizes this loop, not the general one
                for (int v = 0; v < n; v++) {
                    small[out + v] = (float) (row[v] + bias);
                }
            } else {
                for (int v = 0; v < n; v++) {
                    small[out + v] = (float) (row[v * s] + bias);
                }
            }
        }
    }

    /** Flat offset in {@code big} of the signal row that tile row r reads, or -1 for a row of zeros. */
    private int rowSource(int r, int base) {
        int offset = base;
        for (int d = dims - 2; d >= 0; d--) {
            int t = r % plan.shape.size[d];
            r /= plan.shape.size[d];
            if (t >= extent[d]) {
                return -1;
            }
            int src = mode.source(start[d] + t, plan.big[d]);
            if (src < 0) {
                return -1;
            }
            offset += src * bigStride[d];
        }
        return offset;
    }

    private double read(float[] big, int offset, int position, int n) {
        int src = mode.source(position, n);
        return src < 0 ? 0.0 : big[offset + src];
    }
}
