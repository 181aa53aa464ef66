package org.convkit.algo.depthwise;

import java.util.Arrays;

import org.convkit.algo.reference.LaneBlock;
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
    private final int kv;
    private final int channels;
    private final boolean flip;
    /**
     * The padded block's layout: where each input cell goes (one flat loop per channel, where a loop
     * per input row paid its overhead for every 7 cells of a 7x7 map), each tap, each output.
     */
    private final LaneBlock block;

    private BlockedGather(ConvProblem p, Lattice l, int lanes) {
        this.l = l;
        this.kv = l.kernel[0] * l.kernel[1] * l.kernel[2];
        this.channels = p.bigChannels();
        this.flip = p.spec().flip();
        this.block = new LaneBlock(l, lanes);
    }

    /** The path for this problem, or null where it does not apply. */
    static BlockedGather of(ConvProblem p) {
        if (p.smallChannels() != p.bigChannels() || p.spec().paddingMode() != PaddingMode.ZEROS
                || p.transposed() || p.bigChannels() < 2) {
            return null;
        }
        BlockedGather b = new BlockedGather(p, new Lattice(p), Kernels.active().blockLanes());
        return b.block.floats <= MAX_BLOCK_FLOATS ? b : null;
    }

    /** Per (image, block): cells copied in and out, and multiply-adds of full vectors. */
    double cost(int batch, double copyNs, double vectorMacNs, double callNs) {
        long blocks = (long) batch * ((channels + block.lanes - 1) / block.lanes);
        int inCells = l.big[0] * l.big[1] * l.big[2];
        long outCells = (long) l.small[0] * l.small[1] * l.small[2];
        double perBlock = (block.floats + (double) block.lanes * (inCells + outCells)) * copyNs
                + outCells * kv * vectorMacNs + l.small[0] * l.small[1] * callNs;
        return blocks * perBlock;
    }

    private int bufferFloats() {
        return block.floats + block.lanes + l.small[0] * l.small[1] * l.small[2] * block.lanes;
    }

    /** Per worker's buffer, and the coefficients of a call that is not prepared. */
    long workspaceFloats(int workers) {
        return (long) workers * bufferFloats() + (long) (channels + block.lanes - 1) / block.lanes * kv * block.lanes;
    }

    /**
     * The weight as the blocks' coefficients: block b's tap t, lane l at {@code (b*kv + t)*L + l},
     * flipped when the problem says, zero past the last channel. Made once per prepared layer.
     */
    float[] coefficients(float[] weight) {
        int blocks = (channels + block.lanes - 1) / block.lanes;
        float[] coef = new float[blocks * kv * block.lanes];
        for (int c = 0; c < channels; c++) {
            int at = c / block.lanes * kv * block.lanes + c % block.lanes;
            for (int t = 0; t < kv; t++) {
                coef[at + t * block.lanes] = weight[c * kv + (flip ? kv - 1 - t : t)];
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
        int blocks = (channels + block.lanes - 1) / block.lanes;
        int inPlane = l.big[0] * l.big[1] * l.big[2];
        int outPlane = l.small[0] * l.small[1] * l.small[2];
        Parallel.forEach(batch * blocks, workers, task -> {
            int image = task / blocks;
            int c0 = task % blocks * block.lanes;
            int width = Math.min(block.lanes, channels - c0);
            // one array from the pool: the padded block and the bias zeroed (lanes past the channels
            // stay zero), then the outputs
            float[] buf = Scratch.take(bufferFloats());
            int initAt = block.floats;
            int outAt = initAt + block.lanes;
            int coefAt = c0 * kv;
            Arrays.fill(buf, 0, outAt, 0f);
            int planes = (image * channels + c0) * inPlane;
            for (int c = 0; c < width; c++) {
                buf[initAt + c] = bias == null ? 0f : bias[c0 + c];
            }
            block.copyIn(k, width, big, planes, inPlane, buf);
            k.blockTaps(outPlane, kv, coef, coefAt, buf, 0, block.starts, block.taps, buf, initAt, buf, outAt);
            k.fromLanes(outPlane, width, buf, outAt, small, (image * channels + c0) * outPlane, outPlane);
            Scratch.give(buf);
        });
    }
}
