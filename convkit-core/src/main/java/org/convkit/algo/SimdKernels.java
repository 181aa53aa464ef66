package org.convkit.algo;

/**
 * The service through which the optional {@code convkit-simd} module supplies Vector API kernels
 * (found with {@link java.util.ServiceLoader}; see {@link Kernels}). The core never imports
 * {@code jdk.incubator.vector}: without the module, or without {@code --add-modules
 * jdk.incubator.vector}, everything runs on the scalar twins.
 */
public interface SimdKernels {
    /** What the kernels use, for the one start-up log line ("Vector API, 512-bit float lanes x16"). */
    String describe();

    /** A vectorized matrix multiply with {@link ScalarSgemm}'s contract. */
    Sgemm sgemm();

    /**
     * {@code y[yOff + i] += a * x[xOff + i]} for i in [0, n), each element one fused or unfused
     * multiply-add exactly as {@link ScalarKernels#axpy} does (so results do not depend on which
     * kernels run): implementations use {@code Math.fma}-equivalent fused multiply-adds.
     */
    void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff);

    /**
     * A short correlation along a row: for i in [0, n),
     * {@code out[outOff + i] = init + sum over t < taps of coef[t] * in[offsets[t] + i]}, summed in
     * t order as a chain of fused multiply-adds starting from {@code init}, exactly as
     * {@link ScalarKernels#taps} does. Each output is accumulated in a register across all taps, so
     * the row is read once per tap and written once, where a loop of axpys would also read and write
     * the sums once per tap.
     */
    void taps(int n, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out, int outOff);
    // (out's n cells must not overlap any input cell read: an implementation may write an output twice)

    /**
     * A block of rows copied with a step on either side: for r in [0, rows) and i in [0, width),
     * {@code out[outOff + r*outPitch + i*outStep] = in[inOff + r*inPitch + i*inStep]}, and no other
     * cell of {@code out} changes (rows packed one after another may be written past their end
     * before the next row is copied over it). The cells read and written must not overlap. One call moves a
     * whole block: a row at a time, System.arraycopy's fixed cost outweighed copying a 7- or 56-wide
     * row, and a step of 2 (taking every other output of a stride-1 row, for a strided layer) is a
     * loop that the JIT leaves scalar.
     */
    void copyRows(int rows, int width, float[] in, int inOff, int inPitch, int inStep, float[] out, int outOff,
                  int outPitch, int outStep);

    /**
     * One signal's dot products with several shifted windows, in partial sums that vectors can
     * compute: the cells i in [0, n) are taken in chunks of {@link ScalarKernels#DOT_CHUNK} (from
     * i = 0), and each chunk's are split into {@link ScalarKernels#DOT_LANES} lanes by i mod
     * DOT_LANES; each (chunk, tap t, lane l) is a chain of fused multiply-adds from 0 over that
     * lane's {@code x[xOff + i] * in[offsets[t] + i]} in i order, added (a float add) into
     * {@code sums[sumsOff + t * DOT_LANES + l]}, chunk after chunk. So no float chain has more than
     * DOT_CHUNK / DOT_LANES terms, and each partial sum gains one term per chunk: the caller moves
     * them on (into double) before they have gained too many. n must be a multiple of DOT_LANES.
     */
    void dots(int n, int taps, float[] x, int xOff, float[] in, int[] offsets, float[] sums, int sumsOff);
}
