package org.convkit.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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

    /** Lane-wise fma, then the tail with Math.fma: the same bits as the scalar twin. */
    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector va = FloatVector.broadcast(f, a);
        int i = 0;
        for (int end = f.loopBound(n); i < end; i += f.length()) {
            FloatVector.fromArray(f, x, xOff + i).fma(va, FloatVector.fromArray(f, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
        }
    }
}
