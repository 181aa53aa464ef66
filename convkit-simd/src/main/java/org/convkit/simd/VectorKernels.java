package org.convkit.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
     * One vector of outputs per step, the first four taps' offsets held in locals (most pooling rows
     * have two to four taps) and any further ones read in an inner loop; the zero-or-NaN test is two
     * lane compares per vector. The last partial vector is done as
     * a whole vector ending at n, rewriting outputs already written with the same values (out does
     * not overlap the inputs), so no scalar tail runs unless n is under one vector.
     */
    @Override
    public boolean maxTaps(int n, int taps, float[] in, int[] offsets, float[] out, int outOff, boolean check) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        if (taps == 0 || n < lanes) {
            return ScalarKernels.INSTANCE.maxTaps(n, taps, in, offsets, out, outOff, check);
        }
        // max is idempotent: a missing tap repeats tap 0
        int o0 = offsets[0];
        int o1 = taps > 1 ? offsets[1] : o0;
        int o2 = taps > 2 ? offsets[2] : o0;
        int o3 = taps > 3 ? offsets[3] : o0;
        // counted loops (C2 unrolls them and hoists their bounds checks), then the overlapping last
        // vector; two loops, as a vector updated under a condition inside one loop would be boxed
        int last = n - lanes;
        if (!check) {
            for (int i = 0; i < last; i += lanes) {
                maxOf(taps, in, offsets, o0, o1, o2, o3, i).intoArray(out, outOff + i);
            }
            maxOf(taps, in, offsets, o0, o1, o2, o3, last).intoArray(out, outOff + last);
            return false;
        }
        VectorMask<Float> flags = zeroOrNaN(maxOf(taps, in, offsets, o0, o1, o2, o3, last), out, outOff + last,
                f.maskAll(false));
        for (int i = 0; i < last; i += lanes) {
            flags = zeroOrNaN(maxOf(taps, in, offsets, o0, o1, o2, o3, i), out, outOff + i, flags);
        }
        return flags.anyTrue();
    }

    /** Stores a and adds its zeros and NaNs (the one value unequal to itself) to flags. */
    private static VectorMask<Float> zeroOrNaN(FloatVector a, float[] out, int at, VectorMask<Float> flags) {
        a.intoArray(out, at);
        return flags.or(a.compare(VectorOperators.EQ, 0f)).or(a.compare(VectorOperators.NE, a));
    }

    /** One vector of maxTaps: lanes i.. of the taps at o0..o3, then of any further taps. */
    private static FloatVector maxOf(int taps, float[] in, int[] offsets, int o0, int o1, int o2, int o3, int i) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector a = FloatVector.fromArray(f, in, o0 + i).max(FloatVector.fromArray(f, in, o1 + i));
        if (taps > 2) {
            a = a.max(FloatVector.fromArray(f, in, o2 + i).max(FloatVector.fromArray(f, in, o3 + i)));
            for (int t = 4; t < taps; t++) {
                a = a.max(FloatVector.fromArray(f, in, offsets[t] + i));
            }
        }
        return a;
    }

    /**
     * As {@link #maxTaps}, one vector of outputs per step with the first taps' offsets in locals,
     * the taps added in order and the sum scaled once; the last partial vector overlaps, as there.
     */
    @Override
    public void sumTaps(int n, int taps, float[] in, int[] offsets, float scale, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        if (taps == 0 || n < lanes) {
            ScalarKernels.INSTANCE.sumTaps(n, taps, in, offsets, scale, out, outOff);
            return;
        }
        int o0 = offsets[0];
        int o1 = taps > 1 ? offsets[1] : o0;
        int o2 = taps > 2 ? offsets[2] : o0;
        int last = n - lanes;
        for (int i = 0; i < last; i += lanes) {
            sumOf(taps, in, offsets, o0, o1, o2, i).mul(scale).intoArray(out, outOff + i);
        }
        sumOf(taps, in, offsets, o0, o1, o2, last).mul(scale).intoArray(out, outOff + last);
    }

    /** One vector of sumTaps before the scale: lanes i.. of the taps in order. */
    private static FloatVector sumOf(int taps, float[] in, int[] offsets, int o0, int o1, int o2, int i) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector a = FloatVector.fromArray(f, in, o0 + i);
        if (taps > 1) {
            a = a.add(FloatVector.fromArray(f, in, o1 + i));
            if (taps > 2) {
                a = a.add(FloatVector.fromArray(f, in, o2 + i));
                for (int t = 3; t < taps; t++) {
                    a = a.add(FloatVector.fromArray(f, in, offsets[t] + i));
                }
            }
        }
        return a;
    }
}
