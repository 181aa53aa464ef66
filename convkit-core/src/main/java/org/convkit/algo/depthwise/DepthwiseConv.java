package org.convkit.algo.depthwise;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.runtime.ScalarKernels;
import org.convkit.spec.ConvProblem;

/**
 * Depthwise convolution by direct loops: groups equal to the big side's channels, each big channel
 * with its own {@code mult = C_small / C_big} small channels (the channel multiplier).
 *
 * <p><b>Supports</b> every depthwise problem: 1-D, 2-D and 3-D (one set of loops over a normalized
 * 3-D view), any multiplier, stride, dilation and padding (asymmetric, words), every padding mode,
 * flip, and all three passes:
 * <ul>
 *   <li>GATHER: tasks of consecutive (image, big channel) planes, each computing its mult output planes;</li>
 *   <li>SCATTER: the same tasks, each big plane one chain per cell over everything that reaches it,
 *       the border folded back (the exact adjoint, for every padding mode);</li>
 *   <li>WEIGHT_GRAD: one task per big channel sums over the batch, so each weight is summed by one
 *       task in a fixed order.</li>
 * </ul>
 * Results are bitwise the same for any thread count. See {@link ChannelLoops} for the loops and
 * {@link Grid} for the layouts that make every stride a run at stride 1.
 *
 * <p><b>Error</b> (c in {@code |fast - exact| <= c u sum|terms|}, u = 2^-24): GATHER sums at most
 * kernel-volume products and the bias in float, c = volume + 2; SCATTER sums at most
 * mult x (the most (cell, tap) pairs that reach one big cell, borders folded included) terms,
 * c = that + 2; WEIGHT_GRAD's float chains have at most DOT_CHUNK / DOT_LANES = 16 products and
 * its float partial sums at most 16 chains before they are summed in double, c = 16 + 16 + 2,
 * whatever the batch and image size.
 *
 * <p>Zeros stand in for terms that the exact sums skip, as a zero-padded border's do: SCATTER
 * multiplies weights by the zeros between upsampled cells (a stride above 1 along rows), and
 * WEIGHT_GRAD multiplies by zeros the input cells its runs pass between outputs and between rows.
 * So a non-finite weight (SCATTER) or input cell (WEIGHT_GRAD) can make NaN where the exact sums
 * have an infinity or a finite value.
 */
public final class DepthwiseConv implements ConvAlgorithm {
    /** Cells a run over a block of rows spans: long vector loops, while a block's working set stays in L1. */
    static final int BLOCK_CELLS = 2048;
    /** GATHER and SCATTER: tasks per thread, so that threads finishing early take more. */
    static final int TASKS_PER_WORKER = 8;

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

    private static int mult(ConvProblem p) {
        return p.smallChannels() / p.bigChannels();
    }

    /**
     * The loops for a problem, kept from one call to the next: building the tables (and costing the
     * copy-free choice) took a few microseconds, a tenth of a 7x7 layer's call, and a network calls
     * the same layer again and again. Bounded: emptied when full ({@link #kept}). The loops are
     * immutable.
     */
    private static final Map<ConvProblem, ChannelLoops> LOOPS = new ConcurrentHashMap<>();
    static final int MAX_LOOPS = 256;

    private static ChannelLoops loops(ConvProblem p) {
        return kept(LOOPS, p, q -> ChannelLoops.of(new Grid(q, BLOCK_CELLS), mult(q), q.spec().flip()));
    }

    /** The cache's value for p, made and kept when missing; a full cache is emptied first. */
    private static <V> V kept(Map<ConvProblem, V> cache, ConvProblem p, Function<ConvProblem, V> make) {
        V v = cache.get(p);
        if (v == null) {
            v = make.apply(p);
            if (cache.size() >= MAX_LOOPS) {
                cache.clear();
            }
            cache.put(p, v);
        }
        return v;
    }

    /** Planes (GATHER, SCATTER) or channels (WEIGHT_GRAD) that can go to separate tasks. */
    private static int units(ConvProblem p, Pass pass) {
        return pass == Pass.WEIGHT_GRAD ? p.bigChannels() : p.batch() * p.bigChannels();
    }

    private static double work(ChannelLoops loops, ConvProblem p, Pass pass) {
        BlockedGather blocked = blocked(loops, p, pass);
        if (blocked != null) {
            return blocked.cost(p.batch(), DepthwiseCost.BLOCK_COPY_NS, DepthwiseCost.BLOCK_MAC_NS,
                    DepthwiseCost.BLOCK_CALL_NS);
        }
        return loopsWork(loops, p, pass);
    }

    private static double loopsWork(ChannelLoops loops, ConvProblem p, Pass pass) {
        long planes = (long) p.batch() * p.bigChannels();
        return DepthwiseCost.work(loops.counts(pass), planes, pass == Pass.WEIGHT_GRAD ? p.bigChannels() : 0);
    }

    /** Whether a GATHER of {@code p} runs channel-blocked (for tests). */
    boolean blockedGather(ConvProblem p) {
        return blocked(loops(p), p, Pass.GATHER) != null;
    }

