package org.convkit.algo.gemm;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Kernels;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.runtime.Scratch;
import org.convkit.runtime.Sgemm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/**
 * Every convolution as matrix multiplication: the big signal is lowered tile by tile into columns
 * (im2col, {@link Lowering}) and multiplied by the weight as it is stored, one group at a time.
 *
 * <ul>
 *   <li>GATHER: per (image, group, run of cells), {@code small[csg x run] = W_g[csg x cbg*kv] * col},
 *   the bias written first; runs of whole micro-tiles ({@link CellRanges}), the reduction lowered
 *   and multiplied in chunks that accumulate. Where zero padding leaves taps dead, each region of
 *   cells multiplies only its live taps' rows ({@link LiveTaps}). Tasks write disjoint outputs.</li>
 *   <li>SCATTER: per (image, group, tile), {@code col = W_g^T * small[csg x tile]}, then col2im adds
 *   the columns into big through the padding rule (the exact adjoint). No zeros are inserted for a
 *   stride, so no multiply is wasted. Tiles whose footprints overlap never run at once: they go in
 *   phases ({@link Coloring}), so every big cell adds its contributions in one fixed order. At
 *   stride 1 with zero padding, where the model says so, the SCATTER is instead the GATHER of its
 *   adjoint ({@link #adjoint}).</li>
 *   <li>WEIGHT_GRAD: {@code dW_g[csg x cbg*kv] = sum over images and tiles of small_tile * col^T},
 *   split across tasks by blocks of dW columns (= rows of the lowered matrix: each task lowers only
 *   its own rows), each task summing its tiles in order ({@link PartialSums}). The tile is lowered
 *   as in the other passes (contiguous row copies) and the GEMM takes it transposed: measured on
 *   train-step-3x3, lowering it transposed (a scattered write per cell) cost more than the
 *   transposing pack.</li>
 * </ul>
 *
 * <p>Workspace: one tile of the lowered matrix, at most {@link GemmCost#TILE_FLOATS} floats (or one
 * column, if a column alone is larger), per task running at once; never proportional to the
 * input. A transposed pass's and a weight gradient's tiling ({@link Tiling}) depends on the problem
 * alone, and a GATHER sums each output's reduction in one chain whichever run it falls in, so
 * results are bitwise the same for any thread count.
 */
public final class GemmConv implements ConvAlgorithm {
    private final long tileFloats;
    private final int minColumns;

    public GemmConv() {
        this(GemmCost.TILE_FLOATS, GemmCost.MIN_COLUMNS);
    }

    /** With another tile budget: tests use tiny tiles to put tile edges everywhere. */
    GemmConv(long tileFloats, int minColumns) {
        this.tileFloats = tileFloats;
        this.minColumns = minColumns;
    }

    @Override
    public Algorithm id() {
        return Algorithm.GEMM;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        return null;
    }

    /**
     * How a pass is cut up: a GATHER's runs of cells ({@code tiling} null) and, where zero padding
     * leaves taps dead, its regions of live taps ({@code live}, else null), or the tiling of each
     * image ({@code ranges} null), and for a weight gradient the blocks of lowered-matrix rows that
     * tasks take; {@code buffer} is one task's scratch in floats. A GATHER whose maps are shorter
     * than a run takes {@code fold} images per run ({@link #fold}), else 1.
     */
    record Schedule(Grid grid, Tiling tiling, CellRanges ranges, LiveTaps live, int blockRows, int blocks, long buffer,
                    int depth, int fold) {
        /** Chunks of the lowered matrix's rows a GATHER multiplies one after another (see depth()). */
        int chunks() {
            return live != null ? live.chunks() : Tiling.ceilDiv(grid.columnRows(), depth);
        }

        /** Units of work per image: runs of cells for a GATHER, tiles otherwise. */
        int tiles() {
            return live != null ? live.pieces().size() : ranges != null ? ranges.count() : tiling.tiles;
        }
    }

    /**
     * Whether a SCATTER runs as the GATHER of its adjoint ({@link Adjoint}: at stride 1 with zero
     * padding), with the weight's channels swapped and taps reversed: where that is estimated
     * cheaper on one thread, so that the choice is the problem's alone and the bits do not depend on
     * the thread count. The GATHER folds a small map's images into one product and lowers in chunks,
     * which the col2im path does not: a 3x3 layer of 512 channels on 7x7 maps at batch 32 took 106
     * ms as a SCATTER and 60 as a GATHER.
     */
    boolean adjoint(ConvProblem p, Pass pass) {
        if (pass != Pass.SCATTER) {
            return false;
        }
        Boolean known = adjoints.get(p);
        if (known == null) {
            known = Adjoint.unsupported(p) == null && !foldsImages(schedule(p, pass).grid)
                    && adjointCost(p, 1) < ownCost(p, pass, 1);
            if (adjoints.size() >= MAX_SCHEDULES) {
                adjoints.clear();
            }
            adjoints.put(p, known);
        }
        return known;
    }

