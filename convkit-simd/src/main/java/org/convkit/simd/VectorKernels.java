package org.convkit.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.convkit.algo.ScalarKernels;
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

    /**
     * Four vectors of outputs per step, each a chain of fmas over the taps kept in a register: four
     * independent chains hide the fma latency that one chain would expose, and share each tap's
     * broadcast and offset. Then single vectors, then the scalar twin's chain per element.
     */
    @Override
    public void taps(int n, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        FloatVector start = FloatVector.broadcast(f, init);
        int i = 0;
        for (int end = n - 4 * lanes; i <= end; i += 4 * lanes) {
            FloatVector a0 = start;
            FloatVector a1 = start;
            FloatVector a2 = start;
            FloatVector a3 = start;
            for (int t = 0; t < taps; t++) {
                FloatVector c = FloatVector.broadcast(f, coef[t]);
                int at = offsets[t] + i;
                a0 = FloatVector.fromArray(f, in, at).fma(c, a0);
                a1 = FloatVector.fromArray(f, in, at + lanes).fma(c, a1);
                a2 = FloatVector.fromArray(f, in, at + 2 * lanes).fma(c, a2);
                a3 = FloatVector.fromArray(f, in, at + 3 * lanes).fma(c, a3);
            }
            a0.intoArray(out, outOff + i);
            a1.intoArray(out, outOff + i + lanes);
            a2.intoArray(out, outOff + i + 2 * lanes);
            a3.intoArray(out, outOff + i + 3 * lanes);
        }
        for (int end = f.loopBound(n); i < end; i += lanes) {
            FloatVector a0 = start;
            for (int t = 0; t < taps; t++) {
                a0 = FloatVector.fromArray(f, in, offsets[t] + i).fma(FloatVector.broadcast(f, coef[t]), a0);
            }
            a0.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float acc = init;
            for (int t = 0; t < taps; t++) {
                acc = Math.fma(coef[t], in[offsets[t] + i], acc);
            }
            out[outOff + i] = acc;
        }
    }

    /**
     * Like {@link #taps}: four vectors of outputs per step, each reduced over the taps in a
     * register, then single vectors. The last partial vector is done as a whole vector ending at
     * n, overlapping outputs already written with the same values (out does not overlap the
     * inputs), so no scalar tail runs unless n is under one vector.
     */
    @Override
    public void maxTaps(int n, int taps, float[] in, int[] offsets, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        if (taps == 0 || n < lanes) {
            ScalarKernels.INSTANCE.maxTaps(n, taps, in, offsets, out, outOff);
            return;
        }
        int i = 0;
        for (int end = n - 4 * lanes; i <= end; i += 4 * lanes) {
            int at = offsets[0] + i;
            FloatVector a0 = FloatVector.fromArray(f, in, at);
            FloatVector a1 = FloatVector.fromArray(f, in, at + lanes);
            FloatVector a2 = FloatVector.fromArray(f, in, at + 2 * lanes);
            FloatVector a3 = FloatVector.fromArray(f, in, at + 3 * lanes);
            for (int t = 1; t < taps; t++) {
                at = offsets[t] + i;
                a0 = a0.max(FloatVector.fromArray(f, in, at));
                a1 = a1.max(FloatVector.fromArray(f, in, at + lanes));
                a2 = a2.max(FloatVector.fromArray(f, in, at + 2 * lanes));
                a3 = a3.max(FloatVector.fromArray(f, in, at + 3 * lanes));
            }
            a0.intoArray(out, outOff + i);
            a1.intoArray(out, outOff + i + lanes);
            a2.intoArray(out, outOff + i + 2 * lanes);
            a3.intoArray(out, outOff + i + 3 * lanes);
        }
        while (i < n) {
            if (i > n - lanes) {
                i = n - lanes;
            }
            FloatVector a0 = FloatVector.fromArray(f, in, offsets[0] + i);
            for (int t = 1; t < taps; t++) {
                a0 = a0.max(FloatVector.fromArray(f, in, offsets[t] + i));
            }
            a0.intoArray(out, outOff + i);
            i += lanes;
        }
    }
}
