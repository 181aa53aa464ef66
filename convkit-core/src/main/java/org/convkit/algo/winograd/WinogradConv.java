package org.convkit.algo.winograd;

import java.util.concurrent.ConcurrentLinkedQueue;

import org.convkit.algo.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Kernels;
import org.convkit.algo.Parallel;
import org.convkit.algo.Pass;
import org.convkit.algo.Sgemm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * Winograd F(4x4, 3x3) convolution: 2-D, 3 x 3 kernel, stride 1, dilation 1.
 * PLACEHOLDER JAVADOC, completed with the measured error table.
 */
public final class WinogradConv implements ConvAlgorithm {
    /** Floats of per-task workspace a tile batch may use (V and M dominate): about 1 MiB, an L2's worth. */
    static final int TASK_BUDGET_FLOATS = 1 << 18;
    static final int MIN_BATCH_TILES = 8;
    static final int MAX_BATCH_TILES = 256;

    private final WinogradTransform transform;

    public WinogradConv() {
        this(WinogradTransform.f43());
    }

    WinogradConv(WinogradTransform transform) {
        this.transform = transform;
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
            return "Winograd F(" + transform.m + "x" + transform.m + ", 3x3) needs a 3x3 kernel, not " + k[0] + "x" + k[1];
        }
        for (int i = 0; i < 2; i++) {
            if (p.geometry().stride()[i] != 1) {
                return "Winograd needs stride 1, not " + p.geometry().stride()[i];
            }
            if (p.geometry().dilation()[i] != 1) {
                return "Winograd needs dilation 1, not " + p.geometry().dilation()[i];
            }
        }
        if (pass == Pass.WEIGHT_GRAD) {
            return "the weight gradient is not implemented with Winograd";
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
        return null;
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        Correlation c = new Correlation(p, pass);
        Tiling tiling = new Tiling(c, transform.m);
        int a2 = transform.alpha * transform.alpha;
        double gemm = (double) a2 * tiling.total * c.outChannels * c.inPerGroup();
        double transforms = (double) tiling.total * (c.inChannels + c.outChannels) * a2 * 12;
        return (gemm * 0.25 + transforms * 0.25) / Math.max(1, Math.min(threads, tasks(c, tiling)));
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        Correlation c = new Correlation(p, pass);
        Batching b = new Batching(c, new Tiling(c, transform.m), transform);
        return b.weightFloats() + (long) b.workers(threads) * b.taskFloats();
    }