    /**
     * The channel-blocked GATHER where it applies and its one-thread estimate beats the row loops'
     * (a choice of the problem alone, never of the threads), else null.
     */
    private static BlockedGather blocked(ChannelLoops loops, ConvProblem p, Pass pass) {
        if (pass != Pass.GATHER || !org.convkit.runtime.Kernels.vectorized()) {
            return null;
        }
        // kept like the loops: a call asks three times (cost, workspace, run), and building the
        // tables each time cost a few microseconds of a 7x7 layer's call
        return kept(BLOCKED, p, q -> {
            BlockedGather b = BlockedGather.of(q);
            return Optional.ofNullable(b != null && b.cost(q.batch(), DepthwiseCost.BLOCK_COPY_NS,
                    DepthwiseCost.BLOCK_MAC_NS, DepthwiseCost.BLOCK_CALL_NS) < loopsWork(loops, q, pass) ? b : null);
        }).orElse(null);
    }

    /** The channel-blocked choice per problem (GATHER, vector kernels), bounded as LOOPS is; immutable values. */
    private static final Map<ConvProblem, Optional<BlockedGather>> BLOCKED = new ConcurrentHashMap<>();

    /** Threads actually used: fewer than asked when the work is too small to share (the result is the same). */
    private static int workers(double work, ConvProblem p, Pass pass, int threads) {
        return DepthwiseCost.workers(work, threads, units(p, pass));
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        double work = work(loops(p), p, pass);
        return DepthwiseCost.estimate(work, workers(work, p, pass, threads));
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        ChannelLoops loops = loops(p);
        int workers = workers(work(loops, p, pass), p, pass, threads);
        BlockedGather blocked = blocked(loops, p, pass);
        return blocked != null ? blocked.workspaceFloats(workers) : workers * loops.floats(pass);
    }

    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        Grid g = new Grid(p, BLOCK_CELLS);
        switch (pass) {
            case GATHER:
                return g.kernelVolume() + 2;
            case SCATTER:
                return (double) mult(p) * g.maxHits() + 2;
            default:
                // the products per float chain, the chains per float partial sum, then double
                return ScalarKernels.DOT_CHUNK / ScalarKernels.DOT_LANES + ChannelLoops.FLUSH_CHUNKS + 2;
        }
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        check(p, pass);
        ChannelLoops loops = loops(p);
        int workers = workers(work(loops, p, pass), p, pass, threads);
        BlockedGather blocked = blocked(loops, p, pass);
        if (blocked != null) {
            blocked.run(big, small, weight, bias, p.batch(), workers);
            return;
        }
        run(loops, p, pass, big, small, weight, bias, workers);
    }

    private void check(ConvProblem p, Pass pass) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
    }

    /** The tap tables are built once, for every call of the prepared pass; the weight is copied. */
    @Override
    public Prepared prepare(ConvProblem p, Pass pass, float[] weight, int threads) {
        Prepared.requireWeightPass(pass);
        check(p, pass);
        ChannelLoops loops = loops(p);
        int workers = workers(work(loops, p, pass), p, pass, threads);
        BlockedGather blocked = blocked(loops, p, pass);
        if (blocked != null) {
            float[] coef = blocked.coefficients(weight);
            return new Prepared() {
                @Override
                public void run(float[] big, float[] small, float[] bias) {
                    blocked.runPacked(big, small, coef, bias, p.batch(), workers);
                }

                @Override
                public long floats() {
                    return coef.length;
                }
            };
        }
        float[] w = weight.clone();
        return new Prepared() {
            @Override
            public void run(float[] big, float[] small, float[] bias) {
                DepthwiseConv.run(loops, p, pass, big, small, w, bias, workers);
            }

            @Override
            public long floats() {
                return w.length;
            }
        };
    }

    private static void run(ChannelLoops loops, ConvProblem p, Pass pass, float[] big, float[] small, float[] weight,
                            float[] bias, int workers) {
        int mult = mult(p);
        int cb = p.bigChannels();
        Grid g = loops.grid();
        int bv = g.bigVolume();
        int sv = g.smallVolume();
        int kv = g.kernelVolume();
        if (pass == Pass.WEIGHT_GRAD && p.batch() == 0) {
            java.util.Arrays.fill(weight, 0f);
            return;
        }
        int units = units(p, pass);
        if (units == 0) {
            return;
        }
        int tasks = pass == Pass.WEIGHT_GRAD ? units : Math.min(units, workers * TASKS_PER_WORKER);
        ConcurrentLinkedQueue<ChannelLoops.Buffers> free = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < Math.min(workers, tasks); w++) {
            free.add(loops.buffers(pass));
        }
        Parallel.forEach(tasks, workers, task -> {
            // at most `workers` tasks run at once, so a set of buffers is always free
            ChannelLoops.Buffers b = free.poll();
            if (pass == Pass.WEIGHT_GRAD) {
                int c = task;
                loops.weightGrad(big, cb * bv, c * bv, small, cb * mult * sv, c * mult * sv, p.batch(), weight,
                        c * mult * kv, b);
            } else {
                // planes [lo, hi): consecutive (image, channel) pairs
                int lo = (int) ((long) units * task / tasks);
                int hi = (int) ((long) units * (task + 1) / tasks);
                for (int plane = lo; plane < hi; plane++) {
                    int c = plane % cb;
                    if (pass == Pass.GATHER) {
                        loops.gather(big, plane * bv, small, plane * mult * sv, weight, c * mult * kv, bias, c * mult, b);
                    } else {
                        loops.scatter(big, plane * bv, small, plane * mult * sv, weight, c * mult * kv,
                                bias == null ? 0f : bias[c], b);
                    }
                }
            }
            free.add(b);
        });
        for (ChannelLoops.Buffers b : free) {
            b.release();
        }
    }
}
