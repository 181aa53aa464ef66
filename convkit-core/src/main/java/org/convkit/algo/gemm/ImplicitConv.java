package org.convkit.algo.gemm;

import java.util.Arrays;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.runtime.Kernels;
import org.convkit.runtime.PackedMatrix;
import org.convkit.runtime.Parallel;
import org.convkit.runtime.ScalarKernels;
import org.convkit.runtime.SimdKernels;
import org.convkit.runtime.Sgemm;
import org.convkit.spec.ConvProblem;
import org.convkit.tensor.Tensor;

/**
 * Implicit GEMM: a convolution's GATHER as {@code small_g = W_g * im2col(big)} with the im2col
 * matrix never written. Each task copies a slab of one image's group of big channels, padded and
 * split by stride phase ({@link PhaseImage}), and the multiply reads each of its rows (a big
 * channel and tap) as a shifted window of that copy ({@link Sgemm#multiplyRows}). Where
 * {@link GemmConv} writes and reads back {@code cbg * kv} floats per output cell, this copies the
 * input about once; in exchange the product also computes the cells between rows (a 28x28 map with
 * one cell of padding a side is multiplied as 28 rows of 30), which are dropped. It pays where the
 * lowering weighs as much as the multiply: few output channels per group (training a 16-channel
 * layer, grouped layers), small maps; any stride, dilation, padding mode and 1-D to 3-D.
 *
 * <p>A SCATTER at stride 1 with zero padding runs as the GATHER of its adjoint ({@link Adjoint}),
 * with no col2im. A WEIGHT_GRAD places each slab's small maps at their flat positions (zeros in the
 * gaps) and correlates each with every window of the slab's copy ({@link SimdKernels#dots4}).
 *
 * <p>Every output is one fma chain over the weight's row in order, from its bias (or zero),
 * whatever slab it falls in, so slabs may follow the thread count; a weight gradient's slabs
 * follow the problem alone and its tasks take whole big channels: results are bitwise the same
 * for any thread count.
 */
public final class ImplicitConv implements ConvAlgorithm {
    private final long tileFloats;

    public ImplicitConv() {
        this(GemmCost.TILE_FLOATS);
    }

    /** With another workspace target per slab: tests use tiny ones to put slab edges everywhere. */
    ImplicitConv(long tileFloats) {
        this.tileFloats = tileFloats;
    }

    @Override
    public Algorithm id() {
        return Algorithm.IMPLICIT;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        if (pass == Pass.SCATTER) {
            String no = Adjoint.unsupported(p);
            return no != null ? no : unsupported(Adjoint.of(p), Pass.GATHER);
        }
        if (new PointwiseConv().unsupported(p, pass) == null) {
            // measured 1.3-1.65x slower than the pointwise GEMM on 1x1 layers of 7x7 maps, and its
            // cost model, scaled on 3x3 layers, had priced it below
            return "a 1x1 kernel at stride 1 without padding: its im2col is the input itself, which the pointwise "
                    + "GEMM multiplies without this copy";
        }
        Grid g = new Grid(p);
        if (pass == Pass.WEIGHT_GRAD && gradientImage(p).flatCells(0) < ScalarKernels.DOT_CHUNK) {
            // each chunk adds its partial sums into memory: a 7x7 map's one chunk of 64 cells took
            // 12 times the lowering's GEMM
            return "a weight gradient over slabs of fewer than " + ScalarKernels.DOT_CHUNK
                    + " cells (a small map): the lowering's GEMM is faster there";
        }
        PhaseImage thinnest = new PhaseImage(g, 1);
        long one = pass == Pass.WEIGHT_GRAD ? gradientFloats(thinnest, 1) : thinnest.workspace(g.csg);
        long budget = ConvAlgorithm.workspaceBudget(p);
        if (one * Parallel.CORES > budget) {
            return "the thinnest slab of its padded copy needs " + one + " floats per thread, and "
                    + Parallel.CORES + " threads exceed the workspace budget of " + budget + " floats";
        }
        return null;
    }

