package org.convkit.algo.gemm;

import java.util.Arrays;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Kernels;
import org.convkit.runtime.PackedMatrix;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.runtime.Sgemm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;

/**
 * A 1x1 (x1) kernel with stride 1 and no padding mixes channels cell by cell: each image's channel
 * planes are already the matrix a GEMM wants, so the three passes multiply the NCHW arrays in
 * place, without lowering. Dilation does not matter for a single tap, nor does the padding mode
 * without padding.
 *
 * <ul>
 *   <li>GATHER: {@code small[csg x V] = W_g[csg x cbg] * big[cbg x V]};</li>
 *   <li>SCATTER: {@code big[cbg x V] = W_g^T * small[csg x V]};</li>
 *   <li>WEIGHT_GRAD: {@code dW_g = sum over images of small * big^T}, in ranges of cells
 *   ({@link PartialSums}), split across tasks by blocks of big channels.</li>
 * </ul>
 * The GEMMs are cut into ranges of cells ({@link Tiling} over the flat volume) so that tasks share
 * the work and an operand panel stays in cache; each output element is written by one task.
 */
public final class PointwiseConv implements ConvAlgorithm {
    @Override
    public Algorithm id() {
        return Algorithm.POINTWISE;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        Geometry g = p.geometry();
        for (int i = 0; i < g.dims(); i++) {
            if (g.kernel()[i] != 1) {
                return "it computes 1x1 kernels only, and this one is " + Ints.times(g.kernel());
            }
            if (g.stride()[i] != 1) {
                return "the stride " + Arrays.toString(g.stride()) + " is not 1";
            }
            if (g.padBefore()[i] != 0 || g.padAfter()[i] != 0) {
                return "the problem is padded (" + Arrays.toString(g.padBefore()) + " before, "
                        + Arrays.toString(g.padAfter()) + " after)";
            }
        }
        if (!Arrays.equals(p.bigSpatial(), p.smallSpatial())) {
            return "the output padding makes the big side " + Arrays.toString(p.bigSpatial()) + ", not "
                    + Arrays.toString(p.smallSpatial());
        }
        return null;
    }

    /** Cells in ranges for GATHER and SCATTER (operand rows = the channels reduced over). */
    private static Tiling cells(Grid g, int operandRows) {
        int images = Math.max(1, g.batch * g.groups);
        return Tiling.of(new int[] {1, 1, g.smallVolume}, operandRows, GemmCost.TILE_FLOATS,
                Tiling.ceilDiv(GemmCost.WANT_TASKS, images), GemmCost.MIN_COLUMNS);
    }

    /** Big channels per weight-gradient task. */
    private static int blockChannels(Grid g) {
        return GemmCost.blockRows(g.cbg, g.groups);
    }

    /** Cells in ranges for WEIGHT_GRAD: a range of both operands (csg + block rows) stays in cache. */
    private static Tiling gradientCells(Grid g, int block) {
        return Tiling.of(new int[] {1, 1, g.smallVolume}, g.csg + block, GemmCost.TILE_FLOATS, 1,
                GemmCost.MIN_COLUMNS);
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        Grid g = new Grid(p);
        double bytes = 4.0 * ((double) g.batch * g.groups * (g.cbg + g.csg) * g.smallVolume
                + (double) g.groups * g.csg * g.cbg);
        long tasks;
        if (pass == Pass.WEIGHT_GRAD) {
            tasks = (long) g.groups * Tiling.ceilDiv(g.cbg, blockChannels(g));
        } else {
            long tiles = (long) g.batch * g.groups * cells(g, pass == Pass.GATHER ? g.cbg : g.csg).tiles;
            int outRows = pass == Pass.GATHER ? g.csg : g.cbg;
            tasks = tiles * Tiling.ceilDiv(outRows, GemmConv.rowBlock(outRows, tiles, threads, 1));
        }
        return GemmCost.nanos(GemmCost.POINTWISE_CALL_NANOS, GemmCost.macs(g), bytes, threads, tasks,
                GemmCost.scalarShare(pass == Pass.GATHER ? g.csg : g.cbg, g.smallVolume));
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        if (pass != Pass.WEIGHT_GRAD) {
            return 0;
        }
        Grid g = new Grid(p);
        int block = blockChannels(g);
        long tasks = (long) g.groups * Tiling.ceilDiv(g.cbg, block);
        return Math.min(threads, tasks) * (long) g.csg * block;
    }

