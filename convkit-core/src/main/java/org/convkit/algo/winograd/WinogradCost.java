package org.convkit.algo.winograd;

import org.convkit.runtime.Kernels;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.Ints;

/**
 * The planner's time estimate for Winograd: a fixed cost per call plus linear terms for each phase,
 * divided by the tasks that can run at once. The constants were measured on the development
 * machine (2-core AVX-512 EPYC, JDK 17, resnet-3x3 and small problems, medians of short runs on a
 * shared machine, so good to a factor of about 1.5); only the ranking against other algorithms
 * matters.
 */
final class WinogradCost {
    /**
     * Per call: allocating workspaces, the padded copy, dispatching tasks (measured 16-20 us on a toy
     * problem), beyond the reference engine's own per-call cost (about 1 us), which its estimate
     * leaves out.
     */
    static final double CALL_NS = 15_000;
    /** Per (tile, input channel): reading the patch and the input transform (measured 52 ns). */
    static final double INPUT_NS = 50;
    /** Per (tile, output channel): output transform and writing the tile (measured 28 ns). */
    static final double OUTPUT_NS = 28;
    /** Per weight pair (output channel, input channel of its group): the weight transform (measured 15 ns). */
    static final double WEIGHT_NS = 15;
    /**
     * Per GEMM multiply-add with the portable kernel: 24 GFLOP/s, 0.4 of the vector one's, as in
     * GemmCost (the product-and-sum kernel of earlier builds took 0.58 ns).
     */
    static final double GEMM_SCALAR_NS = 2 / 24.0;
    /** Per GEMM multiply-add with the Vector API kernel: 60 GFLOP/s sustained per core, as in GemmCost. */
    static final double GEMM_VECTOR_NS = 2 / 60.0;

    /**
     * Per GEMM call, whatever its size: packing set-up and the blocking loops. A grouped layer makes
     * alpha^2 small GEMMs per group and batch of tiles; on ResNeXt's 32-group 3x3 layers these calls
     * made Winograd twice as slow as the model without them said (and as GEMM).
     */
    static final double GEMM_CALL_NS = 500;

    /**
     * Per float of the transformed input packed for the products (alpha^2 x tiles x input channels,
     * transposed into panels), with the vector kernels: a product's packed B serves out/mr panels
     * of A, so with few output channels the packing weighs as much as the multiply (16 channels:
     * 23% of the time in the packing, 14% in the micro-kernel, JFR on 2026-12-03).
     */
    static final double PACK_NS = 0.85;

    /**
     * All of the model's work, measured against the GEMM algorithms' estimates on this machine
     * (2026-12-03, prepared layers, alternating, 2 threads): Winograd took 1.8 to 2 times what the
     * constants above say, relative to the GEMM and implicit GEMM, on 3x3 layers of 32 to 128
     * channels (U-Net, ResNet-18, MNIST), and 3.3 times on 16 channels (with PACK_NS, 2.3); the
     * GEMM kernels have sped up since the transforms' constants were measured. With the Vector
     * API's kernels only: the scalar ones were not measured again.
     */
    static final double MEASURED = 1.9;

    /** Per float copied into or out of a dilation phase (strided on one side; estimated like a padded copy). */
    static final double PHASE_COPY_NS = 0.5;

    private WinogradCost() {
    }

    /** Copying a dilated problem's input into phases and the phases' outputs back: every cell once each way. */
    static double copy(ConvProblem p, int threads) {
        double cells = (double) p.batch() * (p.bigChannels() * (double) Ints.product(p.bigSpatial())
                + p.smallChannels() * (double) Ints.product(p.smallSpatial()));
        return cells * PHASE_COPY_NS / Math.max(1, threads);
    }

    static double estimate(Correlation c, Tiling t, int alpha, int workers) {
        return estimate(c, t, alpha, workers, 1);
    }

    /** With the number of batches of tiles, each of which makes alpha^2 GEMM calls per group. */
    static double estimate(Correlation c, Tiling t, int alpha, int workers, int batches) {
        double tiles = t.total;
        double gemmMacs = (double) alpha * alpha * tiles * c.outChannels * c.inPerGroup();
        double gemm = Kernels.vectorized() ? gemmMacs * GEMM_VECTOR_NS + (double) alpha * alpha * tiles * c.inChannels * PACK_NS
                : gemmMacs * GEMM_SCALAR_NS;
        double work = tiles * (c.inChannels * INPUT_NS + c.outChannels * OUTPUT_NS) + gemm
                + (double) c.outChannels * c.inPerGroup() * WEIGHT_NS
                + (double) batches * alpha * alpha * c.groups * GEMM_CALL_NS;
        return CALL_NS + (Kernels.vectorized() ? MEASURED : 1) * work / Math.max(1, workers);
    }
}