    /**
     * The slabs: as long as the workspace target allows, and enough of them that every thread has
     * two tasks where the images alone do not give that many, but none thinner than
     * {@link #MIN_SLAB_CELLS} flat outputs: a slab is the product's columns, and two rows of a 7x7
     * map filled half of a 32-column micro-tile (then the product's rows are split instead,
     * {@link #rowBlock}).
     */
    PhaseImage image(ConvProblem p, int threads) {
        return slabs(p, 2 * Math.max(1, threads));
    }

    /** Slabs for {@code tasks} tasks at least, as long as the workspace target allows otherwise. */
    private PhaseImage slabs(ConvProblem p, int tasks) {
        Grid g = new Grid(p);
        PhaseImage unit = new PhaseImage(g, 1);
        long one = unit.workspace(g.csg);
        long perCell = new PhaseImage(g, 2).workspace(g.csg) - one; // the workspace is linear in the slab's length
        long fits = perCell <= 0 ? Integer.MAX_VALUE : 1 + Math.max(0, tileFloats - one) / perCell;
        int images = Math.max(1, g.batch * g.groups);
        int wanted = Tiling.ceilDiv(tasks, images);
        int n = g.small[unit.slabDim];
        int perRow = Math.max(1, unit.flatCells(0));
        int thinnest = Tiling.ceilDiv(MIN_SLAB_CELLS, perRow);
        int length = (int) Math.min(fits, Math.max(thinnest, Tiling.ceilDiv(n, wanted)));
        return new PhaseImage(g, length);
    }

    /** Rows of the vector micro-kernel's panels (8 at 512 bits, 6 at 256: the model takes 8). */
    static final int PANEL_ROWS = 8;

    /** The fewest flat outputs a slab is cut to for the threads' sake: four 32-column micro-tiles. */
    static final int MIN_SLAB_CELLS = 128;

    /**
     * Rows of the product per task: all of a group's small channels, or, when the slabs leave fewer
     * tasks than two per thread, blocks of them (whole panels of the packed weight, at least 32
     * rows), each block copying its slab again. Rows never change a bit: each output's sum is the
     * same in any block.
     */
    static int rowBlock(PhaseImage im, int threads, int align) {
        Grid g = im.g;
        long tasks = (long) g.batch * g.groups * im.slabs;
        return GemmConv.rowBlock(g.csg, tasks, 2 * threads, align);
    }

