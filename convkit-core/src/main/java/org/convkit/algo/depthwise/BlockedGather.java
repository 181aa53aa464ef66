package org.convkit.algo.depthwise;

import java.util.Arrays;

import org.convkit.algo.reference.Lattice;
import org.convkit.runtime.Kernels;
import org.convkit.runtime.Parallel;
import org.convkit.runtime.Scratch;
import org.convkit.runtime.SimdKernels;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * Depthwise GATHER on small maps with the channels in the vector lanes (the NCHWc layout of
 * oneDNN and MLAS, XNNPACK's channel-wise depthwise micro-kernels): a block of L channels of one
 * image is copied, zero-padded, into a buffer that holds each cell's L channels side by side
 * ({@link SimdKernels#toLanes}), every output cell is one chain of fused multiply-adds per lane over
 * the taps ({@link SimdKernels#blockTaps}), and the block is copied back to NCHW
 * ({@link SimdKernels#fromLanes}). The copies were half of a 7x7 layer's time with scalar loops. Vectorizing along a row of a 7x7
 * map filled 7 of 16 lanes and paid a kernel call and a padded copy per plane; here a vector is
 * always full and the per-plane costs are paid once per L channels.
 *
 * <p>For multiplier 1, zero padding, any stride, dilation, kernel and 1-D to 3-D. Each output is the
 * bias then its taps in order, one chain (c = volume + 2, as the row loops). The same bits for any
 * thread count: a task is a (image, channel block), and the arithmetic depends on neither.
 */
final class BlockedGather {
    /** Floats of the padded block at most: past this a map is not small, and the row loops do well. */
    static final long MAX_BLOCK_FLOATS = 1 << 16;

    private final Lattice l;
    private final int lanes;
    private final int kv;
    private final int channels;
    private final boolean flip;
    /** The padded extent each output reads, per dimension. */
    private final int[] span = new int[Lattice.D];
    private final int[] offsets;
    private final int blockFloats;
    /** Each output's first tap in the block (its window's corner times the lanes), in output order. */
    private final int[] cells;
    /**
     * The input cells the outputs read, as offsets in an input plane, and where each goes in the
     * block (its cell times the lanes): one flat loop per channel, where a loop per input row paid
     * its overhead for every 7 cells of a 7x7 map (the copy in was the largest part of such a layer).
     */
    private final int[] readFrom;
    private final int[] readTo;
    /** Whether the outputs read every input cell, in order: then the copy in is one transposing copy. */
    private final boolean readAll;

    private BlockedGather(ConvProblem p, Lattice l, int lanes) {
        this.l = l;
        this.lanes = lanes;
        this.kv = l.kernel[0] * l.kernel[1] * l.kernel[2];
        this.channels = p.bigChannels();
        this.flip = p.spec().flip();
        for (int d = 0; d < Lattice.D; d++) {
            span[d] = (l.small[d] - 1) * l.stride[d] + (l.kernel[d] - 1) * l.dilation[d] + 1;
        }
        offsets = new int[kv];
        int t = 0;
        for (int k0 = 0; k0 < l.kernel[0]; k0++) {
            for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                for (int k2 = 0; k2 < l.kernel[2]; k2++) {
                    offsets[t++] = cell(k0 * l.dilation[0], k1 * l.dilation[1], k2 * l.dilation[2]) * lanes;
                }
            }
        }
        blockFloats = span[0] * span[1] * span[2] * lanes;
        cells = l.windowStarts(span, lanes);
        // a map's last rows past the padded span are never read
        int zs = Math.min(l.big[0], span[0] - l.padBefore[0]);
        int ys = Math.min(l.big[1], span[1] - l.padBefore[1]);
        int xs = Math.min(l.big[2], span[2] - l.padBefore[2]);
        int read = Math.max(0, zs) * Math.max(0, ys) * Math.max(0, xs);
        readFrom = new int[read];
        readTo = new int[read];
        int r = 0;
        for (int z = 0; z < zs; z++) {
            for (int y = 0; y < ys; y++) {
                for (int x = 0; x < xs; x++) {
                    readFrom[r] = (z * l.big[1] + y) * l.big[2] + x;
                    readTo[r++] = cell(z + l.padBefore[0], y + l.padBefore[1], x + l.padBefore[2]) * lanes;
                }
            }
        }
        readAll = read == l.big[0] * l.big[1] * l.big[2];
    }

    /** The path for this problem, or null where it does not apply. */
    static BlockedGather of(ConvProblem p) {
        if (p.smallChannels() != p.bigChannels() || p.spec().paddingMode() != PaddingMode.ZEROS
                || p.transposed() || p.bigChannels() < 2) {
            return null;
        }
        BlockedGather b = new BlockedGather(p, new Lattice(p), Kernels.active().blockLanes());
        return b.blockFloats <= MAX_BLOCK_FLOATS ? b : null;
    }

    private int cell(int z, int y, int x) {
        return (z * span[1] + y) * span[2] + x;
    }

    /** Per (image, block): cells copied in and out, and multiply-adds of full vectors. */
    double cost(int batch, double copyNs, double vectorMacNs, double callNs) {
        long blocks = (long) batch * ((channels + lanes - 1) / lanes);
        int inCells = l.big[0] * l.big[1] * l.big[2];
        long outCells = (long) l.small[0] * l.small[1] * l.small[2];
        double perBlock = (blockFloats + (double) lanes * (inCells + outCells)) * copyNs
                + outCells * kv * vectorMacNs + l.small[0] * l.small[1] * callNs;
        return blocks * perBlock;
    }

    private int bufferFloats() {
        return blockFloats + lanes + l.small[0] * l.small[1] * l.small[2] * lanes;
    }

    /** Per worker's buffer, and the coefficients of a call that is not prepared. */
    long workspaceFloats(int workers) {
        return (long) workers * bufferFloats() + (long) (channels + lanes - 1) / lanes * kv * lanes;
    }

    /**
     * The weight as the blocks' coefficients: block b's tap t, lane l at {@code (b*kv + t)*L + l},
     * flipped when the problem says, zero past the last channel. Made once per prepared layer.
     */
    float[] coefficients(float[] weight) {
        int blocks = (channels + lanes - 1) / lanes;
        float[] coef = new float[blocks * kv * lanes];
        for (int c = 0; c < channels; c++) {
            int at = c / lanes * kv * lanes + c % lanes;
            for (int t = 0; t < kv; t++) {
                coef[at + t * lanes] = weight[c * kv + (flip ? kv - 1 - t : t)];
            }
        }
        return coef;
    }

    void run(float[] big, float[] small, float[] weight, float[] bias, int batch, int workers) {
        runPacked(big, small, coefficients(weight), bias, batch, workers);
    }

    /** As {@link #run}, with the weight already as {@link #coefficients}. */
    void runPacked(float[] big, float[] small, float[] coef, float[] bias, int batch, int workers) {
        SimdKernels k = Kernels.active();
        int blocks = (channels + lanes - 1) / lanes;
        int inPlane = l.big[0] * l.big[1] * l.big[2];
        int outPlane = l.small[0] * l.small[1] * l.small[2];
        Parallel.forEach(batch * blocks, workers, task -> {
            int image = task / blocks;
            int c0 = task % blocks * lanes;
            int width = Math.min(lanes, channels - c0);
            // one array from the pool: the padded block and the bias zeroed (lanes past the channels
            // stay zero), then the outputs
            float[] buf = Scratch.take(bufferFloats());
            int initAt = blockFloats;
            int outAt = initAt + lanes;
            int coefAt = c0 * kv;
            Arrays.fill(buf, 0, outAt, 0f);
            int planes = (image * channels + c0) * inPlane;
            for (int c = 0; c < width; c++) {
                buf[initAt + c] = bias == null ? 0f : bias[c0 + c];
            }
            if (readAll) {
                k.toLanes(readTo.length, width, big, planes, inPlane, buf, 0, readTo);
            } else {
                for (int c = 0; c < width; c++) {
                    int plane = planes + c * inPlane;
                    for (int r = 0; r < readFrom.length; r++) {
                        buf[readTo[r] + c] = big[plane + readFrom[r]];
                    }
                }
            }
            k.blockTaps(outPlane, kv, coef, coefAt, buf, 0, cells, offsets, buf, initAt, buf, outAt);
            k.fromLanes(outPlane, width, buf, outAt, small, (image * channels + c0) * outPlane, outPlane);
            Scratch.give(buf);
        });
    }
}