    private int tasks(Correlation c, Tiling t) {
        return new Batching(c, t, transform).tasks();
    }

    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        return ErrorModel.budget(transform, new Correlation(p, pass));
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
        Correlation c = new Correlation(p, pass);
        Tiling tiling = new Tiling(c, transform.m);
        Batching b = new Batching(c, tiling, transform);
        float[] in = pass == Pass.GATHER ? big : small;
        float[] out = pass == Pass.GATHER ? small : big;
        if (tiling.total == 0) {
            return;
        }
        int workers = b.workers(threads);
        ConcurrentLinkedQueue<Workspace> free = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < workers; w++) {
            free.add(new Workspace(b));
        }
        float[] u = new float[Math.toIntExact(b.weightFloats())];
        Parallel.forEach(b.weightBlocks(), threads, blk -> {
            Workspace ws = free.poll();
            transformWeights(c, b, weight, u, blk, ws);
            free.add(ws);
        });
        Sgemm sgemm = Kernels.sgemm();
        Parallel.forEach(b.chunks, threads, ch -> {
            Workspace ws = free.poll();
            chunk(c, tiling, b, sgemm, in, out, u, bias, ch, ws);
            free.add(ws);
        });
    }

    /** U[xi][co][ci] = (G K(co, ci) G^T)[xi] for the pairs of one block. */
    private void transformWeights(Correlation c, Batching b, float[] weight, float[] u, int blk, Workspace ws) {
        int r = transform.r;
        int pairs = c.outChannels * c.inPerGroup();
        int first = blk * b.tiles;
        int count = Math.min(b.tiles, pairs - first);
        for (int j = 0; j < count; j++) {
            int pair = first + j;
            int off = c.weightOffset(pair / c.inPerGroup(), pair % c.inPerGroup());
            for (int ky = 0; ky < r; ky++) {
                for (int kx = 0; kx < r; kx++) {
                    ws.d[(ky * r + kx) * b.tiles + j] = weight[off + c.tap(ky, kx)];
                }
            }
        }
        transform.weight.apply(ws.d, 0, b.tiles, u, first, pairs, ws.tmp, count);
    }

    /** One batch of tiles through input transform, alpha^2 GEMMs per group, output transform. */
    private void chunk(Correlation c, Tiling tiling, Batching b, Sgemm sgemm, float[] in, float[] out, float[] u,
                       float[] bias, int ch, Workspace ws) {
        int ld = b.tiles;
        int first = ch * ld;
        int count = Math.min(ld, tiling.total - first);
        int a2 = transform.alpha * transform.alpha;
        int cin = c.inChannels;
        int cout = c.outChannels;
        int cig = c.inPerGroup();
        int cog = c.outPerGroup();
        for (int ci = 0; ci < cin; ci++) {
            tiling.gather(in, ci, first, count, ws.d, ld);
            transform.input.apply(ws.d, 0, ld, ws.v, ci * ld, cin * ld, ws.tmp, count);
        }
        for (int xi = 0; xi < a2; xi++) {
            for (int g = 0; g < c.groups; g++) {
                sgemm.multiply(false, false, cog, count, cig,
                        u, (xi * cout + g * cog) * cig, cig,
                        ws.v, (xi * cin + g * cig) * ld, ld,
                        ws.m, (xi * cout + g * cog) * ld, ld, false);
            }
        }
        for (int co = 0; co < cout; co++) {
            transform.output.apply(ws.m, co * ld, cout * ld, ws.d, 0, ld, ws.tmp, count);
            tiling.scatter(ws.d, ld, out, co, bias == null ? 0f : bias[co], first, count);
        }
    }

    /**
     * How the tiles are split into tasks: batches of at most {@link #MAX_BATCH_TILES} tiles whose
     * transformed inputs and products fit {@link #TASK_BUDGET_FLOATS}, all of one size so the work
     * is even. Depends on the problem only, never on the thread count.
     */
    static final class Batching {
        final int tiles;
        final int chunks;
        final int a2;
        final Correlation c;

        Batching(Correlation c, Tiling tiling, WinogradTransform t) {
            this.c = c;
            a2 = t.alpha * t.alpha;
            long perTile = (long) a2 * (c.inChannels + c.outChannels + 2);
            int most = (int) Math.max(MIN_BATCH_TILES, Math.min(MAX_BATCH_TILES, TASK_BUDGET_FLOATS / perTile));
            int n = Math.max(1, tiling.total);
            int k = (n + most - 1) / most;
            tiles = (n + k - 1) / k;
            chunks = tiling.total == 0 ? 0 : (tiling.total + tiles - 1) / tiles;
        }

        int tasks() {
            return Math.max(chunks, weightBlocks());
        }

        int weightBlocks() {
            int pairs = c.outChannels * c.inPerGroup();
            return (pairs + tiles - 1) / tiles;
        }

        long weightFloats() {
            return (long) a2 * c.outChannels * c.inPerGroup();
        }

        long taskFloats() {
            return (long) a2 * tiles * (c.inChannels + c.outChannels + 2);
        }

        int workers(int threads) {
            return chunks == 0 ? 0 : Math.max(1, Math.min(threads, tasks()));
        }
    }

    /** One task's scratch: patches (reused for finished tiles), transform scratch, V and M. */
    private static final class Workspace {
        final float[] d;
        final float[] tmp;
        final float[] v;
        final float[] m;

        Workspace(Batching b) {
            d = new float[b.a2 * b.tiles];
            tmp = new float[b.a2 * b.tiles];
            v = new float[b.a2 * b.c.inChannels * b.tiles];
            m = new float[b.a2 * b.c.outChannels * b.tiles];
        }
    }
}
