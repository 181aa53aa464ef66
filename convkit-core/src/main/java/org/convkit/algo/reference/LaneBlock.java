package org.convkit.algo.reference;

import org.convkit.runtime.SimdKernels;

/**
 * The channel-blocked layout of a padded map that the depthwise and pooling kernels run on: each
 * cell of the padded extent the outputs read holds L channels (or maps) side by side, so that one
 * vector is one cell. It gives where each input cell goes, where each tap lies from its window's
 * first, and where each output's window starts, all in floats of the block.
 */
public final class LaneBlock {
    /** Floats a cell: the lanes. */
    public final int lanes;
    /** The padded extent the outputs read, per dimension. */
    private final int[] span = new int[Lattice.D];
    /** Floats of the block. */
    public final int floats;
    /** Each tap's cell relative to its window's first, times the lanes, in row-major tap order. */
    public final int[] taps;
    /** Each output's first tap, in output order. */
    public final int[] starts;
    /**
     * The input cells some window reads, as offsets in an input map (cells past the padded extent
     * are never read), and where each goes in the block.
     */
    public final int[] readFrom;
    public final int[] readTo;
    /** Whether the windows read every input cell, in order: then the copy in is one transposing copy. */
    public final boolean readAll;

    public LaneBlock(Lattice l, int lanes) {
        this.lanes = lanes;
        for (int d = 0; d < Lattice.D; d++) {
            span[d] = (l.small[d] - 1) * l.stride[d] + (l.kernel[d] - 1) * l.dilation[d] + 1;
        }
        floats = span[0] * span[1] * span[2] * lanes;
        taps = new int[l.kernelVolume()];
        int t = 0;
        for (int k0 = 0; k0 < l.kernel[0]; k0++) {
            for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                for (int k2 = 0; k2 < l.kernel[2]; k2++) {
                    taps[t++] = cell(k0 * l.dilation[0], k1 * l.dilation[1], k2 * l.dilation[2]);
                }
            }
        }
        // one table for a whole map, so that a kernel call runs on across its rows
        starts = new int[l.smallVolume()];
        int i = 0;
        for (int o0 = 0; o0 < l.small[0]; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    starts[i++] = cell(o0 * l.stride[0], o1 * l.stride[1], o2 * l.stride[2]);
                }
            }
        }
        int zs = Math.max(0, Math.min(l.big[0], span[0] - l.padBefore[0]));
        int ys = Math.max(0, Math.min(l.big[1], span[1] - l.padBefore[1]));
        int xs = Math.max(0, Math.min(l.big[2], span[2] - l.padBefore[2]));
        readFrom = new int[zs * ys * xs];
        readTo = new int[readFrom.length];
        int r = 0;
        for (int z = 0; z < zs; z++) {
            for (int y = 0; y < ys; y++) {
                for (int x = 0; x < xs; x++) {
                    readFrom[r] = (z * l.big[1] + y) * l.big[2] + x;
                    readTo[r++] = cell(z + l.padBefore[0], y + l.padBefore[1], x + l.padBefore[2]);
                }
            }
        }
        readAll = readFrom.length == l.bigVolume();
    }

    /**
     * Copies planes {@code [planes, planes + width * pitch)} of {@code in}, one a channel (or map),
     * into the block's lanes 0 to width - 1 in {@code buf} (from index 0): one transposing copy
     * ({@link SimdKernels#toLanes}) when the windows read every input cell, else cell by cell over
     * the cells they read. The padding's cells are the caller's to write.
     */
    public void copyIn(SimdKernels k, int width, float[] in, int planes, int pitch, float[] buf) {
        if (readAll) {
            k.toLanes(readTo.length, width, in, planes, pitch, buf, 0, readTo);
            return;
        }
        for (int c = 0; c < width; c++) {
            int plane = planes + c * pitch;
            for (int r = 0; r < readFrom.length; r++) {
                buf[readTo[r] + c] = in[plane + readFrom[r]];
            }
        }
    }

    /** Cell (z, y, x) of the padded extent, in floats. */
    private int cell(int z, int y, int x) {
        return ((z * span[1] + y) * span[2] + x) * lanes;
    }
}
