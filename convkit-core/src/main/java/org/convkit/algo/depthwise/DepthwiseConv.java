package org.convkit.algo.depthwise;

import java.util.concurrent.ConcurrentLinkedQueue;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;
import org.convkit.tensor.Tensor;

/**
 * Depthwise convolution by direct loops: groups equal to the big side's channels, each big channel
 * with its own {@code mult = C_small / C_big} small channels (the channel multiplier).
 *
 * <p><b>Supports</b> every depthwise problem: 1-D, 2-D and 3-D (one set of loops over a normalized
 * 3-D view), any multiplier, stride, dilation and padding (asymmetric, words), every padding mode,
 * flip, and all three passes:
 * <ul>
 *   <li>GATHER: one task per (image, big channel) computes its mult output planes;</li>
 *   <li>SCATTER: one task per (image, big channel) accumulates its mult small planes into padded
 *       rows and folds their borders back (the exact adjoint, for every padding mode);</li>
 *   <li>WEIGHT_GRAD: one task per big channel sums over the batch, so each weight is summed by one
 *       task in a fixed order.</li>
 * </ul>
 * Results are bitwise the same for any thread count. See {@link ChannelLoops} for how the loops
 * are laid out for the JIT's vectorizer.
 *
 * <p><b>Error</b> (c in {@code |fast - exact| <= c u sum|terms|}, u = 2^-24): GATHER sums at most
 * kernel-volume products and the bias in float, c = volume + 2; SCATTER sums at most
 * mult x (the most (cell, tap) pairs that reach one big cell, borders folded included) terms,
 * c = that + 2; WEIGHT_GRAD's float sums have at most {@link ChannelLoops#FLUSH_BLOCKS} terms at
 * each of two levels before double, c = 16 + 16 + 2 at most, whatever the batch and image size.
 */
public final class DepthwiseConv implements ConvAlgorithm {
    @Override
    public Algorithm id() {
        return Algorithm.DEPTHWISE;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        if (p.groups() != p.bigChannels()) {
            return "not depthwise: groups " + p.groups() + " differs from the " + (p.transposed() ? "output" : "input")
                    + " channels " + p.bigChannels();
        }
        return null;
    }

    /** Cells per block of output rows: long vector loops, while a block's working set stays in L1. */
    static final int BLOCK_CELLS = 2048;
    /** WEIGHT_GRAD keeps a lane per (channel, tap) per block cell: its blocks share about this many floats. */
    static final int WEIGHT_GRAD_FLOATS = 6144;

    private static Grid grid(ConvProblem p, Pass pass) {
        if (pass != Pass.WEIGHT_GRAD) {
            return new Grid(p, BLOCK_CELLS);
        }
        long kv = Tensor.numel(p.geometry().kernel());
        return new Grid(p, (int) Math.max(1, WEIGHT_GRAD_FLOATS / (mult(p) * (kv + 1) + 1)));
    }

    private static int mult(ConvProblem p) {
        return p.smallChannels() / p.bigChannels();
    }

    private static int tasks(ConvProblem p, Pass pass) {
        return pass == Pass.WEIGHT_GRAD ? p.bigChannels() : p.batch() * p.bigChannels();
    }

    private static double work(ConvProblem p, Pass pass) {
        return DepthwiseCost.work(grid(p, pass), pass, p.batch(), p.smallChannels(), p.bigChannels());
    }

    /** Threads actually used: fewer than asked when the work is too small to share (the result is the same). */
    private static int workers(ConvProblem p, Pass pass, int threads) {
        return DepthwiseCost.workers(work(p, pass), threads, tasks(p, pass));
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        return DepthwiseCost.estimate(work(p, pass), workers(p, pass, threads));
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        return workers(p, pass, threads) * ChannelLoops.Scratch.floats(grid(p, pass), mult(p), pass == Pass.SCATTER,
                pass == Pass.WEIGHT_GRAD);
    }

    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        Grid g = grid(p, pass);
        switch (pass) {
            case GATHER:
                return g.kernelVolume() + 2;
            case SCATTER:
                return (double) mult(p) * g.maxHits() + 2;
            default:
                // products per first-level lane, first-level lanes per second-level one
                long blocks = (long) p.batch() * g.small[0] * ((g.small[1] + g.blockRows - 1) / g.blockRows);
                long inner = Math.min(ChannelLoops.FLUSH_BLOCKS, blocks);
                long outer = Math.min(ChannelLoops.FLUSH_BLOCKS, (blocks + inner - 1) / inner);
                return inner + outer + 2;
        }
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
        Grid g = grid(p, pass);
        ChannelLoops loops = new ChannelLoops(g, mult(p), p.spec().flip());
        int mult = mult(p);
        int cb = p.bigChannels();
        int bv = g.bigVolume();
        int sv = g.smallVolume();
        int kv = g.kernelVolume();
        if (pass == Pass.WEIGHT_GRAD && p.batch() == 0) {
            java.util.Arrays.fill(weight, 0f);
            return;
        }
        int workers = workers(p, pass, threads);
        ConcurrentLinkedQueue<ChannelLoops.Scratch> free = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < workers; w++) {
            free.add(loops.scratch(pass == Pass.SCATTER, pass == Pass.WEIGHT_GRAD));
        }
        Parallel.forEach(tasks(p, pass), workers, task -> {
            // at most `workers` tasks run at once, so a scratch set is always free
            ChannelLoops.Scratch s = free.poll();
            int c = task % cb;
            int n = task / cb;
            switch (pass) {
                case GATHER:
                    loops.gather(big, (n * cb + c) * bv, small, (n * cb + c) * mult * sv, weight, c * mult * kv,
                            bias, c * mult, s);
                    break;
                case SCATTER:
                    loops.scatter(big, (n * cb + c) * bv, small, (n * cb + c) * mult * sv, weight, c * mult * kv,
                            bias == null ? 0f : bias[c], s);
                    break;
                default:
                    loops.weightGrad(big, cb * bv, c * bv, small, cb * mult * sv, c * mult * sv, p.batch(), weight,
                            c * mult * kv, s);
                    break;
            }
            free.add(s);
        });
    }
}
