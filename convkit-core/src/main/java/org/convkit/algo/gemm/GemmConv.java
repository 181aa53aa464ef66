package org.convkit.algo.gemm;

import org.convkit.algo.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Kernels;
import org.convkit.algo.Parallel;
import org.convkit.algo.Pass;
import org.convkit.algo.Sgemm;
import org.convkit.algo.reference.Lattice;
import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.spec.ConvProblem;

/**
 * Every convolution as matrix multiplications over tiles of small cells, for any dimensionality,
 * stride, dilation, padding, padding mode, groups and flip:
 * <ul>
 *   <li>GATHER: col = im2col(big) for a tile, then small_tile = W_g col (one GEMM per group);</li>
 *   <li>SCATTER: col = W_g^T small_tile, then col2im adds col into big (the adjoint, borders folded
 *       back through the padding mode);</li>
 *   <li>WEIGHT_GRAD: dW_g += small_tile col^T, over tiles and batches.</li>
 * </ul>
 * A 1x1 kernel with stride 1 and no padding reads the big signal in place: no copy at all.
 *
 * <p>Memory: the column buffer of a tile holds at most {@link #TILE_FLOATS} floats per thread (plus
 * its index table), whatever the input size. Determinism: every output element is written by one
 * task, and its sum is formed in an order fixed by the tiling, never by the thread count (GATHER
 * splits tiles, SCATTER and WEIGHT_GRAD split big channels, whose col rows and col2im targets are
 * disjoint).
 */
public final class GemmConv implements ConvAlgorithm {
    /** Column tile budget per thread: 256 KiB, a quarter of this machine's L2. */
    static final int TILE_FLOATS = 1 << 16;
    /** Smallest tile width worth a GEMM call. */
    static final int MIN_TILE = 16;
    /** Sustained SGEMM rates per thread (FLOP/s) for the cost model, measured on the 2-core dev machine. */
    static final double VECTOR_FLOPS = 40e9;
    static final double SCALAR_FLOPS = 4e9;
    /** im2col / col2im cost per copied element (ns), and a fixed cost per call (ns). */
    static final double COPY_NS = 0.6;
    static final double CALL_NS = 5_000;

    private static final ThreadLocal<float[][]> COL = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<int[][]> TABLE = ThreadLocal.withInitial(() -> new int[1][0]);

    @Override
    public Algorithm id() {
        return Algorithm.GEMM;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        return null;
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        Shape s = new Shape(p);
        double rate = (Kernels.vectorized() ? VECTOR_FLOPS : SCALAR_FLOPS) * Math.min(threads, Parallel.CORES);
        double copies = s.pointwise ? 0 : (double) p.batch() * p.groups() * s.cbg * s.kv * s.sv;
        return CALL_NS + 2 * ReferenceAlgorithm.macs(p) / rate * 1e9 + copies * COPY_NS / Math.min(threads, Parallel.CORES);
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        Shape s = new Shape(p);
        // per thread: the column tile and its int table (counted as floats: same size)
        return s.pointwise ? 0 : (long) Math.min(threads, Parallel.CORES) * ((long) s.cbg * s.kv * s.tile + (long) s.kv * s.tile);
    }

