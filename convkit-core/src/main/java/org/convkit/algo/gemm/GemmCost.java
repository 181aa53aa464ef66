package org.convkit.algo.gemm;

import org.convkit.runtime.Kernels;

/**
 * The numbers behind the GEMM algorithms' tiling and cost estimates, in one place.
 *
 * <p>Cost model, in nanoseconds: {@code 2 * multiply-adds / (GFLOP/s of the sgemm in use * threads
 * used) + bytes moved / (GB/s * threads used) + a fixed cost per call}. Bytes moved are those of the
 * lowered matrix (written by im2col and read by the GEMM, or written by the GEMM and read-added by
 * col2im) plus the tensors read and written once. Threads used are the thread count, but no more than
 * the tasks the pass splits into.
 */
final class GemmCost {
    /** Floats of lowered matrix per tile, so one thread's buffer (1 MiB) stays in a core's L2 cache. */
    static final long TILE_FLOATS = 1L << 18;
    /** Tiles per pass to aim for, so that up to this many threads have work (not the thread count: see Tiling). */
    static final int WANT_TASKS = 16;
    /**
     * The longest run of cells a GATHER multiplies at once: the VectorSgemm's block of B columns,
     * which it packs once per chunk of the reduction.
     */
    static final int MAX_RUN_COLUMNS = 512;
    /** A GATHER's runs are no longer than leave chunks of this many lowered rows in the tile target. */
    static final int MIN_CHUNK_ROWS = 128;
    /** The narrowest tile worth a GEMM call, unless the problem is smaller. */
    static final int MIN_COLUMNS = 64;
    /**
     * The fewest weight-gradient columns one task takes. They are the n of its GEMM, and every task
     * packs the whole small signal again as the GEMM's A: on train-step-3x3 (576 columns) blocks of
     * 64 (9 tasks) cost 10% more thread time than blocks of 96 (6 tasks, still even on 2 or 3 threads).
     */
    static final int MIN_BLOCK_ROWS = 96;
    /**
     * Blocks come in whole micro-tiles (32 columns at 512 bits, two at 256): at 16, 576 columns went
     * in blocks of 48, a tile and a half, and the half tile's padding cost 18% of the time.
     */
    private static final int MICRO_TILE_COLUMNS = 32;

    /**
     * Sustained single-thread GFLOP/s of {@link org.convkit.runtime.ScalarSgemm}, as a share of the
     * vector multiply's below: the two alternated in one JVM on the shapes these algorithms call them
     * with (m = 64 to 1024, n = 49 to 12544, k = 64 to 2304; Intel Xeon with AVX-512, JDK 17, a loaded
     * machine) ran at 0.37 to 0.5 of the vector multiply's speed (0.96 on a 32-row product), so 0.4
     * of it. Inside a convolution on a quiet machine it ran 40-45 GFLOP/s a core, 1.8x this model's
     * rate, as the vector multiply runs 3.3x its own (what a tuning would scale); the 24 keeps the
     * models of the other portable kernels' algorithms, measured on earlier machines, in their
     * places. (The scalar multiply of earlier builds, a product and a sum per element, ran at 4.)
     */
    static final double SCALAR_SGEMM_GFLOPS = 24.0;
    /**
     * The same for convkit-simd's VectorSgemm, measured on one core of the same machine (best of
     * repeated calls, loaded machine): 96 for m = 64, k = 576, n = 3136; 68 for the tile-sized
     * n = 113. Conv tiles sit between, so 60 (sustained, with the packing of each tile).
     */
    static final double VECTOR_SGEMM_GFLOPS = 60.0;
    /**
     * Bandwidth of im2col copies and col2im adds per thread, GB/s (strided and bordered rows included):
     * the lowered tile stays in L2. At 6, the model made grouped layers with few channels per group
     * (where lowering outweighs multiplying) three times slower than they run.
     */
    static final double LOWERING_GBPS = 12.0;
    /** Fixed cost of a call: planning the tiles, starting tasks. */
    static final double CALL_NANOS = 20_000;

    private GemmCost() {
    }

