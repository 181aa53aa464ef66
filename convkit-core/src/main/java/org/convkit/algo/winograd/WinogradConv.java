package org.convkit.algo.winograd;

import java.util.concurrent.ConcurrentLinkedQueue;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Kernels;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.runtime.Scratch;
import org.convkit.runtime.Sgemm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * Winograd F(4x4, 3x3) convolution: each 4 x 4 output tile from a 6 x 6 input tile with 36
 * multiplications per channel pair instead of 144, the products summed over channels by 36
 * independent GEMMs per group ({@code M[xi] = U[xi] V[xi]}, U = G g G^T per weight pair, V = B^T d B
 * per input tile, then Y = A^T M A); see {@link WinogradTransform} for the matrices.
 *
 * <p><b>Supports</b> 2-D, 3 x 3 kernels, stride 1, dilation 1 (and any dilation on GATHER with zero
 * padding, split into stacked undilated phases by {@link Polyphase}), any groups with at least two input
 * channels per group, any explicit or word padding (asymmetric, wider than the kernel), flip, and
 * <ul>
 *   <li>GATHER (convolution forward, transposed convolution's input gradient) with every padding
 *       mode: tiles read padded rows of the input made through the mode, per chunk of tiles;</li>
 *   <li>SCATTER (convolution's input gradient, stride-1 transposed convolution forward) with zero
 *       padding: the same correlation with the kernel reversed, channel roles swapped and padding
 *       2 - p;</li>
 *   <li>WEIGHT_GRAD with every padding mode: {@code dK = G^T [sum over tiles (A dY A^T) . (B^T d B)] G},
 *       the adjoint of the gather ({@link WeightGradient}).</li>
 * </ul>
 * It declines other padding modes on SCATTER (their borders fold back), and a
 * single input channel per group (depthwise and single-channel problems: the transforms would cost
 * more than they save; the depthwise and direct algorithms do these exactly).
 *
 * <p><b>Error.</b> Winograd rounds in a transformed domain where every input of a tile takes part
 * in every output, so its error is larger than a direct sum's and grows at zero-padded borders,
 * where an output has few real products but its tile is full. The stated budget is
 * {@code c = A sqrt(R)} ({@link ErrorModel}): A is the transforms' amplification from the norms of
 * A^T, G and B^T, worked out per output position from which taps and tile inputs are live (97 in
 * an image's interior, up to 447 at a corner with padding 2), and R the number of roundings on the
 * longest path (46 + 2 C_in/groups). Measured on 1x64x56x56 with 64 filters and padding 1
 * (WinogradErrorTest; largest |error| over all outputs, in units of u * sum|x*w| of that output,
 * u = 2^-24):
 * <pre>
 *   transform                         pass     data     measured   budget c
 *   F(4x4,3x3), points 0,1,-1,1/2,-2  GATHER   [-1,1)    17.9       2697
 *   F(4x4,3x3), points 0,1,-1,1/2,-2  GATHER   [0,1)     17.4       2697
 *   F(4x4,3x3), points 0,1,-1,1/2,-2  SCATTER  [-1,1)    14.0       2697
 *   F(4x4,3x3), Lavin's 0,1,-1,2,-2   GATHER   [-1,1)    39.2       7200
 *   F(2x2,3x3), points 0,1,-1         GATHER   [-1,1)     1.9        152
 * </pre>
 * That is a relative error of about 1e-6 of sum|x*w|, where a direct float sum makes a few u.
 * Across 1 to 512 channels and paddings 0 to 2 the measured error stayed within 0.5 of the budget,
 * the worst cases being two-channel problems at a corner read through one tap. The budget assumes
 * what real data has, inputs of similar magnitude across a tile: a tile whose other inputs dwarf
 * those an output reads can exceed any budget relative to that output's own sum, which is
 * inherent to Winograd.
 *
 * <p><b>Work and threads.</b> Weights are transformed once per call. Tiles are numbered across the
 * batch and cut into batches of equal size, a few per core, whose workspace stays within
 * {@link #TASK_BUDGET_FLOATS} plus the batch's band of padded input rows (padded through the mode,
 * so tiles need no bounds checks; {@link Tiling.Band}), so the workspace does not grow with the
 * input; per batch the data is tile-major, so each of the 36 GEMMs per group
 * is (tiles x C_in/groups) times (C_in/groups x C_out/groups) with the output channels along the
 * vectorized dimension. Each batch is one task that writes its own output tiles in a fixed order,
 * so results are bitwise the same for any thread count.
 */
public final class WinogradConv implements ConvAlgorithm {
    /** Floats of workspace a task's batch of tiles may use: 2 MiB, an L2 of the development machine. */
    static final int TASK_BUDGET_FLOATS = 1 << 19;
    /** The fewest tiles a batch has even with very many channels (a GEMM needs some rows), and the most. */
    static final int MIN_BATCH_TILES = 8;
    static final int MAX_BATCH_TILES = 256;
    /**
     * Batches per core when there are tiles enough (a multiple of the core count, so no core idles
     * at the end), and the fewest tiles a batch is cut to for that. The split depends on the
     * problem and the machine, never on the thread count asked for.
     */
    static final int BALANCE_TASKS_PER_CORE = 4;
    static final int BALANCE_TILES = 16;
    /** Columns a transform step should span at least (tiles x channels): a few vector loop trips. */
    static final int SLAB_COLUMNS = 512;

    private final WinogradTransform transform;
    private final Sgemm sgemm;

    public WinogradConv() {
        this(WinogradTransform.f43(), null);
    }

    /** A variant for tests and measurements: another transform, or a fixed GEMM (null: the active one). */
    WinogradConv(WinogradTransform transform, Sgemm sgemm) {
        this.transform = transform;
        this.sgemm = sgemm;
    }

    @Override
    public Algorithm id() {
        return Algorithm.WINOGRAD;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        int[] k = p.geometry().kernel();
        if (k.length != 2) {
            return "Winograd is implemented for 2-D convolutions only, this one is " + k.length + "-D";
        }
        if (k[0] != transform.r || k[1] != transform.r) {
            return "Winograd " + transform + " needs a " + transform.r + "x" + transform.r + " kernel, not " + k[0] + "x"
                    + k[1];
        }
        for (int i = 0; i < 2; i++) {
            if (p.geometry().stride()[i] != 1) {
                return "Winograd needs stride 1, not " + p.geometry().stride()[i];
            }
        }
        int perGroup = (pass == Pass.SCATTER ? p.smallChannels() : p.bigChannels()) / p.groups();
        if (perGroup == 1) {
            return "one input channel per group: the transformed products would not be summed over channels, so "
                    + "the transforms cost more than they save (depthwise or direct loops do this exactly)";
        }
        if (pass == Pass.SCATTER && p.spec().paddingMode() != PaddingMode.ZEROS) {
            return "a scatter with padding mode " + p.spec().paddingMode() + " folds the border back, which Winograd "
                    + "does not do";
        }
        if (dilated(p)) {
            if (pass != Pass.GATHER) {
                return "Winograd with dilation " + java.util.Arrays.toString(p.geometry().dilation())
                        + " runs the gather pass only";
            }
            Polyphase split = new Polyphase(p);
            if (split.why != null) {
                return split.why;
            }
        }
        // the dilation phases are copies of the whole input and output: past the budget, GEMM's tiles
        // do it instead
        long need = workspaceFloats(p, pass, Parallel.CORES);
        long budget = ConvAlgorithm.workspaceBudget(p);
        if (need > budget) {
            return String.format(java.util.Locale.ROOT, "its workspace, %.1f MiB with a copy of the whole input, "
                    + "would pass the per-call budget of %.1f MiB (the larger of 16 MiB and 10%% of input, output "
                    + "and weights)", need / 262144.0, budget / 262144.0);
        }
        return null;
    }

    private static boolean dilated(ConvProblem p) {
        int[] d = p.geometry().dilation();
        return d[0] != 1 || d[1] != 1;
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        if (dilated(p)) {
            Polyphase split = new Polyphase(p);
            double sum = WinogradCost.copy(p, threads);
            for (Polyphase.Stack st : split.stacks) {
                sum += cost(st.sub(), pass, threads);
            }
            return sum;
        }
        Correlation c = new Correlation(p, pass);
        Tiling tiling = new Tiling(c, transform.m);
        if (pass == Pass.WEIGHT_GRAD) {
            return WinogradCost.estimate(c, tiling, transform.alpha, Math.max(1, threads));
        }
        Batching b = new Batching(c, tiling, transform);
        return WinogradCost.estimate(c, tiling, transform.alpha, b.workers(threads), b.chunks);
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        if (dilated(p)) {
            Polyphase split = new Polyphase(p);
            long most = 0;
            for (Polyphase.Stack st : split.stacks) {
                most = Math.max(most, workspaceFloats(st.sub(), pass, threads));
            }
            return split.largest(true) + split.largest(false) + most;
        }
        Correlation c = new Correlation(p, pass);
        if (pass == Pass.WEIGHT_GRAD) {
            return WeightGradient.workspaceFloats(transform, c, threads);
        }
        Batching b = new Batching(c, new Tiling(c, transform.m), transform);
        return b.chunks == 0 ? 0 : b.weightFloats() + (long) b.workers(threads) * (b.taskFloats(b.tiles) + b.band);
    }

    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        if (dilated(p)) {
            double most = 0;
            for (Polyphase.Stack st : new Polyphase(p).stacks) {
                most = Math.max(most, errorBound(st.sub(), pass));
            }
            return most;
        }
        Correlation c = new Correlation(p, pass);
        if (pass == Pass.WEIGHT_GRAD) {
            return WeightGradient.errorBound(transform, c);
        }
        return ErrorModel.budget(transform, c);
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
        if (dilated(p)) {
            runPhases(p, big, small, weight, bias, threads);
            return;
        }
        if (pass == Pass.WEIGHT_GRAD) {
            new WeightGradient(transform, sgemm).run(p, big, small, weight, threads);
            return;
        }
        Correlation c = new Correlation(p, pass);
        Tiling tiling = new Tiling(c, transform.m);
        Batching b = new Batching(c, tiling, transform);
        if (tiling.total == 0) {
            return;
        }
        WeightSet u = new WeightSet(b);
        Parallel.forEach(u.blocks(), threads, blk -> transformWeights(c, weight, u, blk));
        Sgemm gemm = gemm();
        tiles(c, tiling, b, gemm, Filters.stored(u.u, c), pass, big, small, bias, threads);
        u.release();
    }

    private Sgemm gemm() {
        return sgemm != null ? sgemm : Kernels.sgemm();
    }

    /** Every batch of tiles through the transforms and the GEMMs with these filters. */
    private void tiles(Correlation c, Tiling tiling, Batching b, Sgemm gemm, Filters u, Pass pass, float[] big,
                       float[] small, float[] bias, int threads) {
        float[] in = pass == Pass.GATHER ? big : small;
        float[] out = pass == Pass.GATHER ? small : big;
        int workers = b.workers(threads);
        ConcurrentLinkedQueue<Workspace> free = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < workers; w++) {
            free.add(new Workspace(b));
        }
        Parallel.forEach(b.chunks, threads, ch -> {
            // at most `workers` tasks run at once, so a workspace is always free
            Workspace ws = free.poll();
            chunk(c, tiling, b, gemm, in, out, u, bias, ch, ws);
            free.add(ws);
        });
        for (Workspace ws : free) {
            ws.release();
        }
    }

    /**
     * The filters transformed once and packed for the GEMMs, which every call then reads as they
     * are: per call the weight transform and packing B took two thirds of a 14x14 ResNet layer.
     * A dilated gather (its phases) keeps the default, one transform per call.
     */
    @Override
    public Prepared prepare(ConvProblem p, Pass pass, float[] weight, int threads) {
        Prepared.requireWeightPass(pass);
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
        if (dilated(p)) {
            return ConvAlgorithm.super.prepare(p, pass, weight, threads);
        }
        Correlation c = new Correlation(p, pass);
        Tiling tiling = new Tiling(c, transform.m);
        Batching b = new Batching(c, tiling, transform);
        Sgemm gemm = gemm();
        Filters packed;
        if (tiling.total == 0) {
            packed = null;
        } else {
            WeightSet u = new WeightSet(b);
            Parallel.forEach(u.blocks(), threads, blk -> transformWeights(c, weight, u, blk));
            packed = Filters.packed(gemm, u.u, c);
            u.release();
        }
        return new Prepared() {
            @Override
            public void run(float[] big, float[] small, float[] bias) {
                if (packed != null) {
                    tiles(c, tiling, b, gemm, packed, pass, big, small, bias, threads);
                }
            }

            @Override
            public long floats() {
                return packed == null ? 0 : packed.floats();
            }
        };
    }

    /** The transformed filters U[xi] per group as the GEMMs' right operand: as computed, or packed once. */
    private abstract static class Filters {
        /** {@code M[xi] rows 0..count, group g = V[xi] U[xi]_g}, V and M tile-major with channel columns. */
        abstract void multiply(Sgemm gemm, int xi, int g, int count, float[] v, int vOff, int ldv, float[] m, int mOff,
                               int ldm);

        abstract long floats();

        static Filters stored(float[][] u, Correlation c) {
            int cig = c.inPerGroup();
            int cog = c.outPerGroup();
            return new Filters() {
                @Override
                void multiply(Sgemm gemm, int xi, int g, int count, float[] v, int vOff, int ldv, float[] m, int mOff,
                              int ldm) {
                    gemm.multiply(false, false, count, cog, cig, v, vOff, ldv, u[xi], g * cig * cog, cog, m, mOff, ldm,
                            false);
                }

                @Override
                long floats() {
                    return 0;
                }
            };
        }

        static Filters packed(Sgemm gemm, float[][] u, Correlation c) {
            int cig = c.inPerGroup();
            int cog = c.outPerGroup();
            org.convkit.runtime.PackedMatrix[][] pb = new org.convkit.runtime.PackedMatrix[u.length][c.groups];
            long floats = 0;
            for (int xi = 0; xi < u.length; xi++) {
                for (int g = 0; g < c.groups; g++) {
                    pb[xi][g] = gemm.packB(false, cig, cog, u[xi], g * cig * cog, cog);
                    floats += pb[xi][g].floats();
                }
            }
            long held = floats;
            return new Filters() {
                @Override
                void multiply(Sgemm gemm2, int xi, int g, int count, float[] v, int vOff, int ldv, float[] m, int mOff,
                              int ldm) {
                    gemm2.multiply(false, count, v, vOff, ldv, pb[xi][g], m, mOff, ldm, false);
                }

                @Override
                long floats() {
                    return held;
                }
            };
        }
    }

    /** A dilated gather, a stack of phases at a time ({@link Polyphase}); each output is written once. */
    private void runPhases(ConvProblem p, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        Polyphase split = new Polyphase(p);
        // from the pool: each stack's input is copied in whole, and its outputs are all written
        float[] in = Scratch.take(Math.toIntExact(split.largest(true)));
        float[] out = Scratch.take(Math.toIntExact(split.largest(false)));
        for (Polyphase.Stack st : split.stacks) {
            split.gatherInput(st, big, in, threads);
            run(st.sub(), Pass.GATHER, in, out, weight, bias, threads);
            split.scatterOutput(st, out, small, threads);
        }
        Scratch.give(in);
        Scratch.give(out);
    }

    /**
     * U[xi] holds, per group, the Cin/groups x Cout/groups matrix of (G K(co, ci) G^T)[xi], row ci,
     * column co: the GEMM's B. One block of pairs, numbered in that order.
     */
    private void transformWeights(Correlation c, float[] weight, WeightSet w, int blk) {
        int r = transform.r;
        int cig = c.inPerGroup();
        int cog = c.outPerGroup();
        int first = blk * WeightSet.BLOCK;
        int count = Math.min(WeightSet.BLOCK, w.pairs - first);
        int[] taps = c.taps();
        // walk (group, ci, co in group) from the block's first pair on, without a division per pair
        int g = first / (cig * cog);
        int ci = first / cog % cig;
        int col = first % cog;
        for (int pair = first; pair < first + count; pair++) {
            int off = c.weightOffset(g * cog + col, ci);
            for (int k = 0; k < r * r; k++) {
                w.taps[k][pair] = weight[off + taps[k]];
            }
            if (++col == cog) {
                col = 0;
                if (++ci == cig) {
                    ci = 0;
                    g++;
                }
            }
        }
        transform.weight.apply(w.taps, w.u, w.tmp, w.zero, first, count);
    }

    /**
     * One batch of tiles through input transform, alpha^2 GEMMs per group, output transform. Rows
     * are tile-major, column t * channels + ch for tile t of channel ch, so that each GEMM is
     * {@code M[xi] (tiles x Cout) = V[xi] (tiles x Cin) U[xi] (Cin x Cout)} with the channels, usually
     * a multiple of the vector length, along the vectorized dimension. The transforms run on slabs
     * of tiles, all channels at once, in loops long enough for the JIT's vector code.
     */
    private void chunk(Correlation c, Tiling tiling, Batching b, Sgemm sgemm, float[] in, float[] out, Filters u,
                       float[] bias, int ch, Workspace ws) {
        int first = ch * b.tiles;
        int count = Math.min(b.tiles, tiling.total - first);
        int a2 = transform.alpha * transform.alpha;
        int cin = c.inChannels;
        int cout = c.outChannels;
        int cig = c.inPerGroup();
        int cog = c.outPerGroup();
        // the band of padded rows these tiles read, made here: no padded copy of the whole input
        Tiling.Band band = tiling.band(first, count);
        tiling.padBand(in, first, count, band, ws.band);
        tiling.locate(first, count, band, ws.inBase, ws.outBase);
        for (int t0 = 0; t0 < count; t0 += b.slab) {
            int st = Math.min(b.slab, count - t0);
            tiling.gather(ws.band, band.planeFloats(tiling), t0, st, ws.inBase, ws.rows);
            transform.input.apply(ws.rows, ws.v, ws.tmp, ws.zero, t0 * cin, st * cin);
        }
        for (int xi = 0; xi < a2; xi++) {
            for (int g = 0; g < c.groups; g++) {
                u.multiply(sgemm, xi, g, count, ws.v[xi], g * cig, cin, ws.m[xi], g * cog, cout);
            }
        }
        for (int t0 = 0; t0 < count; t0 += b.slab) {
            int st = Math.min(b.slab, count - t0);
            transform.output.apply(ws.m, ws.rows, ws.tmp, ws.zero, t0 * cout, st * cout);
            tiling.scatter(ws.rows, out, bias, first, t0, st, ws.outBase);
        }
    }

    /**
     * How the tiles are split into tasks: batches of at most {@link #MAX_BATCH_TILES} tiles whose
     * workspace fits {@link #TASK_BUDGET_FLOATS}, all of one size so the work is even, and enough of
     * them for every core ({@link #BALANCE_TASKS_PER_CORE}). Never depends on the thread count.
     */
    static final class Batching {
        final int tiles;
        final int chunks;
        final int a2;
        final int alpha;
        final int r;
        /** Tiles transformed together. */
        final int slab;
        /** Floats of the largest chunk's band of padded input rows ({@link Tiling.Band}). */
        final int band;
        final Correlation c;

        Batching(Correlation c, Tiling tiling, WinogradTransform t) {
            this.c = c;
            alpha = t.alpha;
            r = t.r;
            a2 = alpha * alpha;
            long perTile = taskFloats(1);
            int most = (int) Math.max(MIN_BATCH_TILES, Math.min(MAX_BATCH_TILES, TASK_BUDGET_FLOATS / perTile));
            int n = Math.max(1, tiling.total);
            int k = (n + most - 1) / most;
            // enough batches to keep every core busy to the end, while batches keep BALANCE_TILES tiles
            int cores = Math.max(1, Parallel.CORES);
            k = Math.max(k, Math.min(BALANCE_TASKS_PER_CORE * cores, n / BALANCE_TILES));
            k = Math.min(n, (k + cores - 1) / cores * cores);
            tiles = (n + k - 1) / k;
            chunks = tiling.total == 0 ? 0 : (tiling.total + tiles - 1) / tiles;
            slab = Math.max(1, Math.min(tiles, (SLAB_COLUMNS + c.inChannels - 1) / c.inChannels));
            band = Math.toIntExact(tiling.mostBandFloats(tiles));
        }

        int widest() {
            return Math.max(c.inChannels, c.outChannels);
        }

        /** V, M, the patch rows (reused for finished tiles), transform scratch and a zero row, two int offsets per tile. */
        long taskFloats(int tiles) {
            return (long) tiles * ((long) a2 * (c.inChannels + c.outChannels + widest()) + (alpha + 1L) * widest() + 2);
        }

        /** U, the gathered taps, transform scratch and a zero row. */
        long weightFloats() {
            return (long) (a2 + r * r + r + 1) * c.outChannels * c.inPerGroup();
        }

        int workers(int threads) {
            return chunks == 0 ? 0 : Math.max(1, Math.min(threads, chunks));
        }
    }

    /** The transformed weights U, one row per tile element, and the scratch that made them. */
    private static final class WeightSet {
        /** Pairs transformed per task: enough for long vector loops, few enough to share the work. */
        static final int BLOCK = WeightGradient.PAIR_BLOCK;
        final int pairs;
        final float[][] u;
        final float[][] taps;
        final float[][] tmp;
        final float[] zero;

        WeightSet(Batching b) {
            pairs = b.c.outChannels * b.c.inPerGroup();
            u = Scratch.take(b.a2, pairs);
            taps = Scratch.take(b.r * b.r, pairs);
            tmp = Scratch.take(b.r, pairs);
            zero = Scratch.zeros(pairs);
        }

        void release() {
            Scratch.give(u, taps, tmp);
            Scratch.give(zero);
        }

        int blocks() {
            return (pairs + BLOCK - 1) / BLOCK;
        }
    }

    /** One task's scratch. */
    private static final class Workspace {
        final float[][] rows;
        final float[][] tmp;
        final float[][] v;
        final float[][] m;
        final float[] zero;
        final int[] inBase;
        final int[] outBase;
        /** The chunk's band of padded input rows. */
        final float[] band;

        /** Buffers from {@link Scratch}: the transforms and the gather write every cell they later read. */
        Workspace(Batching b) {
            int wide = b.widest() * b.tiles;
            rows = Scratch.take(b.a2, wide);
            tmp = Scratch.take(b.alpha, wide);
            zero = Scratch.zeros(wide);
            v = Scratch.take(b.a2, b.c.inChannels * b.tiles);
            m = Scratch.take(b.a2, b.c.outChannels * b.tiles);
            inBase = new int[b.tiles];
            outBase = new int[b.tiles];
            band = Scratch.take(b.band);
        }

        void release() {
            Scratch.give(rows, tmp, v, m);
            Scratch.give(zero);
            Scratch.give(band);
        }
    }
}
