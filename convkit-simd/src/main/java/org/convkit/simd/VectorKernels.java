package org.convkit.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.convkit.runtime.ScalarKernels;
import org.convkit.runtime.Sgemm;
import org.convkit.runtime.SimdKernels;

/**
 * The Vector API kernels, found by {@link org.convkit.runtime.Kernels} through ServiceLoader (see
 * {@code META-INF/services/org.convkit.runtime.SimdKernels}). Loading it without
 * {@code --add-modules jdk.incubator.vector} fails with a LinkageError, which the core turns into
 * the scalar fallback.
 */
public final class VectorKernels implements SimdKernels {
    /** The 8-row tile, and the 12-row one beside it where vectors are 512 bits wide (see TileChoiceSgemm). */
    private static final Sgemm SGEMM = Blocking.tallForSpecies() == null ? new VectorSgemm()
            : new TileChoiceSgemm(Blocking.forSpecies(), Blocking.tallForSpecies());

    /**
     * For ServiceLoader. Nothing is run ahead to warm the JIT: a warm-up thread that compiled the
     * kernels at start-up left them compiled at 20-60% of the speed they reach when C2 compiles them
     * in use (measured on 512-bit vectors: a GEMM at 37 against 65 GFLOP/s, a 1x1 layer 5x slower),
     * for the life of the JVM.
     */
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
            taps4Lanes(i, taps, coef, in, offsets, init, out, outOff);
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

    private static void taps4Lanes(int i, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out,
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
        } else if (inStep == 2 && outStep == 1) {
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

    /** Lane j takes lane 2j mod LANES: the even lanes of a vector, twice over. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(MicroKernels.SPECIES,
            j -> 2 * j % MicroKernels.LANES);
    /** The upper half of the lanes: lanes j with j - LANES/2 in [0, LANES/2). */
    private static final VectorMask<Float> UPPER = MicroKernels.SPECIES.indexInRange(-MicroKernels.LANES / 2,
            MicroKernels.LANES / 2);

    /**
     * A step of 2 on the input: per output vector, two input vectors' even lanes gathered by one
     * constant rearrange each and merged by a blend (2x the scalar loop's speed on long rows, 1.5x
     * on rows of 28), the row's rest as one more vector (see below) unless the array ends there. All
     * in the preferred width: a 128-bit version
     * (pairs of cells read as longs and narrowed to ints) shared the Vector API's own methods with
     * every 512-bit kernel, whose type profiles then saw two vector classes, and in a network's run
     * C2 compiled plain 512-bit copies against them and boxed them (50 GB of garbage in one depthwise
     * benchmark, layers 2-10x slower). Gathers are not intrinsics on JDK 17 (10x slower than scalar).
     */
    private static void copyHalved(int rows, int width, float[] in, int inOff, int inPitch, float[] out, int outOff,
                                   int outPitch, boolean packed) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int outEnd = outOff + rows * width;
        for (int r = 0; r < rows; r++) {
            int from = inOff + r * inPitch;
            int to = outOff + r * outPitch;
            int i = 0;
            for (; i + lanes <= width && from + 2 * i + 2 * lanes <= in.length; i += lanes) {
                halve(in, from + 2 * i, out, to + i);
            }
            if (i == width) {
                continue;
            }
            // the row's end as one vector: ending at the row's end when the row holds one (the cells
            // before are written again, the same), else, for rows packed one after another, past it
            // onto the next row's, which is copied after (a 7-wide row's cells went one by one)
            int last = width - lanes;
            if (last >= 0 && from + 2 * last + 2 * lanes <= in.length) {
                halve(in, from + 2 * last, out, to + last);
            } else if (packed && to + i + lanes <= outEnd && from + 2 * i + 2 * lanes <= in.length) {
                halve(in, from + 2 * i, out, to + i);
            } else {
                for (; i < width; i++) {
                    out[to + i] = in[from + 2 * i];
                }
            }
        }
    }

