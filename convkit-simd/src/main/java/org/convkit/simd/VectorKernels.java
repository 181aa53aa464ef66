package org.convkit.simd;

import org.convkit.algo.Sgemm;
import org.convkit.algo.SimdKernels;

/**
 * The Vector API kernels, found by {@link org.convkit.algo.Kernels} through ServiceLoader (see
 * {@code META-INF/services/org.convkit.algo.SimdKernels}). Loading it without
 * {@code --add-modules jdk.incubator.vector} fails with a LinkageError, which the core turns into
 * the scalar fallback.
 */
public final class VectorKernels implements SimdKernels {
    private static final VectorSgemm SGEMM = new VectorSgemm();

    /** For ServiceLoader. */
    public VectorKernels() {
    }

    @Override
    public String describe() {
        return "Vector API, " + MicroKernels.SPECIES.vectorBitSize() + "-bit float lanes x" + MicroKernels.LANES
                + " (sgemm " + SGEMM.name() + ")";
    }

    @Override
    public Sgemm sgemm() {
        return SGEMM;
    }
}
