package org.convkit.algo.fft;

import org.convkit.runtime.Parallel;
import org.convkit.spec.ConvProblem;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.spec.Geometry;

/**
 * How {@link FftConv} cuts one problem into tiles (overlap-save): a power-of-two tile size per
 * dimension, how many tiles a block holds, which outputs each tile yields. Chosen by the
 * {@link FftCost} model among all tile sizes whose workspace fits the limits below, as a pure
 * function of the problem: never of the thread count, so the results cannot depend on it.
 *
 * <p>Along a dimension with kernel span {@code e = (k-1)d + 1} and stride s, a tile of T cells
 * yields {@code m = (T - e)/s + 1} outputs: the stride-1 correlation is computed over the tile and
 * every s-th value kept. So stride is supported, at s times the work per output per dimension; the
 * model accounts for it and the planner weighs it against direct methods.
 */
final class FftPlan {
    /** Largest per-thread workspace, in floats (blocks of tiles, their spectra, accumulators). */
    static final long THREAD_LIMIT = 4L << 20;
    /** Largest total size of the kernel spectra, in floats. */
    static final long KERNEL_LIMIT = 32L << 20;
    /** At most this many 1-D tiles side by side in a part of a block (lanes of the last transform). */
    static final int MAX_TILES_PER_PART = 256;

    final int dims;
    final int batch;
    final int groups;
    final int bigChannels;
    final int smallChannels;
    final int bigPerGroup;
    final int smallPerGroup;
    final int[] big;
    final int[] small;
    final int[] kernel;
    final int[] stride;
    final int[] dilation;
    final int[] padBefore;
    final int[] span;
    final TileShape shape;
    /** Outputs per full tile, per dimension. */
    final int[] perTile;
    /** Tiles along each dimension of one image. */
    final int[] tiles;
    final long tilesPerImage;
    final long totalTiles;
    /** Blocks of 2M tiles. */
    final int blocks;
    /**
     * With fewer input than output channels per group, keep every input channel's spectrum and
     * accumulate one output at a time; otherwise transform one input at a time into one accumulator
     * per output. Same sums in the same order either way; only the workspace differs.
     */
    final boolean keepInputs;

    private final long budget;

    private FftPlan(ConvProblem p, int[] tileSize, int tilesPerPart) {
        this.budget = budget(p);
        Geometry g = p.geometry();
        dims = g.dims();
        batch = p.batch();
        groups = p.groups();
        bigChannels = p.bigChannels();
        smallChannels = p.smallChannels();
        bigPerGroup = bigChannels / groups;
        smallPerGroup = smallChannels / groups;
        big = p.bigSpatial();
        small = p.smallSpatial();
        kernel = g.kernel();
        stride = g.stride();
        dilation = g.dilation();
        padBefore = g.padBefore();
        span = spans(kernel, dilation);
        shape = new TileShape(tileSize, tilesPerPart);
        perTile = new int[dims];
        tiles = new int[dims];
        long perImage = 1;
        for (int d = 0; d < dims; d++) {
            perTile[d] = (tileSize[d] - span[d]) / stride[d] + 1;
            tiles[d] = (small[d] + perTile[d] - 1) / perTile[d];
            perImage *= tiles[d];
        }
        tilesPerImage = perImage;
        totalTiles = perImage * batch;
        blocks = Math.toIntExact((totalTiles + 2L * tilesPerPart - 1) / (2L * tilesPerPart));
        keepInputs = bigPerGroup < smallPerGroup;
    }

    /** The cheapest plan whose workspace fits the limits, or null when even the smallest tiles do not fit. */
    static FftPlan choose(ConvProblem p) {
        int[] lo = smallestTile(p);
        int[] hi = largestUsefulTile(p);
        FftPlan best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        int[] t = lo.clone();
        while (true) {
            int maxM = t.length == 1 ? MAX_TILES_PER_PART : 1;
            for (int m = 1; m <= maxM && volume(t, m) <= THREAD_LIMIT; m *= 2) {
                FftPlan c = new FftPlan(p, t, m);
                if (m > 1 && 2L * (m / 2) >= c.totalTiles) {
                    break; // the block would be more than half empty
                }
                if (c.fits()) {
                    double cost = FftCost.call(c, 1);
                    if (cost < bestCost) {
                        bestCost = cost;
                        best = c;
                    }
                }
            }
            int d = t.length - 1;
            while (d >= 0 && t[d] == hi[d]) {
                t[d] = lo[d];
                d--;
            }
            if (d < 0) {
                return best;
            }
            t[d] *= 2;
        }
    }