    /** One vector of every other cell: out[to + j] = in[from + 2j]. */
    private static void halve(float[] in, int from, float[] out, int to) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector low = FloatVector.fromArray(f, in, from).rearrange(EVEN);
        FloatVector high = FloatVector.fromArray(f, in, from + f.length()).rearrange(EVEN);
        low.blend(high, UPPER).intoArray(out, to);
    }

    /**
     * Whole vectors per row, the last one's lanes past the row zeroed in a register (a blend) and
     * stored whole; steps 1 and 2 (even lanes as in copyHalved), others and rows near an array's end
     * through copyRows.
     */
    @Override
    public void copyRowsOverZeros(int rows, int width, float[] in, int inOff, int inPitch, int inStep, float[] out,
                                  int outOff, int outPitch) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int chunks = (width + lanes - 1) / lanes;
        // the last row reads and writes furthest
        long lastIn = (long) inOff + (long) (rows - 1) * inPitch + (long) chunks * lanes * inStep;
        long lastOut = (long) outOff + (long) (rows - 1) * outPitch + (long) chunks * lanes;
        if ((inStep != 1 && inStep != 2) || rows == 0 || width == 0 || lastIn > in.length || lastOut > out.length) {
            copyRows(rows, width, in, inOff, inPitch, inStep, out, outOff, outPitch, 1);
            return;
        }
        VectorMask<Float> tail = f.indexInRange(0, width - (chunks - 1) * lanes);
        FloatVector zero = FloatVector.zero(f);
        int whole = (chunks - 1) * lanes;
        for (int r = 0; r < rows; r++) {
            int from = inOff + r * inPitch;
            int to = outOff + r * outPitch;
            if (inStep == 1) {
                for (int i = 0; i < whole; i += lanes) {
                    FloatVector.fromArray(f, in, from + i).intoArray(out, to + i);
                }
                zero.blend(FloatVector.fromArray(f, in, from + whole), tail).intoArray(out, to + whole);
            } else {
                for (int i = 0; i < whole; i += lanes) {
                    FloatVector low = FloatVector.fromArray(f, in, from + 2 * i).rearrange(EVEN);
                    FloatVector high = FloatVector.fromArray(f, in, from + 2 * i + lanes).rearrange(EVEN);
                    low.blend(high, UPPER).intoArray(out, to + i);
                }
                FloatVector low = FloatVector.fromArray(f, in, from + 2 * whole).rearrange(EVEN);
                FloatVector high = FloatVector.fromArray(f, in, from + 2 * whole + lanes).rearrange(EVEN);
                zero.blend(low.blend(high, UPPER), tail).intoArray(out, to + whole);
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

    /**
     * The 16 lanes of a chunk as 16 / LANES vectors of the preferred width, one pass over the chunk
     * per vector (pass h takes lanes [h, h + LANES) of every 16), eight taps at a time (eight
     * independent chains sharing each load of x), then single taps. Only the preferred width: a
     * second vector width would share the Vector API's methods with every other kernel and
     * pollute their type profiles (see copyHalved). Wider vectors than 16 lanes, or n not a
     * multiple of 16, run the scalar twin.
     */
    @Override
    public void dots(int n, int taps, float[] x, int xOff, float[] in, int[] offsets, float[] sums, int sumsOff) {
        int lanes = MicroKernels.LANES;
        int group = ScalarKernels.DOT_LANES;
        if (group % lanes != 0 || n % group != 0) {
            ScalarKernels.INSTANCE.dots(n, taps, x, xOff, in, offsets, sums, sumsOff);
            return;
        }
        int chunk = ScalarKernels.DOT_CHUNK;
        for (int c = 0; c < n; c += chunk) {
            int end = Math.min(n, c + chunk);
            for (int h = 0; h < group; h += lanes) {
                int t = 0;
                for (; t + 8 <= taps; t += 8) {
                    dots8(c + h, end, x, xOff, in, offsets, t, sums, sumsOff + t * group + h);
                }
                for (; t < taps; t++) {
                    dots1(c + h, end, x, xOff, in, offsets[t], sums, sumsOff + t * group + h);
                }
            }
        }
    }

    /**
     * Taps [t, t + 8) over cells [from, end) in steps of DOT_LANES, one vector each: sums[at + 16 k
     * + l] += lane l of tap t + k's chain. (Each vector is added into sums here, not by a helper:
     * a vector handed to a method C2 does not inline is boxed.)
     */
    private static void dots8(int from, int end, float[] x, int xOff, float[] in, int[] offsets, int t, float[] sums,
                              int at) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int group = ScalarKernels.DOT_LANES;
        int o0 = offsets[t];
        int o1 = offsets[t + 1];
        int o2 = offsets[t + 2];
        int o3 = offsets[t + 3];
        int o4 = offsets[t + 4];
        int o5 = offsets[t + 5];
        int o6 = offsets[t + 6];
        int o7 = offsets[t + 7];
        FloatVector a0 = FloatVector.zero(f);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int i = from; i < end; i += group) {
            FloatVector v = FloatVector.fromArray(f, x, xOff + i);
            a0 = FloatVector.fromArray(f, in, o0 + i).fma(v, a0);
            a1 = FloatVector.fromArray(f, in, o1 + i).fma(v, a1);
            a2 = FloatVector.fromArray(f, in, o2 + i).fma(v, a2);
            a3 = FloatVector.fromArray(f, in, o3 + i).fma(v, a3);
            a4 = FloatVector.fromArray(f, in, o4 + i).fma(v, a4);
            a5 = FloatVector.fromArray(f, in, o5 + i).fma(v, a5);
            a6 = FloatVector.fromArray(f, in, o6 + i).fma(v, a6);
            a7 = FloatVector.fromArray(f, in, o7 + i).fma(v, a7);
        }
        a0.add(FloatVector.fromArray(f, sums, at)).intoArray(sums, at);
        a1.add(FloatVector.fromArray(f, sums, at + group)).intoArray(sums, at + group);
        a2.add(FloatVector.fromArray(f, sums, at + 2 * group)).intoArray(sums, at + 2 * group);
        a3.add(FloatVector.fromArray(f, sums, at + 3 * group)).intoArray(sums, at + 3 * group);
        a4.add(FloatVector.fromArray(f, sums, at + 4 * group)).intoArray(sums, at + 4 * group);
        a5.add(FloatVector.fromArray(f, sums, at + 5 * group)).intoArray(sums, at + 5 * group);
        a6.add(FloatVector.fromArray(f, sums, at + 6 * group)).intoArray(sums, at + 6 * group);
        a7.add(FloatVector.fromArray(f, sums, at + 7 * group)).intoArray(sums, at + 7 * group);
    }

    /**
     * Four signals over four taps at a time: sixteen chains in registers, each step loading four
     * signal vectors and four window vectors for sixteen fma (dots loads nine for eight); the
     * chains are dots', so the bits are.
     */
    @Override
    public void dots4(int n, int taps, float[] x, int xOff, int xStride, float[] in, int[] offsets, float[] sums,
                      int sumsOff, int sumsStride) {
        int lanes = MicroKernels.LANES;
        int group = ScalarKernels.DOT_LANES;
        if (group % lanes != 0 || n % group != 0) {
            ScalarKernels.INSTANCE.dots4(n, taps, x, xOff, xStride, in, offsets, sums, sumsOff, sumsStride);
            return;
        }
        int chunk = ScalarKernels.DOT_CHUNK;
        for (int c = 0; c < n; c += chunk) {
            int end = Math.min(n, c + chunk);
            for (int h = 0; h < group; h += lanes) {
                int t = 0;
                for (; t + 4 <= taps; t += 4) {
                    dots4x4(c + h, end, x, xOff, xStride, in, offsets, t, sums, sumsOff + t * group + h, sumsStride);
                }
                for (; t < taps; t++) {
                    for (int r = 0; r < 4; r++) {
                        dots1(c + h, end, x, xOff + r * xStride, in, offsets[t], sums,
                                sumsOff + r * sumsStride + t * group + h);
                    }
                }
            }
        }
    }

    /** Rows [0, 4) by taps [t, t + 4) over cells [from, end) in steps of DOT_LANES: sums[at + r * stride + 16 q + l]. */
    private static void dots4x4(int from, int end, float[] x, int xOff, int xStride, float[] in, int[] offsets, int t,
                                float[] sums, int at, int stride) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int group = ScalarKernels.DOT_LANES;
        int o0 = offsets[t];
        int o1 = offsets[t + 1];
        int o2 = offsets[t + 2];
        int o3 = offsets[t + 3];
        int x0 = xOff;
        int x1 = xOff + xStride;
        int x2 = xOff + 2 * xStride;
        int x3 = xOff + 3 * xStride;
        FloatVector a00 = FloatVector.zero(f);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        for (int i = from; i < end; i += group) {
            FloatVector v0 = FloatVector.fromArray(f, x, x0 + i);
            FloatVector v1 = FloatVector.fromArray(f, x, x1 + i);
            FloatVector v2 = FloatVector.fromArray(f, x, x2 + i);
            FloatVector v3 = FloatVector.fromArray(f, x, x3 + i);
            FloatVector w = FloatVector.fromArray(f, in, o0 + i);
            a00 = w.fma(v0, a00);
            a10 = w.fma(v1, a10);
            a20 = w.fma(v2, a20);
            a30 = w.fma(v3, a30);
            w = FloatVector.fromArray(f, in, o1 + i);
            a01 = w.fma(v0, a01);
            a11 = w.fma(v1, a11);
            a21 = w.fma(v2, a21);
            a31 = w.fma(v3, a31);
            w = FloatVector.fromArray(f, in, o2 + i);
            a02 = w.fma(v0, a02);
            a12 = w.fma(v1, a12);
            a22 = w.fma(v2, a22);
            a32 = w.fma(v3, a32);
            w = FloatVector.fromArray(f, in, o3 + i);
            a03 = w.fma(v0, a03);
            a13 = w.fma(v1, a13);
            a23 = w.fma(v2, a23);
            a33 = w.fma(v3, a33);
        }
        int r1 = at + stride;
        int r2 = at + 2 * stride;
        int r3 = at + 3 * stride;
        a00.add(FloatVector.fromArray(f, sums, at)).intoArray(sums, at);
        a01.add(FloatVector.fromArray(f, sums, at + group)).intoArray(sums, at + group);
        a02.add(FloatVector.fromArray(f, sums, at + 2 * group)).intoArray(sums, at + 2 * group);
        a03.add(FloatVector.fromArray(f, sums, at + 3 * group)).intoArray(sums, at + 3 * group);
        a10.add(FloatVector.fromArray(f, sums, r1)).intoArray(sums, r1);
        a11.add(FloatVector.fromArray(f, sums, r1 + group)).intoArray(sums, r1 + group);
        a12.add(FloatVector.fromArray(f, sums, r1 + 2 * group)).intoArray(sums, r1 + 2 * group);
        a13.add(FloatVector.fromArray(f, sums, r1 + 3 * group)).intoArray(sums, r1 + 3 * group);
        a20.add(FloatVector.fromArray(f, sums, r2)).intoArray(sums, r2);
        a21.add(FloatVector.fromArray(f, sums, r2 + group)).intoArray(sums, r2 + group);
        a22.add(FloatVector.fromArray(f, sums, r2 + 2 * group)).intoArray(sums, r2 + 2 * group);
        a23.add(FloatVector.fromArray(f, sums, r2 + 3 * group)).intoArray(sums, r2 + 3 * group);
        a30.add(FloatVector.fromArray(f, sums, r3)).intoArray(sums, r3);
        a31.add(FloatVector.fromArray(f, sums, r3 + group)).intoArray(sums, r3 + group);
        a32.add(FloatVector.fromArray(f, sums, r3 + 2 * group)).intoArray(sums, r3 + 2 * group);
        a33.add(FloatVector.fromArray(f, sums, r3 + 3 * group)).intoArray(sums, r3 + 3 * group);
    }

    private static void dots1(int from, int end, float[] x, int xOff, float[] in, int o0, float[] sums, int at) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector a0 = FloatVector.zero(f);
        for (int i = from; i < end; i += ScalarKernels.DOT_LANES) {
            a0 = FloatVector.fromArray(f, in, o0 + i).fma(FloatVector.fromArray(f, x, xOff + i), a0);
        }
        a0.add(FloatVector.fromArray(f, sums, at)).intoArray(sums, at);
    }

    /**
     * Two vectors of columns for four rows per step: eight chains in registers, each tap's two input
     * vectors shared by the four rows. Then one vector, then one vector ending at n over outputs
     * already written (the same chains, so the same bits), then, for rows shorter than a vector,
     * the scalar chains.
     */
    @Override
    public void taps4(int n, int taps, float[] coef, int coefOff, float[] in, int[] offsets, float[] init, float[] out,
                      int outOff, int outStride) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int c0 = coefOff;
        int c1 = coefOff + taps;
        int c2 = coefOff + 2 * taps;
        int c3 = coefOff + 3 * taps;
        int i = 0;
        for (int end = n - 2 * lanes; i <= end; i += 2 * lanes) {
            FloatVector a00 = FloatVector.broadcast(f, init[0]);
            FloatVector a01 = a00;
            FloatVector a10 = FloatVector.broadcast(f, init[1]);
            FloatVector a11 = a10;
            FloatVector a20 = FloatVector.broadcast(f, init[2]);
            FloatVector a21 = a20;
            FloatVector a30 = FloatVector.broadcast(f, init[3]);
            FloatVector a31 = a30;
            for (int t = 0; t < taps; t++) {
                int at = offsets[t] + i;
                FloatVector x0 = FloatVector.fromArray(f, in, at);
                FloatVector x1 = FloatVector.fromArray(f, in, at + lanes);
                FloatVector w0 = FloatVector.broadcast(f, coef[c0 + t]);
                a00 = x0.fma(w0, a00);
                a01 = x1.fma(w0, a01);
                FloatVector w1 = FloatVector.broadcast(f, coef[c1 + t]);
                a10 = x0.fma(w1, a10);
                a11 = x1.fma(w1, a11);
                FloatVector w2 = FloatVector.broadcast(f, coef[c2 + t]);
                a20 = x0.fma(w2, a20);
                a21 = x1.fma(w2, a21);
                FloatVector w3 = FloatVector.broadcast(f, coef[c3 + t]);
                a30 = x0.fma(w3, a30);
                a31 = x1.fma(w3, a31);
            }
            int o = outOff + i;
            a00.intoArray(out, o);
            a01.intoArray(out, o + lanes);
            a10.intoArray(out, o + outStride);
            a11.intoArray(out, o + outStride + lanes);
            a20.intoArray(out, o + 2 * outStride);
            a21.intoArray(out, o + 2 * outStride + lanes);
            a30.intoArray(out, o + 3 * outStride);
            a31.intoArray(out, o + 3 * outStride + lanes);
        }
        if (n >= lanes) {
            while (i < n) {
                int at = Math.min(i, n - lanes);
                taps4Vector(at, taps, coef, c0, c1, c2, c3, in, offsets, init, out, outOff, outStride);
                i = at + lanes;
            }
            return;
        }
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < n; j++) {
                float acc = init[r];
                for (int t = 0; t < taps; t++) {
                    acc = Math.fma(coef[coefOff + r * taps + t], in[offsets[t] + j], acc);
                }
                out[outOff + r * outStride + j] = acc;
            }
        }
    }

    /**
     * One vector of columns from {@code i} for the four rows. The species is the static constant,
     * not a parameter: when this method is not inlined, a species passed in is no compile-time
     * constant, and every vector operation falls back to boxed Java (measured 20x slower).
     */
    private static void taps4Vector(int i, int taps, float[] coef, int c0, int c1, int c2,
                                    int c3, float[] in, int[] offsets, float[] init, float[] out, int outOff,
                                    int outStride) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector a0 = FloatVector.broadcast(f, init[0]);
        FloatVector a1 = FloatVector.broadcast(f, init[1]);
        FloatVector a2 = FloatVector.broadcast(f, init[2]);
        FloatVector a3 = FloatVector.broadcast(f, init[3]);
        for (int t = 0; t < taps; t++) {
            FloatVector x = FloatVector.fromArray(f, in, offsets[t] + i);
            a0 = x.fma(FloatVector.broadcast(f, coef[c0 + t]), a0);
            a1 = x.fma(FloatVector.broadcast(f, coef[c1 + t]), a1);
            a2 = x.fma(FloatVector.broadcast(f, coef[c2 + t]), a2);
            a3 = x.fma(FloatVector.broadcast(f, coef[c3 + t]), a3);
        }
        int o = outOff + i;
        a0.intoArray(out, o);
        a1.intoArray(out, o + outStride);
        a2.intoArray(out, o + 2 * outStride);
        a3.intoArray(out, o + 3 * outStride);
    }

    /*
     * Max and average pooling's row reductions. Each common tap count has a method of its own, and
     * no method passes a vector to another: a kernel shared by every shape was compiled for the
     * shapes that ran first, and a 28-wide 3-tap max then ran at half speed after a network's
     * other layers had run (its tap loop and tail compiled in); a vector handed across a call that
     * C2 did not inline is boxed, 20-50x slower. So each method below is whole in itself: whatever
     * ran before, its loop is the same straight-line code.
     */

    /**
     * One vector of outputs per step, two, three or four taps' offsets in locals (one tap is two
     * taps at the same place: max is idempotent) or, for more, three at a time onto the first four's
     * maxima; the last partial vector is done as a whole vector ending at n, rewriting outputs
     * already written with the same values (out does not overlap the inputs), so no scalar tail runs
     * unless n is under one vector. The zero-or-NaN test keeps, per lane, whether every magnitude
     * written was above zero (a NaN is not): an abs, a compare and an and per vector, where keeping
     * the least magnitude (a min, whose Java semantics cost several instructions) made a 2-tap row
     * 1.7x slower.
     */
    @Override
    public boolean maxTaps(int n, int taps, float[] in, int[] offsets, float[] out, int outOff, boolean check) {
        if (taps == 0 || n < MicroKernels.LANES) {
            return ScalarKernels.INSTANCE.maxTaps(n, taps, in, offsets, out, outOff, check);
        }
        boolean clean;
        if (taps <= 2) {
            clean = max2(n, in, offsets[0], offsets[taps - 1], out, outOff);
        } else if (taps == 3) {
            clean = max3(n, in, offsets[0], offsets[1], offsets[2], out, outOff);
        } else {
            clean = max4(n, in, offsets[0], in, offsets[1], offsets[2], offsets[3], out, outOff);
            // further taps three at a time onto the maxima so far, out itself the first of four
            for (int t = 4; t < taps; t += 3) {
                int o = offsets[t];
                clean = max4(n, out, outOff, in, o, t + 1 < taps ? offsets[t + 1] : o, t + 2 < taps ? offsets[t + 2] : o,
                        out, outOff);
            }
        }
        return check && !clean;
    }

    private static boolean max2(int n, float[] in, int o0, int o1, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int last = n - lanes;
        VectorMask<Float> clean = f.maskAll(true);
        for (int i = 0; i < last; i += lanes) {
            FloatVector m = FloatVector.fromArray(f, in, o0 + i).max(FloatVector.fromArray(f, in, o1 + i));
            m.intoArray(out, outOff + i);
            clean = clean.and(m.abs().compare(VectorOperators.GT, 0f));
        }
        FloatVector m = FloatVector.fromArray(f, in, o0 + last).max(FloatVector.fromArray(f, in, o1 + last));
        m.intoArray(out, outOff + last);
        return clean.and(m.abs().compare(VectorOperators.GT, 0f)).allTrue();
    }

    private static boolean max3(int n, float[] in, int o0, int o1, int o2, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int last = n - lanes;
        VectorMask<Float> clean = f.maskAll(true);
        for (int i = 0; i < last; i += lanes) {
            FloatVector m = FloatVector.fromArray(f, in, o0 + i).max(FloatVector.fromArray(f, in, o1 + i))
                    .max(FloatVector.fromArray(f, in, o2 + i));
            m.intoArray(out, outOff + i);
            clean = clean.and(m.abs().compare(VectorOperators.GT, 0f));
        }
        FloatVector m = FloatVector.fromArray(f, in, o0 + last).max(FloatVector.fromArray(f, in, o1 + last))
                .max(FloatVector.fromArray(f, in, o2 + last));
        m.intoArray(out, outOff + last);
        return clean.and(m.abs().compare(VectorOperators.GT, 0f)).allTrue();
    }

    /**
     * max(first tap, three taps of in) into out, the first tap read from {@code first} (in, or out
     * itself when adding taps onto the maxima so far: the last vector, overlapping, then takes the
     * max again over outputs already written, which gives them again, max being idempotent).
     */
    private static boolean max4(int n, float[] first, int o0, float[] in, int o1, int o2, int o3, float[] out,
                                int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int last = n - lanes;
        VectorMask<Float> clean = f.maskAll(true);
        for (int i = 0; i < last; i += lanes) {
            FloatVector m = FloatVector.fromArray(f, first, o0 + i).max(FloatVector.fromArray(f, in, o1 + i))
                    .max(FloatVector.fromArray(f, in, o2 + i).max(FloatVector.fromArray(f, in, o3 + i)));
            m.intoArray(out, outOff + i);
            clean = clean.and(m.abs().compare(VectorOperators.GT, 0f));
        }
        FloatVector m = FloatVector.fromArray(f, first, o0 + last).max(FloatVector.fromArray(f, in, o1 + last))
                .max(FloatVector.fromArray(f, in, o2 + last).max(FloatVector.fromArray(f, in, o3 + last)));
        m.intoArray(out, outOff + last);
        return clean.and(m.abs().compare(VectorOperators.GT, 0f)).allTrue();
    }

    /**
     * As {@link #maxTaps}, one vector of outputs per step, with two or three taps' offsets in locals
     * or, for one or four and more, a loop over the taps; the taps added in order and the sum scaled
     * once; the last partial vector overlaps, as there.
     */
    @Override
    public void sumTaps(int n, int taps, float[] in, int[] offsets, float scale, float[] out, int outOff) {
        if (taps == 0 || n < MicroKernels.LANES) {
            ScalarKernels.INSTANCE.sumTaps(n, taps, in, offsets, scale, out, outOff);
        } else if (taps == 2) {
            sum2(n, in, offsets[0], offsets[1], scale, out, outOff);
        } else if (taps == 3) {
            sum3(n, in, offsets[0], offsets[1], offsets[2], scale, out, outOff);
        } else {
            sumMany(n, taps, in, offsets, scale, out, outOff);
        }
    }

    private static void sum2(int n, float[] in, int o0, int o1, float scale, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int last = n - lanes;
        for (int i = 0; i < last; i += lanes) {
            FloatVector.fromArray(f, in, o0 + i).add(FloatVector.fromArray(f, in, o1 + i)).mul(scale)
                    .intoArray(out, outOff + i);
        }
        FloatVector.fromArray(f, in, o0 + last).add(FloatVector.fromArray(f, in, o1 + last)).mul(scale)
                .intoArray(out, outOff + last);
    }

    private static void sum3(int n, float[] in, int o0, int o1, int o2, float scale, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int last = n - lanes;
        for (int i = 0; i < last; i += lanes) {
            FloatVector.fromArray(f, in, o0 + i).add(FloatVector.fromArray(f, in, o1 + i))
                    .add(FloatVector.fromArray(f, in, o2 + i)).mul(scale).intoArray(out, outOff + i);
        }
        FloatVector.fromArray(f, in, o0 + last).add(FloatVector.fromArray(f, in, o1 + last))
                .add(FloatVector.fromArray(f, in, o2 + last)).mul(scale).intoArray(out, outOff + last);
    }

    private static void sumMany(int n, int taps, float[] in, int[] offsets, float scale, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        int last = n - lanes;
        for (int i = 0; ; i = Math.min(i + lanes, last)) {
            FloatVector a = FloatVector.fromArray(f, in, offsets[0] + i);
            for (int t = 1; t < taps; t++) {
                a = a.add(FloatVector.fromArray(f, in, offsets[t] + i));
            }
            a.mul(scale).intoArray(out, outOff + i);
            if (i == last) {
                return;
            }
        }
    }

    /*
     * Global pooling's run reductions: the DOT_LANES partials in one vector of 16 lanes (narrower or
     * wider vectors run the scalar twin), the run's last len mod 16 floats added into the stored
     * partials, then combined by the twin's own halves: the same bits.
     */

    @Override
    public void sumRuns(int runs, int len, float[] in, int inOff, int pitch, float[] out, int outOff) {
        if (MicroKernels.LANES != ScalarKernels.DOT_LANES) {
            ScalarKernels.INSTANCE.sumRuns(runs, len, in, inOff, pitch, out, outOff);
            return;
        }
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = MicroKernels.LANES;
        int whole = len - len % lanes;
        float[] p = new float[lanes];
        for (int r = 0; r < runs; r++) {
            int at = inOff + r * pitch;
            FloatVector acc = FloatVector.zero(f);
            for (int i = 0; i < whole; i += lanes) {
                acc = acc.add(FloatVector.fromArray(f, in, at + i));
            }
            acc.intoArray(p, 0);
            for (int i = whole; i < len; i++) {
                p[i - whole] += in[at + i];
            }
            out[outOff + r] = ScalarKernels.halves(p, false);
        }
    }

    /**
     * A vector at a time: a zero whose reciprocal is negative, or a value unequal to itself.
     * Division, not the sign bit, so that no kernel reinterprets floats as ints (one vector class in
     * the Vector API's profiles).
     */
    @Override
    public boolean hasNegativeZeroOrNaN(float[] a, int from, int to) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = f.length();
        FloatVector one = FloatVector.broadcast(f, 1f);
        VectorMask<Float> found = f.maskAll(false);
        int i = from;
        for (; i <= to - lanes; i += lanes) {
            FloatVector v = FloatVector.fromArray(f, a, i);
            found = found.or(v.compare(VectorOperators.EQ, 0f).and(one.div(v).compare(VectorOperators.LT, 0f)))
                    .or(v.compare(VectorOperators.NE, v));
        }
        return found.anyTrue() || ScalarKernels.INSTANCE.hasNegativeZeroOrNaN(a, i, to);
    }

    @Override
    public boolean maxRuns(int runs, int len, float[] in, int inOff, int pitch, float[] out, int outOff) {
        if (MicroKernels.LANES != ScalarKernels.DOT_LANES) {
            return ScalarKernels.INSTANCE.maxRuns(runs, len, in, inOff, pitch, out, outOff);
        }
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = MicroKernels.LANES;
        int whole = len - len % lanes;
        float[] p = new float[lanes];
        boolean zeroOrNaN = false;
        for (int r = 0; r < runs; r++) {
            int at = inOff + r * pitch;
            FloatVector acc = FloatVector.broadcast(f, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < whole; i += lanes) {
                acc = acc.max(FloatVector.fromArray(f, in, at + i));
            }
            acc.intoArray(p, 0);
            for (int i = whole; i < len; i++) {
                p[i - whole] = Math.max(p[i - whole], in[at + i]);
            }
            float m = ScalarKernels.halves(p, true);
            out[outOff + r] = m;
            zeroOrNaN |= m == 0f | m != m;
        }
        return zeroOrNaN;
    }

    /*
     * The in-rows reductions: each tap's lanes outside its columns replaced by the padding's value
     * (a compare of the column table against the tap's bounds and a blend, in registers), one vector
     * of outputs per step and the last one overlapping, as in maxTaps. A step is a method of its
     * own, called in a counted loop and once for the last vector (in a loop whose index the last
     * step clamps, C2 kept every load's range check: 3x slower); it takes arrays and indices, never a
     * vector, and C2 inlines it. Two and three taps have steps of their own (see the note above
     * maxTaps); more loop over the taps.
     */

    @Override
    public boolean maxTapsInRows(int n, int taps, float[] in, int[] offsets, float[] columns, int colOff, int[] lo,
                                 int[] hi, float[] out, int outOff, boolean check) {
        if (taps == 0 || n < MicroKernels.LANES) {
            return ScalarKernels.INSTANCE.maxTapsInRows(n, taps, in, offsets, columns, colOff, lo, hi, out, outOff,
                    check);
        }
        int last = n - MicroKernels.LANES;
        boolean clean = true;
        if (edges(taps, lo, hi)) {
            int o0 = offsets[0];
            int o1 = offsets[1];
            int o2 = offsets[2];
            float lo0 = lo[0];
            float hi2 = hi[2];
            for (int i = 0; i < last; i += MicroKernels.LANES) {
                clean &= maxInRowsEdges(i, in, o0, o1, o2, columns, colOff, lo0, hi2, out, outOff);
            }
            clean &= maxInRowsEdges(last, in, o0, o1, o2, columns, colOff, lo0, hi2, out, outOff);
        } else if (taps <= 3) {
            // one or two taps as three, repeated: max is idempotent
            int t1 = Math.min(1, taps - 1);
            int t2 = taps - 1;
            int o0 = offsets[0];
            int o1 = offsets[t1];
            int o2 = offsets[t2];
            float lo0 = lo[0];
            float lo1 = lo[t1];
            float lo2 = lo[t2];
            float hi0 = hi[0];
            float hi1 = hi[t1];
            float hi2 = hi[t2];
            for (int i = 0; i < last; i += MicroKernels.LANES) {
                clean &= maxInRows3(i, in, o0, o1, o2, columns, colOff, lo0, hi0, lo1, hi1, lo2, hi2, out, outOff);
            }
            clean &= maxInRows3(last, in, o0, o1, o2, columns, colOff, lo0, hi0, lo1, hi1, lo2, hi2, out, outOff);
        } else {
            for (int i = 0; i < last; i += MicroKernels.LANES) {
                clean &= maxInRowsMany(i, taps, in, offsets, columns, colOff, lo, hi, out, outOff);
            }
            clean &= maxInRowsMany(last, taps, in, offsets, columns, colOff, lo, hi, out, outOff);
        }
        return check && !clean;
    }

    /**
     * Whether three taps are a window's left edge, middle and right edge: the first bounded only
     * below, the second not at all, the third only above (a 3-wide window padded by its reach, the
     * common case), so that a step needs two compares, not six.
     */
    private static boolean edges(int taps, int[] lo, int[] hi) {
        return taps == 3 && hi[0] == Integer.MAX_VALUE && lo[1] == Integer.MIN_VALUE && hi[1] == Integer.MAX_VALUE
                && lo[2] == Integer.MIN_VALUE;
    }

    /** One vector of {@link #edges} taps' max; whether every value written is nonzero and not NaN. */
    private static boolean maxInRowsEdges(int i, float[] in, int o0, int o1, int o2, float[] columns, int colOff,
                                          float lo0, float hi2, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector pad = FloatVector.broadcast(f, Float.NEGATIVE_INFINITY);
        FloatVector c = FloatVector.fromArray(f, columns, colOff + i);
        FloatVector m = FloatVector.fromArray(f, in, o0 + i).blend(pad, c.compare(VectorOperators.LT, lo0))
                .max(FloatVector.fromArray(f, in, o1 + i))
                .max(FloatVector.fromArray(f, in, o2 + i).blend(pad, c.compare(VectorOperators.GE, hi2)));
        m.intoArray(out, outOff + i);
        return m.abs().compare(VectorOperators.GT, 0f).allTrue();
    }

    /** One vector of three taps' max; whether every value written is nonzero and not NaN. */
    private static boolean maxInRows3(int i, float[] in, int o0, int o1, int o2, float[] columns, int colOff,
                                      float lo0, float hi0, float lo1, float hi1, float lo2, float hi2, float[] out,
                                      int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector pad = FloatVector.broadcast(f, Float.NEGATIVE_INFINITY);
        FloatVector c = FloatVector.fromArray(f, columns, colOff + i);
        FloatVector m = FloatVector.fromArray(f, in, o0 + i)
                .blend(pad, c.compare(VectorOperators.LT, lo0).or(c.compare(VectorOperators.GE, hi0)))
                .max(FloatVector.fromArray(f, in, o1 + i)
                        .blend(pad, c.compare(VectorOperators.LT, lo1).or(c.compare(VectorOperators.GE, hi1))))
                .max(FloatVector.fromArray(f, in, o2 + i)
                        .blend(pad, c.compare(VectorOperators.LT, lo2).or(c.compare(VectorOperators.GE, hi2))));
        m.intoArray(out, outOff + i);
        return m.abs().compare(VectorOperators.GT, 0f).allTrue();
    }

    private static boolean maxInRowsMany(int i, int taps, float[] in, int[] offsets, float[] columns, int colOff,
                                         int[] lo, int[] hi, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector pad = FloatVector.broadcast(f, Float.NEGATIVE_INFINITY);
        FloatVector c = FloatVector.fromArray(f, columns, colOff + i);
        FloatVector m = pad;
        for (int t = 0; t < taps; t++) {
            m = m.max(FloatVector.fromArray(f, in, offsets[t] + i).blend(pad,
                    c.compare(VectorOperators.LT, (float) lo[t]).or(c.compare(VectorOperators.GE, (float) hi[t]))));
        }
        m.intoArray(out, outOff + i);
        return m.abs().compare(VectorOperators.GT, 0f).allTrue();
    }

    @Override
    public void sumTapsInRows(int n, int taps, float[] in, int[] offsets, float[] columns, int colOff, int[] lo,
                              int[] hi, float[] out, int outOff) {
        if (taps == 0 || n < MicroKernels.LANES) {
            ScalarKernels.INSTANCE.sumTapsInRows(n, taps, in, offsets, columns, colOff, lo, hi, out, outOff);
            return;
        }
        int last = n - MicroKernels.LANES;
        if (edges(taps, lo, hi)) {
            int o0 = offsets[0];
            int o1 = offsets[1];
            int o2 = offsets[2];
            float lo0 = lo[0];
            float hi2 = hi[2];
            for (int i = 0; i < last; i += MicroKernels.LANES) {
                sumInRowsEdges(i, in, o0, o1, o2, columns, colOff, lo0, hi2, out, outOff);
            }
            sumInRowsEdges(last, in, o0, o1, o2, columns, colOff, lo0, hi2, out, outOff);
        } else if (taps == 2 || taps == 3) {
            // two taps as three, the third adding -0 everywhere (its columns empty): the same sums
            int o0 = offsets[0];
            int o1 = offsets[1];
            int o2 = offsets[taps - 1];
            float lo0 = lo[0];
            float lo1 = lo[1];
            float lo2 = taps == 3 ? lo[2] : 0f;
            float hi0 = hi[0];
            float hi1 = hi[1];
            float hi2 = taps == 3 ? hi[2] : 0f;
            for (int i = 0; i < last; i += MicroKernels.LANES) {
                sumInRows3(i, in, o0, o1, o2, columns, colOff, lo0, hi0, lo1, hi1, lo2, hi2, out, outOff);
            }
            sumInRows3(last, in, o0, o1, o2, columns, colOff, lo0, hi0, lo1, hi1, lo2, hi2, out, outOff);
        } else {
            for (int i = 0; i < last; i += MicroKernels.LANES) {
                sumInRowsMany(i, taps, in, offsets, columns, colOff, lo, hi, out, outOff);
            }
            sumInRowsMany(last, taps, in, offsets, columns, colOff, lo, hi, out, outOff);
        }
    }

    private static void sumInRowsEdges(int i, float[] in, int o0, int o1, int o2, float[] columns, int colOff,
                                       float lo0, float hi2, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector pad = FloatVector.broadcast(f, -0f);
        FloatVector c = FloatVector.fromArray(f, columns, colOff + i);
        FloatVector.fromArray(f, in, o0 + i).blend(pad, c.compare(VectorOperators.LT, lo0))
                .add(FloatVector.fromArray(f, in, o1 + i))
                .add(FloatVector.fromArray(f, in, o2 + i).blend(pad, c.compare(VectorOperators.GE, hi2)))
                .intoArray(out, outOff + i);
    }

    private static void sumInRows3(int i, float[] in, int o0, int o1, int o2, float[] columns, int colOff, float lo0,
                                   float hi0, float lo1, float hi1, float lo2, float hi2, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector pad = FloatVector.broadcast(f, -0f);
        FloatVector c = FloatVector.fromArray(f, columns, colOff + i);
        FloatVector.fromArray(f, in, o0 + i)
                .blend(pad, c.compare(VectorOperators.LT, lo0).or(c.compare(VectorOperators.GE, hi0)))
                .add(FloatVector.fromArray(f, in, o1 + i)
                        .blend(pad, c.compare(VectorOperators.LT, lo1).or(c.compare(VectorOperators.GE, hi1))))
                .add(FloatVector.fromArray(f, in, o2 + i)
                        .blend(pad, c.compare(VectorOperators.LT, lo2).or(c.compare(VectorOperators.GE, hi2))))
                .intoArray(out, outOff + i);
    }

    private static void sumInRowsMany(int i, int taps, float[] in, int[] offsets, float[] columns, int colOff,
                                      int[] lo, int[] hi, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        FloatVector pad = FloatVector.broadcast(f, -0f);
        FloatVector c = FloatVector.fromArray(f, columns, colOff + i);
        FloatVector a = FloatVector.fromArray(f, in, offsets[0] + i)
                .blend(pad, c.compare(VectorOperators.LT, (float) lo[0]).or(c.compare(VectorOperators.GE, (float) hi[0])));
        for (int t = 1; t < taps; t++) {
            a = a.add(FloatVector.fromArray(f, in, offsets[t] + i).blend(pad,
                    c.compare(VectorOperators.LT, (float) lo[t]).or(c.compare(VectorOperators.GE, (float) hi[t]))));
        }
        a.intoArray(out, outOff + i);
    }

    @Override
    public int blockLanes() {
        return MicroKernels.LANES;
    }

    /**
     * Eight cells at a time, as {@link #blockTaps}: eight independent chains of maxima or sums; each
     * cell's chain is the scalar twin's. For max, a mask gathers the lanes that are zero or NaN.
     */
    @Override
    public boolean blockPool(boolean max, int n, int taps, float[] in, int inOff, int[] cells, int[] offsets,
                             float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        VectorMask<Float> clean = f.maskAll(true);
        int group = n >= 8 ? 8 : 1;
        for (int i = 0; i < n; i += group) {
            // the last group of eight overlaps the one before: its cells computed again, the same bits
            int at = Math.min(i, n - group);
            if (group == 8) {
                clean = clean.and(pool8(max, taps, in, inOff, cells, at, offsets, out, outOff));
            } else {
                FloatVector a = FloatVector.fromArray(f, in, inOff + cells[at] + offsets[0]);
                for (int t = 1; t < taps; t++) {
                    a = fold(max, a, FloatVector.fromArray(f, in, inOff + cells[at] + offsets[t]));
                }
                a.intoArray(out, outOff + at * MicroKernels.LANES);
                clean = clean.and(a.abs().compare(VectorOperators.GT, 0f));
            }
        }
        return max && !clean.allTrue();
    }

    /** Cells [i, i + 8) of {@link #blockPool}; the lanes that are neither zero nor NaN. */
    private static VectorMask<Float> pool8(boolean max, int taps, float[] in, int inOff, int[] cells, int i,
                                           int[] offsets, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int c0 = inOff + cells[i];
        int c1 = inOff + cells[i + 1];
        int c2 = inOff + cells[i + 2];
        int c3 = inOff + cells[i + 3];
        int c4 = inOff + cells[i + 4];
        int c5 = inOff + cells[i + 5];
        int c6 = inOff + cells[i + 6];
        int c7 = inOff + cells[i + 7];
        int o = offsets[0];
        FloatVector a0 = FloatVector.fromArray(f, in, c0 + o);
        FloatVector a1 = FloatVector.fromArray(f, in, c1 + o);
        FloatVector a2 = FloatVector.fromArray(f, in, c2 + o);
        FloatVector a3 = FloatVector.fromArray(f, in, c3 + o);
        FloatVector a4 = FloatVector.fromArray(f, in, c4 + o);
        FloatVector a5 = FloatVector.fromArray(f, in, c5 + o);
        FloatVector a6 = FloatVector.fromArray(f, in, c6 + o);
        FloatVector a7 = FloatVector.fromArray(f, in, c7 + o);
        for (int t = 1; t < taps; t++) {
            o = offsets[t];
            a0 = fold(max, a0, FloatVector.fromArray(f, in, c0 + o));
            a1 = fold(max, a1, FloatVector.fromArray(f, in, c1 + o));
            a2 = fold(max, a2, FloatVector.fromArray(f, in, c2 + o));
            a3 = fold(max, a3, FloatVector.fromArray(f, in, c3 + o));
            a4 = fold(max, a4, FloatVector.fromArray(f, in, c4 + o));
            a5 = fold(max, a5, FloatVector.fromArray(f, in, c5 + o));
            a6 = fold(max, a6, FloatVector.fromArray(f, in, c6 + o));
            a7 = fold(max, a7, FloatVector.fromArray(f, in, c7 + o));
        }
        int lanes = MicroKernels.LANES;
        int to = outOff + i * lanes;
        a0.intoArray(out, to);
        a1.intoArray(out, to + lanes);
        a2.intoArray(out, to + 2 * lanes);
        a3.intoArray(out, to + 3 * lanes);
        a4.intoArray(out, to + 4 * lanes);
        a5.intoArray(out, to + 5 * lanes);
        a6.intoArray(out, to + 6 * lanes);
        a7.intoArray(out, to + 7 * lanes);
        if (!max) {
            return f.maskAll(true);
        }
        return a0.abs().compare(VectorOperators.GT, 0f).and(a1.abs().compare(VectorOperators.GT, 0f))
                .and(a2.abs().compare(VectorOperators.GT, 0f)).and(a3.abs().compare(VectorOperators.GT, 0f))
                .and(a4.abs().compare(VectorOperators.GT, 0f)).and(a5.abs().compare(VectorOperators.GT, 0f))
                .and(a6.abs().compare(VectorOperators.GT, 0f)).and(a7.abs().compare(VectorOperators.GT, 0f));
    }

    /** One tap onto a pooling chain: the loop-invariant choice, which the JIT takes out of the loops. */
    private static FloatVector fold(boolean max, FloatVector acc, FloatVector v) {
        return max ? acc.max(v) : acc.add(v);
    }

    /**
     * Eight cells at a time: eight independent chains cover the fused multiply-add's latency on two
     * units (four chains a row, as before, left a 7-wide row's cells latency-bound: its last three
     * took half its time) and share each coefficient load. The cells come from a table, so that a
     * group runs on across the rows of a small map. Each cell's chain is the scalar twin's, so the
     * same bits; the last group overlaps the one before, its cells computed again.
     */
    @Override
    public void blockTaps(int n, int taps, float[] coef, int coefOff, float[] in, int inOff, int[] cells, int[] offsets,
                          float[] init, int initOff, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = MicroKernels.LANES;
        FloatVector start = FloatVector.fromArray(f, init, initOff);
        int group = n >= 8 ? 8 : 1;
        for (int i = 0; i < n; i += group) {
            int at = Math.min(i, n - group);
            if (group == 8) {
                taps8(taps, coef, coefOff, in, inOff, cells, at, offsets, init, initOff, out, outOff);
            } else {
                FloatVector a0 = start;
                int cell = inOff + cells[at];
                for (int t = 0; t < taps; t++) {
                    a0 = FloatVector.fromArray(f, coef, coefOff + t * lanes)
                            .fma(FloatVector.fromArray(f, in, cell + offsets[t]), a0);
                }
                a0.intoArray(out, outOff + at * lanes);
            }
        }
    }

    /** Cells [i, i + 8) of {@link #blockTaps}. */
    private static void taps8(int taps, float[] coef, int coefOff, float[] in, int inOff, int[] cells, int i,
                              int[] offsets, float[] init, int initOff, float[] out, int outOff) {
        VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = MicroKernels.LANES;
        // loaded here, not passed in: a vector passed to a method that is not inlined is an object,
        // and a loop's chains that start from one are not kept in registers (8x slower)
        FloatVector start = FloatVector.fromArray(f, init, initOff);
        int c0 = inOff + cells[i];
        int c1 = inOff + cells[i + 1];
        int c2 = inOff + cells[i + 2];
        int c3 = inOff + cells[i + 3];
        int c4 = inOff + cells[i + 4];
        int c5 = inOff + cells[i + 5];
        int c6 = inOff + cells[i + 6];
        int c7 = inOff + cells[i + 7];
        FloatVector a0 = start;
        FloatVector a1 = start;
        FloatVector a2 = start;
        FloatVector a3 = start;
        FloatVector a4 = start;
        FloatVector a5 = start;
        FloatVector a6 = start;
        FloatVector a7 = start;
        for (int t = 0; t < taps; t++) {
            FloatVector w = FloatVector.fromArray(f, coef, coefOff + t * lanes);
            int o = offsets[t];
            a0 = w.fma(FloatVector.fromArray(f, in, c0 + o), a0);
            a1 = w.fma(FloatVector.fromArray(f, in, c1 + o), a1);
            a2 = w.fma(FloatVector.fromArray(f, in, c2 + o), a2);
            a3 = w.fma(FloatVector.fromArray(f, in, c3 + o), a3);
            a4 = w.fma(FloatVector.fromArray(f, in, c4 + o), a4);
            a5 = w.fma(FloatVector.fromArray(f, in, c5 + o), a5);
            a6 = w.fma(FloatVector.fromArray(f, in, c6 + o), a6);
            a7 = w.fma(FloatVector.fromArray(f, in, c7 + o), a7);
        }
        int to = outOff + i * lanes;
        a0.intoArray(out, to);
        a1.intoArray(out, to + lanes);
        a2.intoArray(out, to + 2 * lanes);
        a3.intoArray(out, to + 3 * lanes);
        a4.intoArray(out, to + 4 * lanes);
        a5.intoArray(out, to + 5 * lanes);
        a6.intoArray(out, to + 6 * lanes);
        a7.intoArray(out, to + 7 * lanes);
    }

    /** Whole blocks of L cells by {@link LaneTranspose}, where the block is full; the rest cell by cell. */
    @Override
    public void toLanes(int n, int width, float[] in, int inOff, int pitch, float[] out, int outOff, int[] to) {
        int lanes = MicroKernels.LANES;
        if (!LaneTranspose.AVAILABLE || width != lanes) {
            ScalarKernels.INSTANCE.toLanes(n, width, in, inOff, pitch, out, outOff, to);
            return;
        }
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            LaneTranspose.block(in, inOff + i, pitch, out, outOff, 0, to, i);
        }
        for (; i < n; i++) {
            int at = outOff + to[i];
            for (int c = 0; c < width; c++) {
                out[at + c] = in[inOff + c * pitch + i];
            }
        }
    }

    /** Whole blocks of L cells by {@link LaneTranspose}, where the block is full; the rest cell by cell. */
    @Override
    public void fromLanes(int n, int width, float[] in, int inOff, float[] out, int outOff, int pitch) {
        int lanes = MicroKernels.LANES;
        if (!LaneTranspose.AVAILABLE || width != lanes) {
            ScalarKernels.fromLanes(n, width, in, inOff, out, outOff, pitch, lanes);
            return;
        }
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            LaneTranspose.block(in, inOff + i * lanes, lanes, out, outOff + i, pitch, null, 0);
        }
        for (; i < n; i++) {
            for (int c = 0; c < width; c++) {
                out[outOff + c * pitch + i] = in[inOff + i * lanes + c];
            }
        }
    }
}