    /** The adjoint GATHER's estimate, with the weight's copy into the adjoint's layout. */
    private double adjointCost(ConvProblem p, int threads) {
        return cost(Adjoint.of(p), Pass.GATHER, threads) + 8.0 * Tensor.numel(p.weightShape()) / GemmCost.LOWERING_GBPS;
    }

    /** {@link #adjoint}'s answers, bounded as the schedules are. */
    private final Map<ConvProblem, Boolean> adjoints = new ConcurrentHashMap<>();

    /** The schedule on one thread. */
    Schedule schedule(ConvProblem p, Pass pass) {
        return schedule(p, pass, 1);
    }

    /**
     * A SCATTER's and a weight gradient's tiling depends on the problem alone, so that their
     * results, summed in tile order, do not depend on the thread count. A weight gradient's blocks
     * of rows may: each dW element is summed in the same order whichever block it falls in (the
     * Sgemm contract), and fewer, wider blocks pack the small signal fewer times (one block per
     * thread instead of the tiling's 96 rows: 10% less time on train-step-3x3). A GATHER's runs of
     * cells may too ({@link CellRanges}).
     */
    Schedule schedule(ConvProblem p, Pass pass, int threads) {
        Key key = new Key(p, pass, threads);
        Schedule s = schedules.get(key);
        if (s == null) {
            s = plan(p, pass, threads);
            if (schedules.size() >= MAX_SCHEDULES) {
                schedules.clear();
            }
            schedules.put(key, s);
        }
        return s;
    }

    private record Key(ConvProblem problem, Pass pass, int threads) {
    }

    /**
     * Schedules worked out before: an unprepared call asks for its schedule in cost, workspaceFloats
     * and run, and working one out (CellRanges' makespan search, LiveTaps' regions) costs a few
     * microseconds each time. Bounded: emptied when full. Schedules are immutable.
     */
    private final Map<Key, Schedule> schedules = new ConcurrentHashMap<>();
    static final int MAX_SCHEDULES = 256;

    private Schedule plan(ConvProblem p, Pass pass, int threads) {
        Grid g = new Grid(p);
        int rows = g.columnRows();
        if (pass == Pass.WEIGHT_GRAD) {
            int tilingRows = GemmCost.blockRows(rows, g.groups);
            Tiling t = Tiling.of(g.small, tilingRows, tileFloats, 1, minColumns);
            int fold = gradientFold(g, t);
            long columns = (long) fold * t.columns;
            int blockRows = GemmCost.taskRows(rows, g.groups, threads, tilingRows, tileFloats / columns);
            // the lowered columns, then one product's partial sum, then (folded) the small maps side by side
            return new Schedule(g, t, null, null, blockRows, Tiling.ceilDiv(rows, blockRows),
                    blockRows * columns + (long) g.csg * blockRows + (fold > 1 ? g.csg * columns : 0), rows, fold);
        }
        int images = Math.max(1, g.batch * g.groups);
        if (pass == Pass.GATHER) {
            // a short reduction takes runs as long as the tile target allows, whole (a run is a
            // task: tiny GEMMs cost their calls); a long one, runs of a GEMM block of B, its rows
            // in chunks that accumulate, never so short that a chunk is a sliver
            long most = Math.max(minColumns, Math.max(tileFloats / rows,
                    Math.min(GemmCost.MAX_RUN_COLUMNS, tileFloats / Math.min(rows, GemmCost.MIN_CHUNK_ROWS))));
            CellRanges ranges = CellRanges.of(g.smallVolume, images, g.csg, threads, most);
            LiveTaps live = LiveTaps.of(g, ranges.columns(), (int) Math.max(1, tileFloats / ranges.columns()));
            int fold = fold(g, threads, live, most);
            if (fold > 1) {
                // the lowered chunk, then the product of the run's images
                int columns = fold * g.smallVolume;
                int depth = gatherDepth(rows, columns);
                return new Schedule(g, null, ranges, null, rows, 1, (long) (depth + g.csg) * columns, depth, fold);
            }
            int depth = live != null ? live.chunkRows : gatherDepth(rows, ranges.columns());
            return new Schedule(g, null, ranges, live, rows, 1, (long) depth * ranges.columns() + localSplit(g), depth, 1);
        }
        // a SCATTER's lowered rows are its product's rows, multiplied in blocks: tiled as if it had at
        // most SCATTER_ROWS, so that a tile is wide enough to pay for streaming the weight
        int tilingRows = scatterRows(g);
        Tiling t = Tiling.of(g.small, tilingRows, tileFloats, Tiling.ceilDiv(GemmCost.WANT_TASKS, images), minColumns);
        return new Schedule(g, t, null, null, tilingRows, Tiling.ceilDiv(rows, tilingRows), (long) tilingRows * t.columns,
                rows, 1);
    }