    /**
     * GATHER sums cbg*kv products per element in float; SCATTER sums csg in the GEMM, then up to
     * kv taps in col2im; WEIGHT_GRAD sums every batch and small cell.
     */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        Shape s = new Shape(p);
        switch (pass) {
            case GATHER:
                return s.cbg * s.kv + 2;
            case SCATTER:
                return s.csg + s.kv + 2;
            default:
                return (double) p.batch() * s.sv + 2;
        }
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        Shape s = new Shape(p);
        switch (pass) {
            case GATHER:
                gather(p, s, big, small, weight, bias, threads);
                break;
            case SCATTER:
                scatter(p, s, big, small, weight, bias, threads);
                break;
            default:
                weightGrad(p, s, big, small, weight, threads);
                break;
        }
    }

    private static void gather(ConvProblem p, Shape s, float[] big, float[] small, float[] w, float[] bias,
                               int threads) {
        Sgemm gemm = Kernels.sgemm();
        int tiles = s.tiles();
        Parallel.forEach(p.batch() * tiles, threads, task -> {
            int b = task / tiles;
            int t0 = (task % tiles) * s.tile;
            int count = Math.min(s.tile, s.sv - t0);
            int[] table = s.pointwise ? null : table(s, t0, count, p);
            float[] col = s.pointwise ? null : scratch(COL, s.cbg * s.kv * count);
            for (int g = 0; g < p.groups(); g++) {
                int bigBase = (b * s.cb + g * s.cbg) * s.bv;
                int out = (b * s.cs + g * s.csg) * s.sv + t0;
                if (s.pointwise) {
                    gemm.multiply(false, false, s.csg, count, s.cbg, w, g * s.csg * s.cbg, s.cbg,
                            big, bigBase + t0, s.bv, small, out, s.sv, false);
                } else {
                    Im2col.gather(big, bigBase, s.bv, 0, s.cbg, s.kv, table, count, col);
                    gemm.multiply(false, false, s.csg, count, s.k, w, g * s.csg * s.k, s.k,
                            col, 0, count, small, out, s.sv, false);
                }
                if (bias != null) {
                    for (int c = 0; c < s.csg; c++) {
                        float v = bias[g * s.csg + c];
                        int row = out + c * s.sv;
                        for (int t = 0; t < count; t++) {
                            small[row + t] += v;
                        }
                    }
                }
            }
        });
    }

    private static void scatter(ConvProblem p, Shape s, float[] big, float[] small, float[] w, float[] bias,
                                int threads) {
        Sgemm gemm = Kernels.sgemm();
        int chunk = s.channelChunk(p.batch() * p.groups(), threads);
        int chunks = (s.cbg + chunk - 1) / chunk;
        int tiles = s.tiles();
        Parallel.forEach(p.batch() * p.groups() * chunks, threads, task -> {
            int b = task / (p.groups() * chunks);
            int g = (task / chunks) % p.groups();
            int j0 = (task % chunks) * chunk;
            int j1 = Math.min(s.cbg, j0 + chunk);
            int bigBase = (b * s.cb + g * s.cbg) * s.bv;
            java.util.Arrays.fill(big, bigBase + j0 * s.bv, bigBase + j1 * s.bv, 0f);
            int in = (b * s.cs + g * s.csg) * s.sv;
            for (int tile = 0; tile < tiles; tile++) {
                int t0 = tile * s.tile;
                int count = Math.min(s.tile, s.sv - t0);
                if (s.pointwise) {
                    gemm.multiply(true, false, j1 - j0, count, s.csg, w, g * s.csg * s.cbg + j0, s.cbg,
                            small, in + t0, s.sv, big, bigBase + j0 * s.bv + t0, s.bv, false);
                    continue;
                }
                int[] table = table(s, t0, count, p);
                float[] col = scratch(COL, (j1 - j0) * s.kv * count);
                gemm.multiply(true, false, (j1 - j0) * s.kv, count, s.csg, w, g * s.csg * s.k + j0 * s.kv, s.k,
                        small, in + t0, s.sv, col, 0, count, false);
                Im2col.scatter(col, s.kv, table, count, j0, j1, big, bigBase, s.bv);
            }
            if (bias != null) {
                for (int j = j0; j < j1; j++) {
                    float v = bias[g * s.cbg + j];
                    int row = bigBase + j * s.bv;
                    for (int i = 0; i < s.bv; i++) {
                        big[row + i] += v;
                    }
                }
            }
        });
    }

    private static void weightGrad(ConvProblem p, Shape s, float[] big, float[] small, float[] dw, int threads) {
        Sgemm gemm = Kernels.sgemm();
        int chunk = s.channelChunk(p.groups(), threads);
        int chunks = (s.cbg + chunk - 1) / chunk;
        int tiles = s.tiles();
        Parallel.forEach(p.groups() * chunks, threads, task -> {
            int g = task / chunks;
            int j0 = (task % chunks) * chunk;
            int j1 = Math.min(s.cbg, j0 + chunk);
            int n = (j1 - j0) * s.kv;
            int cOff = g * s.csg * s.k + j0 * s.kv;
            for (int c = 0; c < s.csg; c++) {
                java.util.Arrays.fill(dw, cOff + c * s.k, cOff + c * s.k + n, 0f);
            }
            for (int b = 0; b < p.batch(); b++) {
                int bigBase = (b * s.cb + g * s.cbg) * s.bv;
                int in = (b * s.cs + g * s.csg) * s.sv;
                for (int tile = 0; tile < tiles; tile++) {
                    int t0 = tile * s.tile;
                    int count = Math.min(s.tile, s.sv - t0);
                    if (s.pointwise) {
                        gemm.multiply(false, true, s.csg, n, count, small, in + t0, s.sv,
                                big, bigBase + j0 * s.bv + t0, s.bv, dw, cOff, s.k, true);
                        continue;
                    }
                    int[] table = table(s, t0, count, p);
                    float[] col = scratch(COL, n * count);
                    Im2col.gather(big, bigBase, s.bv, j0, j1, s.kv, table, count, col);
                    gemm.multiply(false, true, s.csg, n, count, small, in + t0, s.sv, col, 0, count, dw, cOff, s.k,
                            true);
                }
            }
        });
    }

    private static int[] table(Shape s, int t0, int count, ConvProblem p) {
        int[][] holder = TABLE.get();
        if (holder[0].length < s.kv * count) {
            holder[0] = new int[s.kv * count];
        }
        Im2col.sources(s.lattice, p.spec().paddingMode(), p.spec().flip(), t0, count, holder[0]);
        return holder[0];
    }

    /** A per-thread buffer of at least n floats, reused across calls (bounded by the tile budget). */
    private static float[] scratch(ThreadLocal<float[][]> tl, int n) {
        float[][] holder = tl.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    /** The problem's sizes as the loops need them. */
    private static final class Shape {
        final Lattice lattice;
        final int cb;
        final int cs;
        final int cbg;
        final int csg;
        final int kv;
        final int k;
        final int bv;
        final int sv;
        final boolean pointwise;
        final int tile;

        Shape(ConvProblem p) {
            lattice = new Lattice(p);
            cb = p.bigChannels();
            cs = p.smallChannels();
            cbg = cb / p.groups();
            csg = cs / p.groups();
            kv = lattice.kernelVolume();
            k = cbg * kv;
            bv = lattice.bigVolume();
            sv = lattice.smallVolume();
            pointwise = kv == 1 && bv == sv && lattice.padBefore[0] == 0 && lattice.padBefore[1] == 0
                    && lattice.padBefore[2] == 0 && lattice.stride[0] == 1 && lattice.stride[1] == 1
                    && lattice.stride[2] == 1;
            int t = Math.max(MIN_TILE, TILE_FLOATS / Math.max(1, k) / MIN_TILE * MIN_TILE);
            tile = pointwise ? Math.min(sv, 1024) : Math.min(sv, t);
        }

        int tiles() {
            return (sv + tile - 1) / tile;
        }

        /** Big channels per task: enough tasks for the threads, none if one task per (b, g) suffices. */
        int channelChunk(int outerTasks, int threads) {
            int wanted = Math.max(1, (2 * Math.min(threads, Parallel.CORES) + outerTasks - 1) / outerTasks);
            return Math.max(1, (cbg + wanted - 1) / wanted);
        }
    }
}
