package org.convkit.runtime;

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
     * {@link #taps} for four outputs rows at once that read the same input rows with their own
     * coefficients, as four output channels of a convolution do: for r in [0, 4) and i in [0, n),
     * {@code out[outOff + r*outStride + i] = init[r] + sum over t of coef[coefOff + r*taps + t] *
     * in[offsets[t] + i]}, each element the same chain of fused multiply-adds in t order that
     * {@link #taps} makes, so the bits do not depend on which of the two computes it. Each input
     * vector loaded feeds four multiply-adds, so the loop is bound by arithmetic, not loads. The
     * output rows must not overlap any input cell read.
     */
    void taps4(int n, int taps, float[] coef, int coefOff, float[] in, int[] offsets, float[] init, float[] out,
               int outOff, int outStride);

    /**
     * Max pooling's row reduction: for i in [0, n),
     * {@code out[outOff + i] = max over t < taps of in[offsets[t] + i]}, by {@link Math#max} (so
     * +0 beats -0 and a NaN among the inputs makes the result a NaN), and -infinity when
     * {@code taps} is 0. With {@code check}, returns whether any value written is a zero or a NaN:
     * the values where {@code Math.max} and max pooling's first-largest rule can part, which the
     * caller redoes; without, returns false. The values equal {@link ScalarKernels#maxTaps}'s except
     * that a NaN's payload is unspecified. {@code out} must not overlap the inputs read.
     */
    boolean maxTaps(int n, int taps, float[] in, int[] offsets, float[] out, int outOff, boolean check);

    /**
     * Average pooling's row reduction: for i in [0, n),
     * {@code out[outOff + i] = scale * (in[offsets[0] + i] + in[offsets[1] + i] + ...)}, the taps
     * added in t order in float and the sum multiplied once ({@code 0f * scale} for no taps, so that
     * the NaN scale of a mean of no cells reaches the output), exactly as
     * {@link ScalarKernels#sumTaps} does. {@code out} must not overlap the inputs read.
     */
    void sumTaps(int n, int taps, float[] in, int[] offsets, float scale, float[] out, int outOff);

    /**
     * {@link #copyRows} with a step on the input only, for a destination zeroed beforehand and
     * written in increasing order: the cells from each row's end up to one vector past its start
     * (at most {@link #blockLanes()} - 1 of them) may be set to zero, so that a row narrower than a
     * vector is one vector store (a masked store is slower than scalar code on JDK 17). The copied
     * cells are {@code copyRows}'; the rows must not overlap, nor the cells read and written.
     */
    void copyRowsOverZeros(int rows, int width, float[] in, int inOff, int inPitch, int inStep, float[] out, int outOff,
                           int outPitch);

    /**
     * Global average pooling's sums: for r in [0, runs), {@code out[outOff + r]} = the sum of the
     * {@code len} floats from {@code in[inOff + r * pitch]}, taken as {@link ScalarKernels#DOT_LANES}
     * partial sums (float i of a run into partial i mod 16, in i order, each from +0) combined by
     * halves (partial j plus partial j + h, for h = 8, 4, 2, 1), whatever the vector width: bitwise
     * {@link ScalarKernels#sumRuns}'. Within (len - 1) u of the exact sum's magnitudes.
     */
    void sumRuns(int runs, int len, float[] in, int inOff, int pitch, float[] out, int outOff);

    /**
     * Global max pooling: {@link #sumRuns} with {@link Math#max} for the sum (from -infinity), the
     * values {@link ScalarKernels#maxRuns}' but for a NaN's payload; returns whether any value
     * written is a zero or a NaN, where the max pooling rule can part from {@code Math.max}'s.
     */
    boolean maxRuns(int runs, int len, float[] in, int inOff, int pitch, float[] out, int outOff);

    /**
     * Whether {@code a[from, to)} holds a negative zero or a NaN: the values where {@code Math.max}
     * and max pooling's first-largest rule can part. Where it holds neither, a zero max is +0 both
     * ways, so pooling need not walk the windows whose max is zero again (after a ReLU, one 2x2
     * window in sixteen).
     */
    boolean hasNegativeZeroOrNaN(float[] a, int from, int to);

    /**
     * {@link #maxTaps} over rows laid back to back, each output reading only its own row's cells: tap
     * t counts at position i when {@code lo[t] <= columns[colOff + i] < hi[t]} (the column of the
     * position's output, in the table), and reads -infinity elsewhere, so that windows the row's
     * ends cut take only their real taps without a scalar pass over them ({@link Integer#MIN_VALUE}
     * and {@link Integer#MAX_VALUE} for a side without a bound, which a kernel may then skip).
     * Values, and the check, as {@link #maxTaps}'s; {@link ScalarKernels#maxTapsInRows} is the twin.
     */
    boolean maxTapsInRows(int n, int taps, float[] in, int[] offsets, float[] columns, int colOff, int[] lo, int[] hi,
                          float[] out, int outOff, boolean check);

    /**
     * {@link #sumTaps} over rows laid back to back, with {@link #maxTapsInRows}' rule for which taps
     * count, unscaled: a tap that does not count adds -0 (which leaves every sum, and the sign of a
     * zero, as it was), so each output is the sum in t order of its real taps; bitwise
     * {@link ScalarKernels#sumTapsInRows}'.
     */
    void sumTapsInRows(int n, int taps, float[] in, int[] offsets, float[] columns, int colOff, int[] lo, int[] hi,
                       float[] out, int outOff);

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

    /**
     * {@link #dots} for four signals at once, {@code x[xOff + r * xStride + i]} for r = 0 to 3, into
     * {@code sums[sumsOff + r * sumsStride + ...]}: bitwise the four calls, with each window's vector
     * loaded once for the four (a weight gradient's output channels share their input's windows).
     */
    void dots4(int n, int taps, float[] x, int xOff, int xStride, float[] in, int[] offsets, float[] sums, int sumsOff,
               int sumsStride);

    /**
     * Lanes of {@link #blockTaps}' channel blocks: the vector length, so that one vector holds one
     * cell's channels.
     */
    int blockLanes();

    /**
     * Depthwise taps over a block of L = {@link #blockLanes()} channels interleaved cell by cell
     * (channel l of cell c at {@code c*L + l}): for i in [0, n) and l in [0, L),
     * {@code out[outOff + i*L + l] = init[initOff + l] + sum over t < taps of coef[coefOff + t*L + l] *
     * in[inOff + cells[i] + offsets[t] + l]}, a chain of fused multiply-adds in t order from init,
     * exactly as {@link ScalarKernels#blockTaps} makes it. One vector per cell: the channels fill the
     * lanes whatever the map's width; the cells (each output's first tap) come from a table, so that
     * one call takes a whole map's outputs. {@code out} must not overlap the inputs read.
     */
    void blockTaps(int n, int taps, float[] coef, int coefOff, float[] in, int inOff, int[] cells, int[] offsets,
                   float[] init, int initOff, float[] out, int outOff);

    /**
     * Pooling over {@link #blockTaps}' layout (L channels interleaved cell by cell): for i in [0, n)
     * and l in [0, L), {@code out[outOff + i*L + l]} is the max ({@code Math.max}, tap by tap) or the
     * sum (in float, in t order from tap 0) of {@code in[inOff + cells[i] + offsets[t] + l]} over
     * t < taps, taps at least 1, exactly as {@link ScalarKernels#blockPool} makes it (a NaN max's
     * payload aside). For max, returns whether some value written is a zero or a NaN, where
     * {@code Math.max} and max pooling's first-largest rule can part; for the sum, false.
     * {@code out} must not overlap the inputs read.
     */
    boolean blockPool(boolean max, int n, int taps, float[] in, int inOff, int[] cells, int[] offsets, float[] out,
                      int outOff);

    /**
     * Channels into a block's lanes: for c in [0, width) and i in [0, n), {@code out[outOff + to[i] +
     * c] = in[inOff + c*pitch + i]} (cell i of channel c's plane to lane c of the vector at
     * {@code to[i]}), width at most {@link #blockLanes()}. The copy into {@link #blockTaps}' layout.
     */
    void toLanes(int n, int width, float[] in, int inOff, int pitch, float[] out, int outOff, int[] to);

    /**
     * The block's lanes back into channels: for c in [0, width) and i in [0, n), {@code out[outOff +
     * c*pitch + i] = in[inOff + i*L + c]}, L = {@link #blockLanes()}, width at most L.
     */
    void fromLanes(int n, int width, float[] in, int inOff, float[] out, int outOff, int pitch);
}