    /**
     * The most lowered rows a SCATTER multiplies at once. A tile's product streams the whole packed
     * weight (rows x small channels) once: tiled for all the rows of a 3x3x3 layer of 256 channels
     * (6912 rows), a tile was 37 cells, the weight (7 MB) was streamed 24 times for a batch of 4 6^3
     * maps, and the pass took twice the forward's time. Blocks of whole big channels, a multiple of
     * {@link #PANEL_UNIT} rows so that they start on the packed weight's panels, as equal as that
     * allows.
     */
    static int scatterRows(Grid g) {
        int rows = g.columnRows();
        int unit = lcm(PANEL_UNIT, g.kernelVolume);
        int blocks = Tiling.ceilDiv(rows, SCATTER_ROWS);
        return Math.min(rows, Tiling.ceilDiv(Tiling.ceilDiv(rows, blocks), unit) * unit);
    }

    /** See {@link #scatterRows}: with 256 columns, the tile target's (1 MiB) rows. */
    static final int SCATTER_ROWS = 1024;

    /** Every packed weight's panel rows (1, 6, 8, 12 or 24) divide this. */
    static final int PANEL_UNIT = 24;

    /**
     * The shortest reduction whose outputs are worth a copy out of the buffer: 1x1 layers of 64 and
     * 192 channels on 14x14 maps ran 1.3-1.4x slower folded, 576 channels as fast.
     */
    static final int MIN_FOLD_ROWS = 256;

    /**
     * Images per run of a GATHER whose maps hold at most half a run (and its product at most half
     * the tile target): their columns side by side in
     * one product, written to a buffer and copied out per image. Image by image, a 7x7 map's product
     * had 49 columns (two micro-tiles, one half empty) and streamed the packed weight from the
     * caches for each: m = 512, k = 4608 ran at 78 GFLOP/s per image and 97 for 8 images at once,
     * one thread. As many runs as threads where the groups do not give that many, all the same
     * size. Not with regions of live taps or a per-task phase split, which follow one image.
     */
    int fold(Grid g, int threads, LiveTaps live, long most) {
        // the product is a buffer too: within the tile target (a 1x1 layer of 384 channels on 14x14
        // maps, 4 images to a run, wrote and copied 1.2 MiB per task, 1.5x slower than image by image)
        long fit = Math.min(g.batch, Math.min(most, tileFloats / Math.max(1, g.csg)) / g.smallVolume);
        if (live != null || localSplit(g) > 0 || fit < 2 || g.columnRows() < MIN_FOLD_ROWS) {
            return 1;
        }
        int runs = (int) Math.max(Tiling.ceilDiv(g.batch, fit), Math.min(g.batch, Tiling.ceilDiv(threads, g.groups)));
        return Tiling.ceilDiv(g.batch, runs);
    }

    /**
     * A GATHER lowers and multiplies its rows in chunks of this many (equal but the last), so that a
     * run of {@code columns} cells fits the workspace target whatever the reduction: with all of
     * 2048 channels x 9 taps in one tile, the target left 14 columns, every GEMM a half-empty edge
     * panel (a dilated ASPP layer at 18 GFLOP/s). Each output still sums its whole reduction in one
     * chain, in order (the chunks accumulate).
     */
    private int gatherDepth(int rows, int columns) {
        long most = Math.max(1, tileFloats / columns);
        if (rows <= most) {
            return rows;
        }
        int chunks = (int) Tiling.ceilDiv(rows, most);
        return Tiling.ceilDiv(rows, chunks);
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        if (adjoint(p, pass)) {
            return adjointCost(p, threads);
        }
        return ownCost(p, pass, threads);
    }

    /** The estimate of this pass computed as itself, never as an adjoint. */
    private double ownCost(ConvProblem p, Pass pass, int threads) {
        Schedule s = schedule(p, pass, threads);
        Grid g = s.grid;
        double lowered = (double) g.batch * g.groups * g.columnRows() * g.smallVolume;
        double tensors = (double) g.batch * g.groups * (g.cbg * g.bigVolume + g.csg * g.smallVolume)
                + (double) g.groups * g.csg * g.columnRows();
        double bytes = 4 * ((pass == Pass.SCATTER ? 3 : 2) * lowered + tensors);
        double live = s.live == null ? 1 : s.live.live;
        return GemmCost.nanos(GemmCost.macs(g) * live, bytes * live, threads, tasks(s, pass, threads),
                pass == Pass.GATHER ? g.csg : g.cbg, g.smallVolume);
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        if (adjoint(p, pass)) {
            return workspaceFloats(Adjoint.of(p), Pass.GATHER, threads) + Tensor.numel(p.weightShape());
        }
        Schedule s = schedule(p, pass, threads);
        Grid g = s.grid;
        long ints = Lowering.workspaceInts(g);
        if (pass == Pass.GATHER) {
            ints += phaseSplit(g) ? Lowering.splitFloats(g) : 0;
            // an unprepared call's weight chunks, copied tap-major, one per task at once
            ints += s.live == null ? 0 : Math.min(threads, Math.max(1, tasks(s, pass, threads))) * (long) g.csg * s.live.chunkRows;
        } else if (pass == Pass.SCATTER && foldsImages(g)) {
            int block = foldRows(g, threads);
            long tasks = (long) g.groups * Tiling.ceilDiv(g.columnRows(), block);
            return Math.min(threads, tasks) * g.batch * block + ints;
        } else if (pass == Pass.SCATTER) {
            ints += Coloring.workspaceInts(s.tiling);
        }
        return Math.min(threads, Math.max(1, tasks(s, pass, threads))) * s.buffer + ints;
    }

