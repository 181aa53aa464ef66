package org.convkit.algo.gemm;

import org.convkit.algo.Kernels;

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
    /** The narrowest tile worth a GEMM call, unless the problem is smaller. */
    static final int MIN_COLUMNS = 64;
    /** The fewest weight-gradient rows (dW columns) one task takes. */
    static final int MIN_BLOCK_ROWS = 8;

    /**
     * Sustained single-thread GFLOP/s of {@link org.convkit.algo.ScalarSgemm} on the shapes these
     * algorithms call it with (m = 64, k = 576, n = 224 and the like; JDK 17, C2, the development
     * machine), measured with a short median-of-runs loop.
     */
    static final double SCALAR_SGEMM_GFLOPS = 4.0;
    /**
     * The same for a vector sgemm from convkit-simd: an estimate (8 float lanes with FMA at about half
     * of peak) until that kernel's measurement replaces it.
     */
    static final double VECTOR_SGEMM_GFLOPS = 16.0;
    /** Bandwidth of im2col copies and col2im adds per thread, GB/s (strided and bordered rows included). */
    static final double LOWERING_GBPS = 4.0;
    /** Fixed cost of a call: planning the tiles, starting tasks. */
    static final double CALL_NANOS = 20_000;

    private GemmCost() {
    }

    /** GFLOP/s of the sgemm in use. */
    static double gflops() {
        return Kernels.vectorized() ? VECTOR_SGEMM_GFLOPS : SCALAR_SGEMM_GFLOPS;
    }

    /** The model above; {@code tasks} caps the threads that can be busy. */
    static double nanos(double macs, double bytes, int threads, long tasks) {
        double used = Math.max(1, Math.min(threads, tasks));
        return CALL_NANOS + (2 * macs / gflops() + bytes / LOWERING_GBPS) / used;
    }
}