    /** Floats one block of the smallest tiles would need, or -1 when a block alone passes the limit: what unsupported() reports. */
    static long smallestThreadFloats(ConvProblem p) {
        int[] t = smallestTile(p);
        return volume(t, 1) > THREAD_LIMIT ? -1 : new FftPlan(p, t, 1).threadFloats();
    }

    /** Floats of the kernel spectra at the smallest tiles, or -1 when a block alone passes the limit. */
    static long smallestKernelFloats(ConvProblem p) {
        int[] t = smallestTile(p);
        return volume(t, 1) > THREAD_LIMIT ? -1 : new FftPlan(p, t, 1).kernelFloats();
    }

    /** Complex cells of a block, in long: candidates are screened with it before any int arithmetic. */
    private static long volume(int[] t, int tilesPerPart) {
        long v = tilesPerPart;
        for (int x : t) {
            v *= x;
        }
        return v;
    }

    /**
     * Within the per-thread and kernel limits, and the whole call within the project's memory budget,
     * max(4M floats, 10% of input + output + weights), counted for as many threads as there are
     * cores so that the choice never depends on the thread count.
     */
    boolean fits() {
        return threadFloats() <= THREAD_LIMIT && kernelFloats() <= KERNEL_LIMIT
                && workspaceFloats(Parallel.CORES) <= budget;
    }

    /** The project's per-call workspace budget for this problem, in floats. */
    static long budget(ConvProblem p) {
        return ConvAlgorithm.workspaceBudget(p);
    }

    /**
     * Floats one thread works in: a natural block, the spectral blocks (inputs or accumulators) and
     * the transform's scratch (a block).
     */
    long threadFloats() {
        int spectra = keepInputs ? bigPerGroup + 1 : 1 + smallPerGroup;
        return 2 * ((1 + spectra) * shape.blockDoubles() + TileTransform.scratchDoubles(shape));
    }

    /** Floats of the kernel spectra. */
    long kernelFloats() {
        return 2L * smallChannels * bigPerGroup * shape.single().blockDoubles();
    }

    /** Threads that get a share of the blocks (each allocates its workspace once). */
    int blockWorkers(int threads) {
        return (int) Math.min(threads, blocks);
    }

    /** Threads that get a share of the kernels (each allocates a natural kernel block and a block of transform scratch). */
    int kernelWorkers(int threads) {
        return (int) Math.min(threads, (long) smallChannels * bigPerGroup);
    }

    /** Every float allocated by a call on {@code threads} threads. */
    long workspaceFloats(int threads) {
        if (blocks == 0) {
            return 0;
        }
        return kernelFloats()
                + kernelWorkers(threads) * 2 * (shape.single().blockDoubles() + TileTransform.scratchDoubles(shape.single()))
                + blockWorkers(threads) * threadFloats();
    }

    /** Outputs of one full tile. */
    long outputsPerTile() {
        long n = 1;
        for (int m : perTile) {
            n *= m;
        }
        return n;
    }

    private static int[] spans(int[] kernel, int[] dilation) {
        int[] e = new int[kernel.length];
        for (int d = 0; d < kernel.length; d++) {
            e[d] = Geometry.span(kernel[d], dilation[d]);
        }
        return e;
    }

    /** The smallest power of two holding the kernel span: one output per tile. */
    private static int[] smallestTile(ConvProblem p) {
        int[] e = spans(p.geometry().kernel(), p.geometry().dilation());
        int[] t = new int[e.length];
        for (int d = 0; d < e.length; d++) {
            t[d] = ceilPow2(e[d]);
        }
        return t;
    }

    /** The smallest power of two holding all outputs of a dimension: no larger tile helps. */
    private static int[] largestUsefulTile(ConvProblem p) {
        Geometry g = p.geometry();
        int[] e = spans(g.kernel(), g.dilation());
        int[] out = p.smallSpatial();
        int[] t = new int[e.length];
        for (int d = 0; d < e.length; d++) {
            long need = e[d] + (long) (out[d] - 1) * g.stride()[d];
            t[d] = ceilPow2((int) Math.min(1 << 30, Math.max(e[d], need)));
        }
        return t;
    }

    static int ceilPow2(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