    /**
     * Tasks that can run at once: per image and group, the tiles (or a SCATTER's widest phase of
     * them) times the row blocks they are split into, or a weight gradient's column blocks. Counted
     * with row blocks of any alignment, the most there can be.
     */
    private static long tasks(Schedule s, Pass pass, int threads) {
        Grid g = s.grid;
        if (pass == Pass.WEIGHT_GRAD) {
            return (long) g.groups * s.blocks;
        }
        long tiles = s.fold > 1 ? (long) g.groups * Tiling.ceilDiv(g.batch, s.fold)
                : (long) g.batch * g.groups * (pass == Pass.SCATTER ? new Coloring(g, s.tiling).widestPhase() : s.tiles());
        int rows = pass == Pass.SCATTER ? g.columnRows() : g.csg;
        return tiles * Tiling.ceilDiv(rows, rowBlock(rows, tiles, threads, pass == Pass.SCATTER ? g.kernelVolume : 1));
    }

    /**
     * Float sums, first order in 2^-24 times the sum of |terms|:
     * <ul>
     *   <li>GATHER: one chain of K = cbg*kv products onto the bias: c = K + 2;</li>
     *   <li>SCATTER: each column entry sums csg products, and a big cell adds m of them onto its bias
     *   (m at most kv with zero padding, fewer with a stride, more where a padding mode folds several
     *   positions onto one cell; counted per problem): c = csg + m + 2;</li>
     *   <li>WEIGHT_GRAD: each tile's product sums its T columns, and the N * tiles partial sums are
     *   added in order: c = T + N*tiles + 2, far below the N * small-volume of one long chain.</li>
     * </ul>
     */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        Schedule s = schedule(p, pass);
        Grid g = s.grid;
        switch (pass) {
            case GATHER:
                return g.columnRows() + 2;
            case SCATTER:
                // as its adjoint's GATHER, each big cell is one chain of csg*kv products onto its bias
                return g.csg + maxContributions(g) + 2 + (adjoint(p, pass) ? (double) g.csg * g.kernelVolume : 0);
            default:
                // a product sums fold tiles' columns; the products' partial sums are added in order
                return (double) s.fold * s.tiling.columns + Tiling.ceilDiv(g.batch, s.fold) * (double) s.tiling.tiles + 2;
        }
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        if (adjoint(p, pass)) {
            run(Adjoint.of(p), Pass.GATHER, small, big, Adjoint.weight(p, weight), bias, threads);
            return;
        }
        Schedule s = schedule(p, pass, threads);
        Sgemm mm = Kernels.sgemm();
        switch (pass) {
            case GATHER:
                gather(s, mm, s.live != null ? WeightRows.tapMajorStored(s.grid, weight, s.live)
                        : WeightRows.stored(s.grid, pass, weight, s.depth), big, small, bias, threads);
                break;
            case SCATTER:
                if (foldsImages(s.grid)) {
                    foldedScatter(s, mm, weight, big, small, bias, threads);
                } else {
                    scatter(s, mm, WeightRows.stored(s.grid, pass, weight), big, small, bias, threads);
                }
                break;
            default:
                weightGrad(s, mm, big, small, weight, threads);
                break;
        }
    }

    /** The weight packed once per group as the GEMM's A: a layer's calls no longer pack it each time. */
    @Override
    public Prepared prepare(ConvProblem p, Pass pass, float[] weight, int threads) {
        Prepared.requireWeightPass(pass);
        if (adjoint(p, pass)) {
            Prepared gather = prepare(Adjoint.of(p), Pass.GATHER, Adjoint.weight(p, weight), threads);
            return new Prepared() {
                @Override
                public void run(float[] big, float[] small, float[] bias) {
                    gather.run(small, big, bias);
                }

                @Override
                public long floats() {
                    return gather.floats();
                }
            };
        }
        Schedule s = schedule(p, pass, threads);
        Sgemm mm = Kernels.sgemm();
        if (pass == Pass.SCATTER && foldsImages(s.grid)) {
            float[] held = weight.clone(); // read in place by the folded product
            return new Prepared() {
                @Override
                public void run(float[] big, float[] small, float[] bias) {
                    foldedScatter(s, mm, held, big, small, bias, threads);
                }

                @Override
                public long floats() {
                    return held.length;
                }
            };
        }
        WeightRows packed = s.live != null ? WeightRows.tapMajor(mm, s.grid, weight, s.live)
                : WeightRows.packed(mm, s.grid, pass, weight, s.depth);
        return new Prepared() {
            @Override
            public void run(float[] big, float[] small, float[] bias) {
                if (pass == Pass.GATHER) {
                    gather(s, mm, packed, big, small, bias, threads);
                } else {
                    scatter(s, mm, packed, big, small, bias, threads);
                }
            }

            @Override
            public long floats() {
                return packed.floats();
            }
        };
    }

    /**
     * Blocks of the GEMM's rows per tile, so that a pass with fewer tiles than threads (a small map:
     * 7x7 is one tile) still keeps every thread busy: the rows are split instead, each block a whole
     * number of {@code align} rows and at least {@link #MIN_BLOCK_ROWS}. The split cannot change a
     * bit (every C element's sum is the same whichever block it is in), so it may follow the threads.
     */
    static int rowBlock(int rows, long tileTasks, int threads, int align) {
        if (tileTasks >= threads || rows <= MIN_BLOCK_ROWS) {
            return rows;
        }
        int blocks = (int) Math.min(Tiling.ceilDiv(threads, tileTasks), Math.max(1, rows / MIN_BLOCK_ROWS));
        int block = Tiling.ceilDiv(Tiling.ceilDiv(rows, blocks), align) * align;
        return Math.min(rows, block);
    }

    /** The fewest GEMM rows a split block takes: fewer and the micro-kernel's rows go half used. */
    static final int MIN_BLOCK_ROWS = 32;

    /** The phase-split copy ({@link Lowering}) pays when rows are read with a stride; bounded in size. */
    static final long MAX_SPLIT_FLOATS = 1L << 20;

    private static boolean phaseSplit(Grid g) {
        return g.stride[2] > 1 && Lowering.splitFloats(g) <= MAX_SPLIT_FLOATS;
    }

    /**
     * Past that bound, each GATHER task splits its own image's channels into its buffer, where they
     * are few: the copy is repeated per task, but it costs less than the lowering's strided reads
     * (a batch of 8 of a grouped stride-2 layer lowered 20% of its time one cell at a time).
     */
    static final long MAX_LOCAL_SPLIT_FLOATS = 1L << 16;

    /** Floats of the image's split channels a GATHER task keeps after its lowered tile, or 0. */
    static long localSplit(Grid g) {
        long floats = g.cbg * Lowering.splitPlaneFloats(g);
        return g.stride[2] > 1 && !phaseSplit(g) && floats <= MAX_LOCAL_SPLIT_FLOATS ? floats : 0;
    }

    private static void gather(Schedule s, Sgemm mm, WeightRows w, float[] big, float[] small, float[] bias,
                               int threads) {
        if (s.fold > 1) {
            foldedGather(s, mm, w, big, small, bias, threads);
            return;
        }
        Grid g = s.grid;
        CellRanges t = s.ranges;
        boolean split = phaseSplit(g);
        long local = localSplit(g);
        LiveTaps live = s.live;
        Lowering low = new Lowering(g, split || local > 0, live != null);
        float[] source = split ? splitCopy(g, low, big, threads) : big;
        float[] in = source;
        int rows = g.columnRows();
        int chunks = s.chunks();
        int units = s.tiles();
        int tileTasks = g.batch * g.groups * units;
        int block = rowBlock(g.csg, tileTasks, threads, w.align());
        int blocks = Tiling.ceilDiv(g.csg, block);
        int tasks = tileTasks * blocks;
        Workspace ws = new Workspace(Math.min(threads, tasks), s.buffer);
        Parallel.forEach(tasks, threads, task -> {
            int i0 = task % blocks * block;
            int m = Math.min(g.csg - i0, block);
            int unit = task / blocks % units;
            int image = task / blocks / units; // (batch, group) pair
            int group = image % g.groups;
            LiveTaps.Piece piece = live != null ? live.pieces().get(unit) : null;
            int first = piece != null ? piece.first() : t.first(unit);
            int n = piece != null ? piece.cells() : t.columns(unit);
            float[] col = ws.take();
            int out = (image * g.csg + i0) * g.smallVolume + first;
            int bigAt = image * g.cbg * low.planeFloats();
            float[] from = in;
            if (local > 0) {
                // the image's channels, split by phase, after the tile
                bigAt = Math.toIntExact(s.buffer - local);
                for (int j = 0; j < g.cbg; j++) {
                    low.split(big, image * g.cbg + j, col, bigAt + j * low.planeFloats());
                }
                from = col;
            }
            boolean started = bias != null;
            if (bias != null) {
                fill(small, out, g.smallVolume, m, n, bias, group * g.csg + i0);
            }
            if (piece == null) {
                for (int chunk = 0; chunk < chunks; chunk++) {
                    int r0 = chunk * s.depth;
                    low.toColumns(from, bigAt, col, r0, Math.min(rows, r0 + s.depth), first, n);
                    w.multiply(mm, group, i0, m, chunk, n, col, 0, n, small, out, g.smallVolume, started || chunk > 0);
                }
            } else {
                // the live taps' chunks alone, block by block in row order
                for (int t0 = piece.a0(); t0 < piece.b0(); t0++) {
                    for (int t1 = piece.a1(); t1 < piece.b1(); t1++) {
                        for (int c = live.firstChunk(t0, t1), end = c + live.sub; c < end; c++) {
                            int r0 = live.chunkFirst(c);
                            low.toColumns(from, bigAt, col, r0, r0 + live.chunkRowsOf(c), first, n);
                            w.multiply(mm, group, i0, m, c, n, col, 0, n, small, out, g.smallVolume, started);
                            started = true;
                        }
                    }
                }
                if (!started) {
                    fill(small, out, g.smallVolume, m, n, null, 0); // no bias, no live tap
                }
            }
            ws.give(col);
        });
        ws.release();
        if (split) {
            Scratch.give(source);
        }
    }

    /**
     * A GATHER with {@link #fold} images per run: each task lowers its images' maps side by side
     * (chunk by chunk of the reduction, as {@link #gather} does), multiplies them in one product
     * into its buffer, from the bias, and copies each image's rows out. Each output's chain is the
     * same as image by image, so the bits are.
     */
    private static void foldedGather(Schedule s, Sgemm mm, WeightRows w, float[] big, float[] small, float[] bias,
                                     int threads) {
        Grid g = s.grid;
        boolean split = phaseSplit(g);
        Lowering low = new Lowering(g, split, false);
        float[] source = split ? splitCopy(g, low, big, threads) : big;
        int rows = g.columnRows();
        int cells = g.smallVolume;
        int runs = Tiling.ceilDiv(g.batch, s.fold);
        int tileTasks = g.groups * runs;
        int block = rowBlock(g.csg, tileTasks, threads, w.align());
        int blocks = Tiling.ceilDiv(g.csg, block);
        int tasks = tileTasks * blocks;
        int product = s.depth * s.fold * cells; // where a task's product starts in its buffer
        Workspace ws = new Workspace(Math.min(threads, tasks), s.buffer);
        Parallel.forEach(tasks, threads, task -> {
            int i0 = task % blocks * block;
            int m = Math.min(g.csg - i0, block);
            int run = task / blocks % runs;
            int group = task / blocks / runs;
            int b0 = run * s.fold;
            int b1 = Math.min(g.batch, b0 + s.fold);
            int n = (b1 - b0) * cells;
            float[] col = ws.take();
            if (bias != null) {
                fill(col, product, n, m, n, bias, group * g.csg + i0);
            }
            for (int chunk = 0, chunks = s.chunks(); chunk < chunks; chunk++) {
                int r0 = chunk * s.depth;
                int r1 = Math.min(rows, r0 + s.depth);
                for (int b = b0; b < b1; b++) {
                    low.toColumns(source, (b * g.groups + group) * g.cbg * low.planeFloats(), col, (b - b0) * cells, n,
                            r0, r1, 0, cells);
                }
                w.multiply(mm, group, i0, m, chunk, n, col, 0, n, col, product, n, bias != null || chunk > 0);
            }
            for (int b = b0; b < b1; b++) {
                int out = ((b * g.groups + group) * g.csg + i0) * cells;
                for (int i = 0; i < m; i++) {
                    System.arraycopy(col, product + i * n + (b - b0) * cells, small, out + i * cells, cells);
                }
            }
            ws.give(col);
        });
        ws.release();
        if (split) {
            Scratch.give(source);
        }
    }

    /**
     * The whole input split by phase into a pooled buffer (give it back when done): the lowering
     * reads only the cells split() writes.
     */
    private static float[] splitCopy(Grid g, Lowering low, float[] big, int threads) {
        float[] copy = Scratch.take(Math.toIntExact(Lowering.splitFloats(g)));
        Parallel.forEach(g.batch * g.groups * g.cbg, threads, plane -> low.split(big, copy, plane));
        return copy;
    }

    /** Rows i < m of {@code n} cells from {@code c[at + i * ld]}, each its bias {@code bias[from + i]}, or 0 without. */
    private static void fill(float[] c, int at, int ld, int m, int n, float[] bias, int from) {
        for (int i = 0; i < m; i++) {
            Arrays.fill(c, at + i * ld, at + i * ld + n, bias == null ? 0f : bias[from + i]);
        }
    }

    private static void scatter(Schedule s, Sgemm mm, WeightRows w, float[] big, float[] small, float[] bias,
                                int threads) {
        Grid g = s.grid;
        Tiling t = s.tiling;
        Lowering low = new Lowering(g);
        Coloring phases = new Coloring(g, t);
        int rows = g.columnRows();
        int images = g.batch * g.groups;
        // every big cell starts from its bias, then receives its contributions phase by phase
        Parallel.forEach(images, threads, image -> {
            int group = image % g.groups;
            for (int j = 0; j < g.cbg; j++) {
                int at = (image * g.cbg + j) * g.bigVolume;
                Arrays.fill(big, at, at + g.bigVolume, bias == null ? 0f : bias[group * g.cbg + j]);
            }
        });
        // a block of rows is whole big channels (kv taps each), so blocks of one tile never add into
        // the same cell, and each cell still receives its taps in the same order
        int align = lcm(w.align(), g.kernelVolume);
        int most = s.blockRows % align == 0 ? s.blockRows : rows;
        int block = Math.min(most, rowBlock(rows, (long) images * phases.widestPhase(), threads, align));
        int blocks = Tiling.ceilDiv(rows, block);
        Workspace ws = new Workspace(Math.min(threads, images * phases.widestPhase() * blocks),
                Math.max(s.buffer, (long) block * t.columns));
        for (int ph = 0; ph < phases.phases(); ph++) {
            int phase = ph;
            int members = phases.tilesIn(phase);
            Parallel.forEach(images * members * blocks, threads, task -> {
                int r0 = task % blocks * block;
                int r1 = Math.min(rows, r0 + block);
                int tile = phases.tile(phase, task / blocks % members);
                int image = task / blocks / members;
                int group = image % g.groups;
                int n = t.columns(tile);
                float[] col = ws.take();
                w.multiply(mm, group, r0, r1 - r0, n, small, image * g.csg * g.smallVolume + t.firstCell(tile),
                        g.smallVolume, col, 0, n);
                low.toBig(col, big, image * g.cbg * g.bigVolume, r0, r1, t, tile);
                ws.give(col);
            });
        }
        ws.release();
    }

    /**
     * A SCATTER from maps of one cell (a generator's first transposed layer, from a 1x1 latent)
     * takes the images as the product's rows: {@code col[N x rows] = small_g[N x csg] W_g}, whose row
     * n is image n's one column. Image by image, each product had one column, and a micro-tile 32
     * columns wide did 32 times the work. The same sums in the same order as {@link #scatter}, so the
     * same bits.
     */
    private static boolean foldsImages(Grid g) {
        return g.smallVolume == 1 && g.batch >= 1;
    }

    /**
     * Lowered rows per task of the folded SCATTER: whole big channels, the batch's columns within the
     * tile budget, and enough tasks for the threads (the blocks cannot change a bit: each cell's
     * contributions stay in one task, in order).
     */
    private static int foldRows(Grid g, int threads) {
        int kv = g.kernelVolume;
        long perChannel = (long) g.batch * kv;
        int fit = (int) Math.max(1, Math.min(g.cbg, GemmCost.TILE_FLOATS / Math.max(1, perChannel)));
        int shared = Tiling.ceilDiv(g.cbg, Math.max(1, Tiling.ceilDiv(threads, g.groups)));
        return Math.min(fit, shared) * kv;
    }

    private static void foldedScatter(Schedule s, Sgemm mm, float[] weight, float[] big, float[] small, float[] bias,
                                      int threads) {
        Grid g = s.grid;
        Lowering low = new Lowering(g);
        int rows = g.columnRows();
        int cs = g.groups * g.csg;
        Parallel.forEach(g.batch * g.groups, threads, image -> {
            int group = image % g.groups;
            for (int j = 0; j < g.cbg; j++) {
                int at = (image * g.cbg + j) * g.bigVolume;
                Arrays.fill(big, at, at + g.bigVolume, bias == null ? 0f : bias[group * g.cbg + j]);
            }
        });
        // a task's rows are whole big channels: no two tasks add into one cell, and each cell gets its
        // taps in order
        int block = foldRows(g, threads);
        int blocks = Tiling.ceilDiv(rows, block);
        Workspace ws = new Workspace(Math.min(threads, g.groups * blocks), (long) g.batch * block);
        Parallel.forEach(g.groups * blocks, threads, task -> {
            int group = task / blocks;
            int r0 = task % blocks * block;
            int n = Math.min(rows, r0 + block) - r0;
            float[] col = ws.take();
            mm.multiply(false, false, g.batch, n, g.csg, small, group * g.csg, cs, weight, group * g.csg * rows + r0,
                    rows, col, 0, n, false);
            for (int b = 0; b < g.batch; b++) {
                low.pointToBig(col, b * n, big, (b * g.groups + group) * g.cbg * g.bigVolume, r0, r0 + n);
            }
            ws.give(col);
        });
        ws.release();
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int r = x % y;
            x = y;
            y = r;
        }
        return a / x * b;
    }

    private static void weightGrad(Schedule s, Sgemm mm, float[] big, float[] small, float[] weight, int threads) {
        Grid g = s.grid;
        Tiling t = s.tiling;
        Lowering low = new Lowering(g);
        int rows = g.columnRows();
        int tasks = g.groups * s.blocks;
        int fold = s.fold;
        int columns = fold * t.columns;
        Workspace ws = new Workspace(Math.min(threads, tasks), s.buffer);
        Parallel.forEach(tasks, threads, task -> {
            int group = task / s.blocks;
            int r0 = task % s.blocks * s.blockRows;
            int r1 = Math.min(rows, r0 + s.blockRows);
            int dw = group * g.csg * rows + r0;
            float[] buf = ws.take();
            int partial = s.blockRows * columns; // the columns first, then one product's partial sum
            int maps = partial + g.csg * s.blockRows; // folded: the images' small maps side by side
            boolean first = true;
            for (int b0 = 0; b0 < g.batch; b0 += fold) {
                int b1 = Math.min(g.batch, b0 + fold);
                for (int tile = 0; tile < t.tiles; tile++) {
                    int n = t.columns(tile);
                    if (fold == 1) {
                        int image = b0 * g.groups + group;
                        low.toColumns(big, image * g.cbg * g.bigVolume, buf, r0, r1, t, tile);
                        PartialSums.add(mm, first, true, g.csg, r1 - r0, n, small,
                                image * g.csg * g.smallVolume + t.firstCell(tile), g.smallVolume, buf, 0, n,
                                weight, dw, rows, buf, partial);
                    } else {
                        int k = (b1 - b0) * n; // one product over the images' whole maps (one tile each)
                        for (int b = b0; b < b1; b++) {
                            int image = b * g.groups + group;
                            low.toColumns(big, image * g.cbg * g.bigVolume, buf, (b - b0) * n, k, r0, r1, 0, n);
                            for (int i = 0; i < g.csg; i++) {
                                System.arraycopy(small, (image * g.csg + i) * g.smallVolume, buf,
                                        maps + i * k + (b - b0) * n, n);
                            }
                        }
                        PartialSums.add(mm, first, true, g.csg, r1 - r0, k, buf, maps, k, buf, 0, k,
                                weight, dw, rows, buf, partial);
                    }
                    first = false;
                }
            }
            if (first) {
                PartialSums.zero(g.csg, r1 - r0, weight, dw, rows);
            }
            ws.give(buf);
        });
        ws.release();
    }

    /**
     * Images per product of a weight gradient whose maps are one tile each and short: their columns
     * side by side, so that a product's partial sum (csg x rows floats, written and added) is paid
     * per MIN_GRADIENT_COLUMNS columns, not per map. On 7x7 maps of 512 channels it was a third of
     * the time. From the problem alone: the fold decides how the sums run.
     */
    static int gradientFold(Grid g, Tiling t) {
        if (t.tiles != 1 || t.columns >= MIN_GRADIENT_COLUMNS) {
            return 1;
        }
        return Math.max(1, Math.min(g.batch, MIN_GRADIENT_COLUMNS / t.columns));
    }

    /** The columns a weight gradient's product sums before its partial sum is added. */
    static final int MIN_GRADIENT_COLUMNS = 256;

    /**
     * The most column entries one big cell can receive in a SCATTER: per dimension, the most (small
     * cell, tap) pairs whose position reads that cell through the padding rule, multiplied across
     * dimensions. Counted exactly unless a dimension is too long to count cheaply; then bounded by
     * the taps times the positions that can fold onto one cell.
     */
    static long maxContributions(Grid g) {
        long m = 1;
        for (int d = 0; d < Grid.D; d++) {
            long pairs = (long) g.small[d] * g.kernel[d];
            if (pairs > 10_000_000L) {
                int outside = Math.max(0, g.position(d, g.small[d] - 1, g.kernel[d] - 1) + 1 - g.big[d])
                        + g.padBefore[d];
                m *= (long) g.kernel[d] * (g.mode == PaddingMode.ZEROS ? 1 : 1 + outside);
                continue;
            }
            int[] count = new int[g.big[d]];
            int most = 0;
            for (int o = 0; o < g.small[d]; o++) {
                for (int k = 0; k < g.kernel[d]; k++) {
                    int i = g.source(d, o, k);
                    if (i >= 0) {
                        most = Math.max(most, ++count[i]);
                    }
                }
            }
            m *= most;
        }
        return m;
    }
}