    /**
     * How many of a weight gradient's {@code columns} dW columns one task takes: enough tasks for
     * {@link #WANT_TASKS} counting the groups, but at least {@link #MIN_BLOCK_ROWS}, in whole micro-tiles.
     */
    static int blockRows(int columns, int groups) {
        int blocks = Math.max(1, Math.min(Tiling.ceilDiv(WANT_TASKS, groups), Tiling.ceilDiv(columns, MIN_BLOCK_ROWS)));
        int rows = Tiling.ceilDiv(columns, blocks);
        return Math.min(columns, Tiling.ceilDiv(rows, MICRO_TILE_COLUMNS) * MICRO_TILE_COLUMNS);
    }

    /**
     * The dW columns one weight-gradient task takes on {@code threads} threads: as few blocks per
     * group as keep the threads busy, in whole micro-tiles, no narrower than the tiling's
     * {@code tilingRows} and no wider than {@code mostRows} (what one tile budget holds).
     */
    static int taskRows(int columns, int groups, int threads, int tilingRows, long mostRows) {
        int blocks = Math.max(1, Tiling.ceilDiv(threads, groups));
        int rows = Tiling.ceilDiv(Tiling.ceilDiv(columns, blocks), MICRO_TILE_COLUMNS) * MICRO_TILE_COLUMNS;
        int most = (int) Math.min(columns, mostRows / MICRO_TILE_COLUMNS * MICRO_TILE_COLUMNS);
        return Math.max(tilingRows, Math.min(Math.min(columns, rows), most));
    }

    /**
     * Multiply-adds of one pass, padding taps included (the lowering multiplies its zeros too): every
     * (image, small cell, small channel, big channel of its group, tap). Counted on the small side,
     * which for a transposed convolution is its input.
     */
    static double macs(Grid g) {
        return (double) g.batch * g.groups * g.csg * g.cbg * g.kernelVolume * g.smallVolume;
    }

    /**
     * GFLOP/s of the sgemm in use on products whose C has {@code m} rows and {@code n} columns (per
     * call: a tile's cells).
     */
    static double gflops(long m, long n) {
        return gflops(scalarShare(m, n));
    }

    /** The same, given the share of its rate the portable multiply reaches. */
    static double gflops(double scalarShare) {
        return Kernels.vectorized() ? VECTOR_SGEMM_GFLOPS : SCALAR_SGEMM_GFLOPS * scalarShare;
    }

    /**
     * The share for the portable dots kernel (an implicit GEMM's weight gradient), whose sixteen
     * interleaved chains the JIT leaves unvectorized: about 4 GFLOP/s, as the product-and-sum
     * multiply of earlier builds.
     */
    static final double SCALAR_DOTS_SHARE = 4 / SCALAR_SGEMM_GFLOPS;

    /**
     * The share of its rate the portable multiply reaches on such a C: it runs along rows of C (or
     * its columns, when there are fewer than 128 columns and more rows), at most 256 wide, and each
     * block of the other operand it copies serves every row (column); so a row of w elements leaves
     * the vectorized loop w / (w + 32) of its time, and a copy shared by r rows costs about one row's
     * update. A depthwise layer as a GEMM (one row of C per group, 49 columns) gets 0.3.
     */
    static double scalarShare(long m, long n) {
        boolean byColumns = n < 128 && m > n;
        double width = Math.min(256, Math.max(1, byColumns ? m : n));
        double reuse = Math.max(1, byColumns ? n : m);
        return reuse / (reuse + 1) * width / (width + 32);
    }

    /**
     * Fixed cost of a pointwise call, which has no tiles to plan: a prepared 1x1 layer of 2K
     * multiply-adds (EfficientNet's squeeze-and-excitation at batch 8) took 1 us, where the model's
     * 20 us made the planner give it to the reference engine (13 us).
     */
    static final double POINTWISE_CALL_NANOS = 2_000;

    /**
     * The model above; {@code tasks} caps the threads that can be busy, and the products' C has
     * {@code m} rows and {@code n} columns.
     */
    static double nanos(double macs, double bytes, int threads, long tasks, long m, long n) {
        return nanos(CALL_NANOS, macs, bytes, threads, tasks, scalarShare(m, n));
    }

    /** With another fixed cost per call, and the portable multiply's share of its rate given. */
    static double nanos(double call, double macs, double bytes, int threads, long tasks, double scalarShare) {
        double used = Math.max(1, Math.min(threads, tasks));
        return call + (2 * macs / gflops(scalarShare) + bytes / LOWERING_GBPS) / used;
    }
}