    /**
     * GATHER sums cbg products onto the bias (c = cbg + 2), SCATTER csg products (c = csg + 2);
     * WEIGHT_GRAD sums each range of T cells, then N * ranges partial sums: c = T + N*ranges + 2.
     */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        Grid g = new Grid(p);
        switch (pass) {
            case GATHER:
                return g.cbg + 2;
            case SCATTER:
                return g.csg + 2;
            default:
                Tiling t = gradientCells(g, blockChannels(g));
                return t.columns + (double) g.batch * t.tiles + 2;
        }
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException("pointwise cannot compute this problem: " + no);
        }
        Grid g = new Grid(p);
        Sgemm mm = Kernels.sgemm();
        if (pass == Pass.WEIGHT_GRAD) {
            weightGrad(g, mm, big, small, weight, threads);
            return;
        }
        if (folds(g, pass)) {
            folded(g, mm, null, big, small, weight, bias, threads);
            return;
        }
        product(g, mm, WeightRows.stored(g, pass, weight), pass, big, small, bias, threads);
    }

    /**
     * A GATHER on maps of one cell (squeeze-and-excitation's 1x1 layers, a fully connected layer)
     * takes the images as the GEMM's rows: {@code small[N x csg] = big[N x cbg] W_g^T} per group, in
     * place (with one cell, NCHW is N x C). Image by image it was N products of one column each, and
     * a micro-tile 32 columns wide did 32 times the work.
     */
    private static boolean folds(Grid g, Pass pass) {
        return pass == Pass.GATHER && g.smallVolume == 1;
    }

    /** The folded GATHER, with the weight as stored ({@code packedT == null}) or packed per group as W_g^T. */
    private static void folded(Grid g, Sgemm mm, PackedMatrix[] packedT, float[] big, float[] small,
                               float[] weight, float[] bias, int threads) {
        int cb = g.groups * g.cbg;
        int cs = g.groups * g.csg;
        Parallel.forEach(g.groups, threads, group -> {
            int out = group * g.csg;
            if (bias != null) {
                for (int b = 0; b < g.batch; b++) {
                    System.arraycopy(bias, out, small, b * cs + out, g.csg);
                }
            }
            if (packedT == null) {
                mm.multiply(false, true, g.batch, g.csg, g.cbg, big, group * g.cbg, cb, weight, group * g.csg * g.cbg,
                        g.cbg, small, out, cs, bias != null);
            } else {
                mm.multiply(false, g.batch, big, group * g.cbg, cb, packedT[group], small, out, cs, bias != null);
            }
        });
    }

    /** The weight packed once per group as the GEMM's A (see {@link GemmConv#prepare}). */
    @Override
    public Prepared prepare(ConvProblem p, Pass pass, float[] weight, int threads) {
        Prepared.requireWeightPass(pass);
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException("pointwise cannot compute this problem: " + no);
        }
        Grid g = new Grid(p);
        Sgemm mm = Kernels.sgemm();
        if (folds(g, pass)) {
            PackedMatrix[] t = new PackedMatrix[g.groups];
            long held = 0;
            for (int group = 0; group < g.groups; group++) {
                t[group] = mm.packB(true, g.cbg, g.csg, weight, group * g.csg * g.cbg, g.cbg);
                held += t[group].floats();
            }
            long floats = held;
            return new Prepared() {
                @Override
                public void run(float[] big, float[] small, float[] bias) {
                    folded(g, mm, t, big, small, null, bias, threads);
                }

                @Override
                public long floats() {
                    return floats;
                }
            };
        }
        WeightRows packed = WeightRows.packed(mm, g, pass, weight);
        return new Prepared() {
            @Override
            public void run(float[] big, float[] small, float[] bias) {
                product(g, mm, packed, pass, big, small, bias, threads);
            }

            @Override
            public long floats() {
                return packed.floats();
            }
        };
    }

    /**
     * GATHER: small = W big; SCATTER: big = W^T small. Same loop with the roles swapped; the rows of
     * the product are split when there are fewer cell ranges than threads (small maps).
     */
    private static void product(Grid g, Sgemm mm, WeightRows w, Pass pass, float[] big, float[] small, float[] bias,
                                int threads) {
        boolean gather = pass == Pass.GATHER;
        int outRows = gather ? g.csg : g.cbg;
        int inRows = gather ? g.cbg : g.csg;
        float[] in = gather ? big : small;
        float[] out = gather ? small : big;
        int v = g.smallVolume;
        Tiling t = cells(g, inRows);
        int tileTasks = g.batch * g.groups * t.tiles;
        int block = GemmConv.rowBlock(outRows, tileTasks, threads, w.align());
        int blocks = Tiling.ceilDiv(outRows, block);
        Parallel.forEach(tileTasks * blocks, threads, task -> {
            int i0 = task % blocks * block;
            int m = Math.min(outRows - i0, block);
            int tile = task / blocks % t.tiles;
            int image = task / blocks / t.tiles;
            int group = image % g.groups;
            int c0 = t.firstCell(tile);
            int n = t.columns(tile);
            int at = (image * outRows + i0) * v + c0;
            if (bias != null) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(out, at + i * v, at + i * v + n, bias[group * outRows + i0 + i]);
                }
            }
            w.multiply(mm, group, i0, m, n, in, image * inRows * v + c0, v, out, at, v, bias != null);
        });
    }

    private static void weightGrad(Grid g, Sgemm mm, float[] big, float[] small, float[] weight, int threads) {
        int block = blockChannels(g);
        int blocks = Tiling.ceilDiv(g.cbg, block);
        int v = g.smallVolume;
        Tiling t = gradientCells(g, block);
        int tasks = g.groups * blocks;
        Workspace ws = new Workspace(Math.min(threads, tasks), (long) g.csg * block);
        Parallel.forEach(tasks, threads, task -> {
            int group = task / blocks;
            int j0 = task % blocks * block;
            int nb = Math.min(g.cbg, j0 + block) - j0;
            int dw = group * g.csg * g.cbg + j0;
            float[] tmp = ws.take();
            boolean first = true;
            for (int b = 0; b < g.batch; b++) {
                int image = b * g.groups + group;
                for (int tile = 0; tile < t.tiles; tile++) {
                    int c0 = t.firstCell(tile);
                    PartialSums.add(mm, first, true, g.csg, nb, t.columns(tile), small, image * g.csg * v + c0, v,
                            big, (image * g.cbg + j0) * v + c0, v, weight, dw, g.cbg, tmp, 0);
                    first = false;
                }
            }
            if (first) {
                PartialSums.zero(g.csg, nb, weight, dw, g.cbg);
            }
            ws.give(tmp);
        });
        ws.release();
    }
}
