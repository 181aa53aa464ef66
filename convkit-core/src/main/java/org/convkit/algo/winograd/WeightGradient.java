package org.convkit.algo.winograd;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.runtime.Scratch;
import org.convkit.runtime.Sgemm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * The weight gradient, {@code dK(co, ci) = G^T [sum over tiles (A dY A^T) . (B^T d B)] G}: the
 * input patches d and the output gradient's tiles dY go into the transformed domain together,
 * alpha^2 GEMMs per group sum their products over the tiles (K = tiles, so both operands are
 * read as stored, no transposing pack), and one adjoint weight transform per pair brings the sums
 * back to taps. Tiles go in chunks ({@link Chunking}), one after another: within a chunk
 * the transforms run in parallel over slabs of tiles and the GEMMs over (tile element, group),
 * each sum owned by one task, and each chunk's sums are added to the running totals in chunk
 * order, so the result does not depend on the thread count and no float chain is longer than
 * a chunk's tiles plus the number of chunks.
 */
final class WeightGradient {
    /** Pairs (output channel, input channel of its group) per task of the weight transforms. */
    static final int PAIR_BLOCK = 1024;

    private final WinogradTransform transform;
    /** A fixed GEMM (tests), or null for the active one. */
    private final Sgemm sgemm;

    WeightGradient(WinogradTransform transform, Sgemm sgemm) {
        this.transform = transform;
        this.sgemm = sgemm;
    }

    /** Floats of workspace a call uses on {@code threads} threads: {@link Chunking#floats}. */
    static long workspaceFloats(WinogradTransform t, Correlation c, int threads) {
        Tiling tiling = new Tiling(c, t.m);
        return tiling.total == 0 ? 0 : new Chunking(c, tiling, t).floats(threads);
    }

    /** The error budget ({@link ErrorModel#gradientBudget}) for the chunks this problem is cut into. */
    static double errorBound(WinogradTransform t, Correlation c) {
        Chunking b = new Chunking(c, new Tiling(c, t.m), t);
        return ErrorModel.gradientBudget(t, b.tiles, b.chunks);
    }