    /**
     * The GEMM's model ({@link GemmCost}) over the flat outputs, rows' gaps included, with the bytes
     * of the copy (written, then read from cache by the multiply) and of the product (written, then
     * copied out) in place of the lowered matrix.
     */
    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        if (pass == Pass.SCATTER) {
            // and the weight's reordering, which the GATHER's packing costs as much as
            return cost(Adjoint.of(p), Pass.GATHER, threads);
        }
        if (pass == Pass.WEIGHT_GRAD) {
            return gradientCost(p, threads);
        }
        PhaseImage im = image(p, threads);
        Grid g = im.g;
        double images = (double) g.batch * g.groups;
        // the micro-kernel computes whole panels of rows: one output channel costs eight
        double rows = Tiling.ceilDiv(g.csg, PANEL_ROWS) * PANEL_ROWS;
        double macs = images * rows * g.cbg * g.kernelVolume * im.flatCells();
        double moved = images * (im.slabs * (double) im.floats() + 2.0 * g.csg * im.flatCells()
                + (double) g.cbg * g.bigVolume);
        int block = rowBlock(im, threads, 8);
        int blocks = Tiling.ceilDiv(g.csg, block);
        moved += (blocks - 1) * images * im.slabs * (double) im.floats(); // each row block copies its slab
        return GemmCost.nanos(IMPLICIT_COST * macs, 4 * 2 * moved, threads, (long) images * im.slabs * blocks, g.csg,
                im.flatCells());
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        if (pass == Pass.SCATTER) {
            // and the reordered weight
            return workspaceFloats(Adjoint.of(p), Pass.GATHER, threads) + Tensor.numel(p.weightShape());
        }
        if (pass == Pass.WEIGHT_GRAD) {
            PhaseImage im = gradientImage(p);
            int per = gradientChannels(im.g, threads);
            long tasks = (long) im.g.groups * Tiling.ceilDiv(im.g.cbg, per);
            return Math.min(threads, tasks) * gradientFloats(im, per);
        }
        PhaseImage im = image(p, threads);
        Grid g = im.g;
        long tasks = (long) g.batch * g.groups * im.slabs;
        // an unprepared call packs the weight
        return Math.min(threads, Math.max(1, tasks)) * im.workspace(g.csg) + (long) g.groups * g.csg * g.columnRows();
    }

    /**
     * One float chain of cbg*kv products onto the bias: c = K + 2, as the GEMM's (csg*kv for a
     * SCATTER). A weight gradient's sums are float chains of DOT_CHUNK / DOT_LANES = 16 products,
     * added into float partial sums of at most {@link #FLUSH_CHUNKS} terms, then into double.
     */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        if (pass == Pass.WEIGHT_GRAD) {
            return ScalarKernels.DOT_CHUNK / ScalarKernels.DOT_LANES + FLUSH_CHUNKS + 2;
        }
        return new Grid(pass == Pass.SCATTER ? Adjoint.of(p) : p).columnRows() + 2;
    }

    /** A SCATTER runs as its adjoint's GATHER, from small into big. */
    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
        if (pass == Pass.WEIGHT_GRAD) {
            weightGrad(gradientImage(p), big, small, weight, threads);
            for (float v : weight) {
                if (!Float.isFinite(v)) {
                    // the products between rows multiply zeros by the cells they read, and zero times
                    // an infinity or a NaN of the input is a NaN the reference does not have
                    LOWERING.run(p, pass, big, small, weight, bias, threads);
                    return;
                }
            }
            return;
        }
        boolean scatter = pass == Pass.SCATTER;
        PhaseImage im = image(scatter ? Adjoint.of(p) : p, threads);
        Sgemm mm = Kernels.sgemm();
        PackedMatrix[] a = pack(mm, im.g, scatter ? Adjoint.weight(p, weight) : weight);
        gather(im, mm, a, scatter ? small : big, scatter ? big : small, bias, threads);
    }

    /** Computes a weight gradient that came out non-finite again, with the reference's products. */
    private static final GemmConv LOWERING = new GemmConv();

    /**
     * The implicit product's multiply-adds cost this many times the GEMM's: B's rows come from
     * anywhere, one range check and one jump per row (measured prepared, alternating, on 2 threads:
     * 9% to 12% slower per multiply-add than the packed lowering on 512-channel 28x28 and 256-channel
     * 56x56 layers, 35% on a 1x1 layer of 2048 channels on a 7x7 map, where the lowering is a copy).
     */
    static final double IMPLICIT_COST = 1.2;

    /** A weight gradient's float partial sums take this many chunks (a term each) before moving into double. */
    static final int FLUSH_CHUNKS = 16;
    /** Float partial sums one weight-gradient task keeps (16 lanes per weight): its big channels follow. */
    static final int PARTIAL_FLOATS = 1 << 18;
    /**
     * The weight gradient's model, in the GEMM's multiply-adds: each product costs DOT_COST of one
     * (four small maps meet four windows per step, 8 loads for 16 fma), and each chunk of up to 256
     * cells as much again as DOT_CHUNK_CELLS cells (its 16 partial sums added into memory per map and
     * window, the maps copied per block of channels). Fitted, alternating with the GEMM, to a
     * 32-channel 40x40 map (0.77 of the old model) and a 16-channel batch of 28x28 (0.82); maps
     * smaller than a chunk are refused (see unsupported).
     */
    static final double DOT_COST = 0.65;
    static final int DOT_CHUNK_CELLS = 224;

    /**
     * A weight gradient's slabs, chosen from the problem alone (where they cut decides how its sums
     * run) and as long as the workspace target allows: its tasks are blocks of channels, not slabs.
     */
    PhaseImage gradientImage(ConvProblem p) {
        return slabs(p, 1);
    }

    /** Big channels per weight-gradient task: the partial sums within their bound, and a task per thread. */
    static int gradientChannels(Grid g, int threads) {
        long perChannel = (long) g.csg * g.kernelVolume * ScalarKernels.DOT_LANES;
        int fit = (int) Math.max(1, Math.min(g.cbg, PARTIAL_FLOATS / perChannel));
        // as many blocks as the bound needs, rounded up to a whole number per thread, then even
        int perGroup = Math.max(1, Tiling.ceilDiv(threads, g.groups));
        int blocks = Tiling.ceilDiv(Tiling.ceilDiv(g.cbg, fit), perGroup) * perGroup;
        return Tiling.ceilDiv(g.cbg, Math.min(g.cbg, blocks));
    }

    /** A weight-gradient task's buffer: its channels' copy, their windows' overrun, the small slab, the partial sums. */
    private static long gradientFloats(PhaseImage im, int channels) {
        Grid g = im.g;
        return (long) channels * im.channelFloats + ScalarKernels.DOT_LANES
                + (long) g.csg * roundUp(im.flatCells(0)) + (long) g.csg * channels * g.kernelVolume * ScalarKernels.DOT_LANES;
    }

    private double gradientCost(ConvProblem p, int threads) {
        PhaseImage im = gradientImage(p);
        Grid g = im.g;
        int per = gradientChannels(g, threads);
        int blocks = Tiling.ceilDiv(g.cbg, per);
        double images = (double) g.batch * g.groups;
        double flat = 0;
        for (int s = 0; s < im.slabs; s++) {
            int n = roundUp(im.flatCells(s));
            flat += n + (double) Tiling.ceilDiv(n, ScalarKernels.DOT_CHUNK) * DOT_CHUNK_CELLS;
        }
        double macs = DOT_COST * images * g.csg * g.cbg * g.kernelVolume * flat;
        double moved = images * (im.slabs * (double) im.floats() + blocks * g.csg * flat + (double) g.cbg * g.bigVolume);
        return GemmCost.nanos(GemmCost.CALL_NANOS, macs, 4 * 2 * moved, threads, (long) g.groups * blocks,
                GemmCost.SCALAR_DOTS_SHARE);
    }

    private static int roundUp(int n) {
        return Tiling.ceilDiv(n, ScalarKernels.DOT_LANES) * ScalarKernels.DOT_LANES;
    }

    /**
     * dW_g[i, j*kv + t] = sum over images and outputs of small[i] * big[j] through tap t: each slab's
     * small maps placed at their flat positions (zeros between), and each map correlated with every
     * window of the task's big channels at once ({@link SimdKernels#dots}). A task takes whole big
     * channels of one group and all images and slabs in order, so the sums do not depend on the threads.
     */
    private static void weightGrad(PhaseImage im, float[] big, float[] small, float[] weight, int threads) {
        Grid g = im.g;
        int kv = g.kernelVolume;
        int rows = g.columnRows();
        int per = gradientChannels(g, threads);
        int blocks = Tiling.ceilDiv(g.cbg, per);
        int tasks = g.groups * blocks;
        int lanes = ScalarKernels.DOT_LANES;
        int piece = FLUSH_CHUNKS * ScalarKernels.DOT_CHUNK;
        int ld = roundUp(im.flatCells(0));
        SimdKernels k = Kernels.active();
        Workspace ws = new Workspace(Math.min(threads, tasks), gradientFloats(im, per));
        Parallel.forEach(tasks, threads, task -> {
            int group = task / blocks;
            int j0 = task % blocks * per;
            int j1 = Math.min(g.cbg, j0 + per);
            int taps = (j1 - j0) * kv;
            int copied = (j1 - j0) * im.channelFloats;
            int smallAt = copied + lanes;
            int partial = smallAt + g.csg * ld;
            float[] buf = ws.take();
            Arrays.fill(buf, partial, partial + g.csg * taps * lanes, 0f);
            double[] sums = new double[g.csg * taps];
            int[] windows = new int[taps];
            int pending = 0;
            for (int b = 0; b < g.batch; b++) {
                int image = b * g.groups + group;
                for (int slab = 0; slab < im.slabs; slab++) {
                    im.copy(big, image * g.cbg * g.bigVolume, j0, j1, slab, buf);
                    Arrays.fill(buf, copied, smallAt, 0f); // the last windows read past the copy
                    int n = roundUp(im.flatCells(slab));
                    im.input(small, image * g.csg * g.smallVolume, slab, g.csg, buf, smallAt, n);
                    for (int from = 0; from < n; from += piece) {
                        int cells = Math.min(piece, n - from);
                        int chunks = Tiling.ceilDiv(cells, ScalarKernels.DOT_CHUNK);
                        if (pending + chunks > FLUSH_CHUNKS) {
                            flush(buf, partial, sums);
                            pending = 0;
                        }
                        pending += chunks;
                        for (int t = 0; t < taps; t++) {
                            windows[t] = im.offsets[j0 * kv + t] - j0 * im.channelFloats + from;
                        }
                        int i = 0;
                        for (; i + 4 <= g.csg; i += 4) {
                            k.dots4(cells, taps, buf, smallAt + i * n + from, n, buf, windows, buf,
                                    partial + i * taps * lanes, taps * lanes);
                        }
                        for (; i < g.csg; i++) {
                            k.dots(cells, taps, buf, smallAt + i * n + from, buf, windows, buf, partial + i * taps * lanes);
                        }
                    }
                }
            }
            flush(buf, partial, sums);
            for (int i = 0; i < g.csg; i++) {
                for (int t = 0; t < taps; t++) {
                    weight[(group * g.csg + i) * rows + j0 * kv + t] = (float) sums[i * taps + t];
                }
            }
            ws.give(buf);
        });
        ws.release();
    }

    /** Each weight's float lanes into its double sum, in lane order, and back to zero. */
    private static void flush(float[] buf, int partial, double[] sums) {
        int lanes = ScalarKernels.DOT_LANES;
        for (int w = 0; w < sums.length; w++) {
            double s = sums[w];
            int at = partial + w * lanes;
            for (int l = 0; l < lanes; l++) {
                s += buf[at + l];
                buf[at + l] = 0f;
            }
            sums[w] = s;
        }
    }

    @Override
    public Prepared prepare(ConvProblem p, Pass pass, float[] weight, int threads) {
        Prepared.requireWeightPass(pass);
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
        boolean scatter = pass == Pass.SCATTER;
        PhaseImage im = image(scatter ? Adjoint.of(p) : p, threads);
        Sgemm mm = Kernels.sgemm();
        PackedMatrix[] a = pack(mm, im.g, scatter ? Adjoint.weight(p, weight) : weight);
        long floats = Arrays.stream(a).mapToLong(PackedMatrix::floats).sum();
        return new Prepared() {
            @Override
            public void run(float[] big, float[] small, float[] bias) {
                gather(im, mm, a, scatter ? small : big, scatter ? big : small, bias, threads);
            }

            @Override
            public long floats() {
                return floats;
            }
        };
    }

    /** Each group's W_g (csg x cbg*kv, as stored) packed as the multiply's A. */
    private static PackedMatrix[] pack(Sgemm mm, Grid g, float[] weight) {
        int rows = g.columnRows();
        PackedMatrix[] a = new PackedMatrix[g.groups];
        for (int group = 0; group < g.groups; group++) {
            a[group] = mm.pack(false, g.csg, rows, weight, group * g.csg * rows, rows);
        }
        return a;
    }

    private static void gather(PhaseImage im, Sgemm mm, PackedMatrix[] a, float[] big, float[] small, float[] bias,
                               int threads) {
        Grid g = im.g;
        int tasks = g.batch * g.groups * im.slabs;
        if (tasks == 0 || g.smallVolume == 0) {
            return;
        }
        int product = Math.toIntExact(im.floats()); // where a task's product starts in its buffer
        int block = rowBlock(im, threads, a[0].panelRows());
        int blocks = Tiling.ceilDiv(g.csg, block);
        int all = tasks * blocks;
        Workspace ws = new Workspace(Math.min(threads, all), im.workspace(block));
        Parallel.forEach(all, threads, task -> {
            int i0 = task % blocks * block;
            int m = Math.min(block, g.csg - i0);
            int slab = task / blocks % im.slabs;
            int image = task / blocks / im.slabs; // (batch, group) pair
            int group = image % g.groups;
            float[] buf = ws.take();
            im.copy(big, image * g.cbg * g.bigVolume, slab, buf);
            int n = im.flatCells(slab);
            if (bias != null) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(buf, product + i * n, product + (i + 1) * n, bias[group * g.csg + i0 + i]);
                }
            }
            mm.multiplyRows(a[group], i0, m, n, buf, 0, im.offsets, buf, product, n, bias != null);
            im.output(buf, product, slab, m, small, (image * g.csg + i0) * g.smallVolume);
            ws.give(buf);
        });
        ws.release();
    }
}
