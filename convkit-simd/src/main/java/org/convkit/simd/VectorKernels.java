package org.convkit.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
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
     * Eight vectors of outputs per step, each a chain of fmas over the taps kept in a register:
     * eight independent chains hide the fma latency (with four, a step waited on it: a tap's four
     * fmas issue in one cycle, then the next tap's wait for them), and share each tap's broadcast
     * and offset. Then a step of four and single vectors, a last vector overlapping the ones
     * written, and the scalar twin's chain per element for runs shorter than a vector. Each step is
     * its own method, so that C2 compiles every one with its Vector API calls inlined.
     */
    @Override
    public void taps(int n, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out, int outOff) {
        int lanes = MicroKernels.LANES;
        int i = 0;
        for (int end = n - 8 * lanes; i <= end; i += 8 * lanes) {
            taps8(i, taps, coef, in, offsets, init, out, outOff);
        }
        if (i <= n - 4 * lanes) {
            taps4(i, taps, coef, in, offsets, init, out, outOff);
            i += 4 * lanes;
        }
        for (; i <= n - lanes; i += lanes) {
            taps1(i, taps, coef, in, offsets, init, out, outOff);
        }
        if (i < n && n >= lanes) {
            // the tail as one vector ending at n, overlapping outputs already written: each output is
            // the same chain whichever vector computes it, so writing it twice writes the same bits
            // (a 54-wide row spent more time in 6 scalar tail chains than in its vectors)
            taps1(n - lanes, taps, coef, in, offsets, init, out, outOff);
            return;
        }
        for (; i < n; i++) {
            float acc = init;
            for (int t = 0; t < taps; t++) {
                acc = Math.fma(coef[t], in[offsets[t] + i], acc);
            }
            out[outOff + i] = acc;
        }
    }

    private static void taps8(int i, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out,
                              int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        FloatVector a0 = FloatVector.broadcast(f, init);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int t = 0; t < taps; t++) {
            FloatVector c = FloatVector.broadcast(f, coef[t]);
            int at = offsets[t] + i;
            a0 = FloatVector.fromArray(f, in, at).fma(c, a0);
            a1 = FloatVector.fromArray(f, in, at + lanes).fma(c, a1);
            a2 = FloatVector.fromArray(f, in, at + 2 * lanes).fma(c, a2);
            a3 = FloatVector.fromArray(f, in, at + 3 * lanes).fma(c, a3);
            a4 = FloatVector.fromArray(f, in, at + 4 * lanes).fma(c, a4);
            a5 = FloatVector.fromArray(f, in, at + 5 * lanes).fma(c, a5);
            a6 = FloatVector.fromArray(f, in, at + 6 * lanes).fma(c, a6);
            a7 = FloatVector.fromArray(f, in, at + 7 * lanes).fma(c, a7);
        }
        int o = outOff + i;
        a0.intoArray(out, o);
        a1.intoArray(out, o + lanes);
        a2.intoArray(out, o + 2 * lanes);
        a3.intoArray(out, o + 3 * lanes);
        a4.intoArray(out, o + 4 * lanes);
        a5.intoArray(out, o + 5 * lanes);
        a6.intoArray(out, o + 6 * lanes);
        a7.intoArray(out, o + 7 * lanes);
    }

    private static void taps4(int i, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out,
                              int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        FloatVector a0 = FloatVector.broadcast(f, init);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int t = 0; t < taps; t++) {
            FloatVector c = FloatVector.broadcast(f, coef[t]);
            int at = offsets[t] + i;
            a0 = FloatVector.fromArray(f, in, at).fma(c, a0);
            a1 = FloatVector.fromArray(f, in, at + lanes).fma(c, a1);
            a2 = FloatVector.fromArray(f, in, at + 2 * lanes).fma(c, a2);
            a3 = FloatVector.fromArray(f, in, at + 3 * lanes).fma(c, a3);
        }
        int o = outOff + i;
        a0.intoArray(out, o);
        a1.intoArray(out, o + lanes);
        a2.intoArray(out, o + 2 * lanes);
        a3.intoArray(out, o + 3 * lanes);
    }

    private static void taps1(int i, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out,
                              int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector a0 = FloatVector.broadcast(f, init);
        for (int t = 0; t < taps; t++) {
            a0 = FloatVector.fromArray(f, in, offsets[t] + i).fma(FloatVector.broadcast(f, coef[t]), a0);
        }
        a0.intoArray(out, outOff + i);
    }

    /**
     * 256-bit vectors for the kernels below, whatever the preferred width: dots' 16 lanes are two
     * of them, and copyRows' step-2 copy narrows one to 128 bits. Where 256-bit vectors are not
     * native (a 128-bit machine), those kernels run their scalar twins.
     */
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final boolean HAS_256 = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    /**
     * Unit steps: System.arraycopy for long rows (its stub beats a vector loop there), whole vectors
     * and one overlapping vector for a row's end (writing a cell twice writes the same value) for
     * shorter ones. A step of 2 on the input: each pair of cells read as a long, whose low half is
     * the even cell, so narrowing longs to ints takes every other cell without a shuffle (JDK 17's
     * rearranges ran slower than the scalar loop). When out's rows are packed one after another
     * (outPitch == width, as a small plane's are), a row's end is a whole vector too: the cells it
     * writes past the row are the next rows', which are copied after it, and the block's last cells
     * are copied exactly. Reads may go past a row's cells, never past the array. Other steps are
     * the scalar twin. Each case is its own small method, so that C2 inlines the Vector API calls in
     * it (in a large method they lose their intrinsics and box every vector).
     */
    @Override
    public void copyRows(int rows, int width, float[] in, int inOff, int inPitch, int inStep, float[] out, int outOff,
                         int outPitch, int outStep) {
        boolean packed = outPitch == width;
        if (inStep == 1 && outStep == 1) {
            if (width >= 4 * MicroKernels.LANES) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(in, inOff + r * inPitch, out, outOff + r * outPitch, width);
                }
            } else {
                copyUnit(rows, width, in, inOff, inPitch, out, outOff, outPitch, packed);
            }
        } else if (inStep == 2 && outStep == 1 && HAS_256) {
            copyHalved(rows, width, in, inOff, inPitch, out, outOff, outPitch, packed);
        } else if (inStep == 1 && outStep == 2) {
            copySpread(rows, width, in, inOff, inPitch, out, outOff, outPitch);
        } else {
            ScalarKernels.INSTANCE.copyRows(rows, width, in, inOff, inPitch, inStep, out, outOff, outPitch, outStep);
        }
    }

    private static void copyUnit(int rows, int width, float[] in, int inOff, int inPitch, float[] out, int outOff,
                                 int outPitch, boolean packed) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int outEnd = outOff + rows * width;
        for (int r = 0; r < rows; r++) {
            int from = inOff + r * inPitch;
            int to = outOff + r * outPitch;
            if (width >= lanes) {
                int last = width - lanes;
                for (int i = 0; i < last; i += lanes) {
                    FloatVector.fromArray(f, in, from + i).intoArray(out, to + i);
                }
                FloatVector.fromArray(f, in, from + last).intoArray(out, to + last);
            } else if (packed && to + lanes <= outEnd && from + lanes <= in.length) {
                FloatVector.fromArray(f, in, from).intoArray(out, to);
            } else {
                for (int i = 0; i < width; i++) {
                    out[to + i] = in[from + i];
                }
            }
        }
    }

    private static void copyHalved(int rows, int width, float[] in, int inOff, int inPitch, float[] out, int outOff,
                                   int outPitch, boolean packed) {
        int outEnd = outOff + rows * width;
        for (int r = 0; r < rows; r++) {
            int from = inOff + r * inPitch;
            int to = outOff + r * outPitch;
            int i = 0;
            // 8 outputs from 16 cells
            for (; i + 8 <= width && from + 2 * i + 16 <= in.length; i += 8) {
                halve(in, from + 2 * i, out, to + i);
            }
            if (i < width && packed && to + i + 8 <= outEnd && from + 2 * i + 16 <= in.length) {
                halve(in, from + 2 * i, out, to + i);
                continue;
            }
            for (; i < width; i++) {
                out[to + i] = in[from + 2 * i];
            }
        }
    }

    /**
     * A step of 2 on the output, scalar: with the step a constant the JIT unrolls it, where the
     * twin's loop over two variable steps ran at half the speed (widening to longs and merging the
     * cells between measured little faster, and lost its intrinsics inside this method).
     */
    private static void copySpread(int rows, int width, float[] in, int inOff, int inPitch, float[] out, int outOff,
                                   int outPitch) {
        for (int r = 0; r < rows; r++) {
            int from = inOff + r * inPitch;
            int to = outOff + r * outPitch;
            for (int i = 0; i < width; i++) {
                out[to + 2 * i] = in[from + i];
            }
        }
    }

    private static void halve(float[] in, int from, float[] out, int to) {
        LongVector a = FloatVector.fromArray(F256, in, from).reinterpretAsLongs();
        LongVector b = FloatVector.fromArray(F256, in, from + 8).reinterpretAsLongs();
        ((IntVector) a.convertShape(VectorOperators.L2I, IntVector.SPECIES_128, 0)).reinterpretAsFloats()
                .intoArray(out, to);
        ((IntVector) b.convertShape(VectorOperators.L2I, IntVector.SPECIES_128, 0)).reinterpretAsFloats()
                .intoArray(out, to + 4);
    }

    /**
     * The 16 lanes as two 256-bit vectors per tap, four taps at a time (eight independent chains,
     * sharing each load of x), then single taps.
     */
    @Override
    public void dots(int n, int taps, float[] x, int xOff, float[] in, int[] offsets, float[] sums, int sumsOff) {
        if (!HAS_256 || ScalarKernels.DOT_LANES != 16 || n % 16 != 0) {
            ScalarKernels.INSTANCE.dots(n, taps, x, xOff, in, offsets, sums, sumsOff);
            return;
        }
        int chunk = ScalarKernels.DOT_CHUNK;
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
            for (int c = 0; c < n; c += chunk) {
                dots4(c, Math.min(n, c + chunk), x, xOff, in, offsets[t], offsets[t + 1], offsets[t + 2],
                        offsets[t + 3], sums, sumsOff + t * 16);
            }
        }
        for (; t < taps; t++) {
            for (int c = 0; c < n; c += chunk) {
                dots1(c, Math.min(n, c + chunk), x, xOff, in, offsets[t], sums, sumsOff + t * 16);
            }
        }
    }

    private static void dots4(int c, int end, float[] x, int xOff, float[] in, int o0, int o1, int o2, int o3,
                              float[] sums, int at) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        for (int i = c; i < end; i += 16) {
            FloatVector xa = FloatVector.fromArray(F256, x, xOff + i);
            FloatVector xb = FloatVector.fromArray(F256, x, xOff + i + 8);
            a0 = FloatVector.fromArray(F256, in, o0 + i).fma(xa, a0);
            b0 = FloatVector.fromArray(F256, in, o0 + i + 8).fma(xb, b0);
            a1 = FloatVector.fromArray(F256, in, o1 + i).fma(xa, a1);
            b1 = FloatVector.fromArray(F256, in, o1 + i + 8).fma(xb, b1);
            a2 = FloatVector.fromArray(F256, in, o2 + i).fma(xa, a2);
            b2 = FloatVector.fromArray(F256, in, o2 + i + 8).fma(xb, b2);
            a3 = FloatVector.fromArray(F256, in, o3 + i).fma(xa, a3);
            b3 = FloatVector.fromArray(F256, in, o3 + i + 8).fma(xb, b3);
        }
        addInto(a0, b0, sums, at);
        addInto(a1, b1, sums, at + 16);
        addInto(a2, b2, sums, at + 32);
        addInto(a3, b3, sums, at + 48);
    }

    private static void dots1(int c, int end, float[] x, int xOff, float[] in, int o0, float[] sums, int at) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector b0 = a0;
        for (int i = c; i < end; i += 16) {
            a0 = FloatVector.fromArray(F256, in, o0 + i).fma(FloatVector.fromArray(F256, x, xOff + i), a0);
            b0 = FloatVector.fromArray(F256, in, o0 + i + 8).fma(FloatVector.fromArray(F256, x, xOff + i + 8), b0);
        }
        addInto(a0, b0, sums, at);
    }

    /** sums[at + l] += lane l of (a, b), l in [0, 16). */
    private static void addInto(FloatVector a, FloatVector b, float[] sums, int at) {
        a.add(FloatVector.fromArray(F256, sums, at)).intoArray(sums, at);
        b.add(FloatVector.fromArray(F256, sums, at + 8)).intoArray(sums, at + 8);
    }
}