    void run(ConvProblem p, float[] big, float[] small, float[] weight, int threads) {
        Correlation c = new Correlation(p, Pass.WEIGHT_GRAD);
        Tiling tiling = new Tiling(c, transform.m);
        if (tiling.total == 0) {
            Arrays.fill(weight, 0, c.outChannels * c.inPerGroup() * transform.r * transform.r, 0f);
            return;
        }
        Chunking b = new Chunking(c, tiling, transform);
        int a2 = transform.alpha * transform.alpha;
        int cin = c.inChannels;
        int cout = c.outChannels;
        int cig = c.inPerGroup();
        int cog = c.outPerGroup();
        int pairs = cout * cig;
        float[] bandRows = Scratch.take(b.band);
        float[][] v = Scratch.take(a2, cin * b.tiles);
        float[][] dy = Scratch.take(a2, cout * b.tiles);
        float[][] sums = Scratch.take(a2, pairs);
        float[][] part = b.chunks > 1 ? Scratch.take(a2, pairs) : sums;
        int[] inBase = new int[b.tiles];
        int[] outBase = new int[b.tiles];
        ConcurrentLinkedQueue<SlabScratch> free = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < b.workers(threads); w++) {
            free.add(new SlabScratch(b));
        }
        Sgemm gemm = sgemm != null ? sgemm : Kernels.sgemm();
        for (int ch = 0; ch < b.chunks; ch++) {
            int first = ch * b.tiles;
            int count = Math.min(b.tiles, tiling.total - first);
            // the band of padded input rows this chunk's tiles read (no padded copy of the whole input)
            Tiling.Band band = tiling.band(first, count);
            Parallel.forEach(band.images() * cin, threads, plane -> tiling.padBand(big, first, count, band, bandRows, plane));
            tiling.locate(first, count, band, inBase, outBase);
            int slabs = (count + b.slab - 1) / b.slab;
            Parallel.forEach(slabs, threads, sl -> {
                SlabScratch ws = free.poll();
                int t0 = sl * b.slab;
                int st = Math.min(b.slab, count - t0);
                // the slab's tiles in columns from 0 (the transforms index every array alike), then into place
                tiling.gather(bandRows, band.planeFloats(tiling), 0, st, Arrays.copyOfRange(inBase, t0, t0 + st), ws.rows);
                transform.input.apply(ws.rows, ws.out, ws.tmp, ws.zero, 0, st * cin);
                for (int xi = 0; xi < a2; xi++) {
                    System.arraycopy(ws.out[xi], 0, v[xi], t0 * cin, st * cin);
                }
                tiling.gatherOutput(small, first + t0, 0, st, Arrays.copyOfRange(outBase, t0, t0 + st), ws.rows);
                transform.outputAdjoint.apply(ws.rows, ws.out, ws.tmp, ws.zero, 0, st * cout);
                for (int xi = 0; xi < a2; xi++) {
                    System.arraycopy(ws.out[xi], 0, dy[xi], t0 * cout, st * cout);
                }
                free.add(ws);
            });
            float[][] into = ch == 0 ? sums : part;
            boolean add = ch > 0;
            Parallel.forEach(a2 * c.groups, threads, task -> {
                int xi = task / c.groups;
                int g = task % c.groups;
                int at = g * cig * cog;
                gemm.multiply(true, false, cig, cog, count, v[xi], g * cig, cin, dy[xi], g * cog, cout,
                        into[xi], at, cog, false);
                if (add) {
                    float[] total = sums[xi];
                    float[] chunk = part[xi];
                    for (int i = at; i < at + cig * cog; i++) {
                        total[i] += chunk[i];
                    }
                }
            });
        }
        // back to taps: dK = G^T S G per pair, in blocks of pairs, written where the weight keeps them
        int r = transform.r;
        int[] taps = c.taps();
        // a tap that reads only zero padding, whatever the output, has the exact gradient 0, which the
        // transforms would leave rounding noise on (as dead outputs get their exact bias in a gather)
        boolean[] dead = new boolean[r * r];
        for (int k = 0; k < r * r; k++) {
            dead[k] = deadTap(k / r, c.padTop, c.inH, c.outH, c.mode) || deadTap(k % r, c.padLeft, c.inW, c.outW, c.mode);
        }
        float[][] out = Scratch.take(r * r, pairs);
        float[][] tmp = Scratch.take(transform.alpha, pairs);
        float[] zero = Scratch.zeros(pairs);
        int blocks = (pairs + PAIR_BLOCK - 1) / PAIR_BLOCK;
        Parallel.forEach(blocks, threads, blk -> {
            int lo = blk * PAIR_BLOCK;
            int n = Math.min(PAIR_BLOCK, pairs - lo);
            transform.weightAdjoint.apply(sums, out, tmp, zero, lo, n);
            for (int pair = lo; pair < lo + n; pair++) {
                // pair = (g * cig + ci) * cog + co in group, as transformWeights numbers them
                int co = pair % cog;
                int gci = pair / cog;
                int off = c.weightOffset(gci / cig * cog + co, gci % cig);
                for (int k = 0; k < r * r; k++) {
                    weight[off + taps[k]] = dead[k] ? 0f : out[k][pair];
                }
            }
        });
        for (SlabScratch ws : free) {
            ws.release();
        }
        Scratch.give(v, dy, sums, part != sums ? part : null, out, tmp);
        Scratch.give(bandRows);
        Scratch.give(zero);
    }

    /** One worker's buffers for a slab of a weight gradient's tiles: patches (or gradient tiles), their transform, scratch, zeros. */
    private static final class SlabScratch {
        final float[][] rows;
        final float[][] out;
        final float[][] tmp;
        final float[] zero;

        SlabScratch(Chunking b) {
            int cols = b.wide * b.slab;
            rows = Scratch.take(b.a2, cols);
            out = Scratch.take(b.a2, cols);
            tmp = Scratch.take(b.alpha, cols);
            zero = Scratch.zeros(cols);
        }

        void release() {
            Scratch.give(rows, out, tmp);
            Scratch.give(zero);
        }
    }

    /** Whether tap k of an axis reads padding zeros for every output along it. */
    private static boolean deadTap(int k, int pad, int in, int out, PaddingMode mode) {
        for (int o = 0; o < out; o++) {
            if (mode.source(o - pad + k, in) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * How a weight gradient's tiles are cut: chunks of as many tiles as {@link #GRADIENT_BUDGET_FLOATS}
     * holds (the transformed patches and gradient tiles of the whole chunk, and each worker's
     * patches), so the GEMMs sum over long runs of tiles; slabs of tiles for the transforms.
     */
    static final class Chunking {
        final int tiles;
        final int chunks;
        final int slab;
        final int a2;
        final int alpha;
        final int wide;
        /** Floats of the largest chunk's band of padded input rows ({@link Tiling.Band}). */
        final int band;
        private final Correlation c;
        private final int r;

        Chunking(Correlation c, Tiling tiling, WinogradTransform t) {
            this.c = c;
            alpha = t.alpha;
            a2 = alpha * alpha;
            r = t.r;
            wide = Math.max(c.inChannels, c.outChannels);
            long perTile = (long) a2 * (c.inChannels + c.outChannels);
            int most = (int) Math.max(WinogradConv.MIN_BATCH_TILES, Math.min(Integer.MAX_VALUE / 2, GRADIENT_BUDGET_FLOATS / perTile));
            int n = Math.max(1, tiling.total);
            int k = (n + most - 1) / most;
            tiles = (n + k - 1) / k;
            chunks = tiling.total == 0 ? 0 : (tiling.total + tiles - 1) / tiles;
            slab = Math.max(1, Math.min(tiles, (WinogradConv.SLAB_COLUMNS + c.inChannels - 1) / c.inChannels));
            band = Math.toIntExact(tiling.mostBandFloats(tiles));
        }

        int workers(int threads) {
            return Math.max(1, Math.min(threads, (tiles + slab - 1) / slab));
        }

        /** All of it on {@code threads} threads: the band, V and dY, the workers' slab scratch, the sums (twice with several chunks), the taps' transform. */
        long floats(int threads) {
            long pairs = (long) c.outChannels * c.inPerGroup();
            long chunk = (long) a2 * (c.inChannels + c.outChannels) * tiles;
            long scratch = (long) workers(threads) * (2L * a2 + alpha + 1) * wide * slab;
            long sums = (chunks > 1 ? 2L : 1L) * a2 * pairs;
            long back = (long) (r * r + alpha + 1) * pairs;
            return band + chunk + scratch + sums + back + 2L * tiles;
        }
    }

    /** Floats of one weight-gradient chunk's transformed tiles (4 MiB): enough that the GEMMs sum over long runs of tiles. */
    static final int GRADIENT_BUDGET_FLOATS = 1 << 20;
}
