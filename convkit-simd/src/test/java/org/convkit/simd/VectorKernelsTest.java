package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.ScalarKernels;
import org.junit.jupiter.api.Test;

/** Each vector kernel against its scalar twin, on prime lengths so that loop tails are exercised. */
class VectorKernelsTest {
    private static final int[] LENGTHS = {0, 1, 2, 3, 5, 7, 13, 15, 16, 17, 31, 32, 33, 97, 127, 128, 257, 1021, 1024, 1025, 2100};

    @Test
    void theCoreFindsTheVectorKernels() {
        assertThat(Kernels.vectorized()).as(Kernels.describe()).isTrue();
        assertThat(Kernels.active()).isInstanceOf(VectorKernels.class);
    }

    @Test
    void axpyGivesTheScalarTwinsBits() {
        SplittableRandom r = new SplittableRandom(7);
        VectorKernels v = new VectorKernels();
        for (int n : LENGTHS) {
            for (int off : new int[] {0, 3}) {
                float[] x = new float[n + off + 5];
                float[] y = new float[n + off + 5];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextDouble(-1, 1);
                    y[i] = (float) r.nextDouble(-1, 1);
                }
                x[x.length / 2] = Float.NaN;
                float a = (float) r.nextDouble(-2, 2);
                float[] ys = y.clone();
                float[] yv = y.clone();
                ScalarKernels.INSTANCE.axpy(n, a, x, 2, ys, off);
                v.axpy(n, a, x, 2, yv, off);
                assertThat(yv).as("n=%d off=%d", n, off).isEqualTo(ys);
            }
        }
    }

    @Test
    void blockTapsMakeEachLanesChainInTapOrder() {
        // the scalar twin's blocks are 8 wide, the vector kernels' a vector wide: each lane is its own
        // chain, so each is checked against the chain written out
        SplittableRandom r = new SplittableRandom(13);
        VectorKernels v = new VectorKernels();
        int lanes = v.blockLanes();
        assertThat(lanes).isEqualTo(MicroKernels.LANES);
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 11, 14, 17, 49}) {
            for (int taps : new int[] {0, 1, 9, 25}) {
                for (int spread : new int[] {1, 2}) {
                    int[] cells = cells(r, n, spread, lanes);
                    int[] offsets = new int[taps];
                    for (int t = 0; t < taps; t++) {
                        offsets[t] = r.nextInt(6) * lanes;
                    }
                    float[] in = new float[3 + n * spread * lanes + 6 * lanes + lanes];
                    float[] coef = new float[2 + taps * lanes];
                    float[] init = new float[1 + lanes];
                    for (float[] a : new float[][] {in, coef, init}) {
                        for (int i = 0; i < a.length; i++) {
                            a[i] = (float) r.nextDouble(-1, 1);
                        }
                    }
                    in[in.length / 2] = Float.NaN;
                    float[] out = new float[4 + n * lanes];
                    v.blockTaps(n, taps, coef, 2, in, 3, cells, offsets, init, 1, out, 4);
                    for (int i = 0; i < n; i++) {
                        for (int l = 0; l < lanes; l++) {
                            float acc = init[1 + l];
                            for (int t = 0; t < taps; t++) {
                                acc = Math.fma(coef[2 + t * lanes + l], in[3 + cells[i] + offsets[t] + l], acc);
                            }
                            assertThat(Float.floatToRawIntBits(out[4 + i * lanes + l]) == Float.floatToRawIntBits(acc)
                                    || Float.isNaN(acc) && Float.isNaN(out[4 + i * lanes + l]))
                                    .as("n=%d taps=%d cell %d lane %d", n, taps, i, l).isTrue();
                        }
                    }
                }
            }
        }
    }

    /**
     * A kernel's table of n cells, each a multiple of the lanes below n * spread: in order with gaps
     * (as a strided map's rows give them) when spread is 2, shuffled and repeated when it is 1.
     */
    private static int[] cells(SplittableRandom r, int n, int spread, int lanes) {
        int[] cells = new int[n];
        for (int i = 0; i < n; i++) {
            cells[i] = (spread == 2 ? 2 * i + r.nextInt(2) : r.nextInt(n)) * lanes;
        }
        return cells;
    }

    @Test
    void blockPoolMakesEachLanesMaxOrSumInTapOrder() {
        // each lane checked against its chain written out (the scalar twin's blocks are 8 wide), and
        // the max's report of zeros and NaNs against the values written
        SplittableRandom r = new SplittableRandom(17);
        VectorKernels v = new VectorKernels();
        int lanes = v.blockLanes();
        int checked = 0;
        for (boolean max : new boolean[] {true, false}) {
            for (int n : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 11, 14, 17, 49}) {
                for (int taps : new int[] {1, 2, 8, 27}) {
                    for (int special = 0; special < 3; special++) {
                        int spread = 1 + r.nextInt(2);
                        int[] cells = cells(r, n, spread, lanes);
                        int[] offsets = new int[taps];
                        for (int t = 0; t < taps; t++) {
                            offsets[t] = r.nextInt(6) * lanes;
                        }
                        float[] in = new float[3 + n * spread * lanes + 6 * lanes + lanes];
                        for (int i = 0; i < in.length; i++) {
                            in[i] = special == 1 ? -Math.abs((float) r.nextDouble(-1, 1)) : (float) r.nextDouble(-1, 1);
                        }
                        if (special == 1) {
                            in[3 + r.nextInt(in.length - 3)] = r.nextBoolean() ? 0f : -0f; // a zero may be a max
                        } else if (special == 2) {
                            in[3 + r.nextInt(in.length - 3)] = Float.NaN;
                        }
                        float[] out = new float[4 + n * lanes];
                        boolean suspect = v.blockPool(max, n, taps, in, 3, cells, offsets, out, 4);
                        boolean expectSuspect = false;
                        for (int i = 0; i < n; i++) {
                            for (int l = 0; l < lanes; l++) {
                                float acc = in[3 + cells[i] + offsets[0] + l];
                                for (int t = 1; t < taps; t++) {
                                    float x = in[3 + cells[i] + offsets[t] + l];
                                    acc = max ? Math.max(acc, x) : acc + x;
                                }
                                float got = out[4 + i * lanes + l];
                                expectSuspect |= max && !(Math.abs(acc) > 0f);
                                assertThat(Float.floatToRawIntBits(got) == Float.floatToRawIntBits(acc)
                                        || Float.isNaN(acc) && Float.isNaN(got))
                                        .as("max=%s n=%d taps=%d cell %d lane %d", max, n, taps, i, l).isTrue();
                                checked++;
                            }
                        }
                        assertThat(suspect).as("max=%s n=%d taps=%d: zero or NaN reported", max, n, taps)
                                .isEqualTo(expectSuspect);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void tapsGiveTheScalarTwinsBits() {
        SplittableRandom r = new SplittableRandom(11);
        VectorKernels v = new VectorKernels();
        for (int n : LENGTHS) {
            for (int taps : new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 27}) {
                float[] in = new float[n + 40];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) r.nextDouble(-1, 1);
                }
                in[in.length / 3] = Float.NaN;
                float[] coef = new float[taps];
                int[] offsets = new int[taps];
                for (int t = 0; t < taps; t++) {
                    coef[t] = (float) r.nextDouble(-2, 2);
                    offsets[t] = r.nextInt(40);
                }
                float init = (float) r.nextDouble(-1, 1);
                float[] os = new float[n + 3];
                float[] ov = new float[n + 3];
                ScalarKernels.INSTANCE.taps(n, taps, coef, in, offsets, init, os, 3);
                v.taps(n, taps, coef, in, offsets, init, ov, 3);
                assertThat(ov).as("n=%d taps=%d", n, taps).isEqualTo(os);
                if (n > 0) {
                    // the chain itself, for one element: an independent check of the contract
                    float acc = init;
                    for (int t = 0; t < taps; t++) {
                        acc = Math.fma(coef[t], in[offsets[t] + n - 1], acc);
                    }
                    assertThat(Float.floatToIntBits(ov[3 + n - 1])).isEqualTo(Float.floatToIntBits(acc));
                }
            }
        }
    }

    @Test
    void taps4GivesTheScalarTwinsBitsAndEachRowIsTapsOwn() {
        SplittableRandom r = new SplittableRandom(9);
        VectorKernels v = new VectorKernels();
        int compared = 0;
        for (int n : LENGTHS) {
            for (int taps : new int[] {0, 1, 4, 9, 36}) {
                float[] in = new float[n + 3 * taps + 8];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) r.nextDouble(-1, 1);
                }
                float[] coef = new float[5 + 4 * taps];
                for (int i = 0; i < coef.length; i++) {
                    coef[i] = (float) r.nextDouble(-1, 1);
                }
                int[] offsets = new int[taps];
                for (int t = 0; t < taps; t++) {
                    offsets[t] = r.nextInt(3 * taps + 5);
                }
                float[] init = {0.5f, -1f, 0f, 2f};
                int stride = n + 2;
                float[] os = new float[1 + 4 * stride];
                float[] ov = new float[1 + 4 * stride];
                ScalarKernels.INSTANCE.taps4(n, taps, coef, 5, in, offsets, init, os, 1, stride);
                v.taps4(n, taps, coef, 5, in, offsets, init, ov, 1, stride);
                assertThat(ov).as("n=%d taps=%d", n, taps).isEqualTo(os);
                for (int row = 0; row < 4; row++) {
                    float[] one = new float[n];
                    float[] c = java.util.Arrays.copyOfRange(coef, 5 + row * taps, 5 + (row + 1) * taps);
                    v.taps(n, taps, c, in, offsets, init[row], one, 0);
                    assertThat(java.util.Arrays.copyOfRange(ov, 1 + row * stride, 1 + row * stride + n))
                            .as("row %d of n=%d taps=%d is what taps makes", row, n, taps).isEqualTo(one);
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(LENGTHS.length * 5);
    }

    @Test
    void maxTapsGiveTheScalarTwinsValues() {
        SplittableRandom r = new SplittableRandom(13);
        VectorKernels v = new VectorKernels();
        float[] awkward = {0f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY};
        for (int n : LENGTHS) {
            for (int taps : new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 27}) {
                float[] in = new float[n + 40];
                for (int i = 0; i < in.length; i++) {
                    in[i] = r.nextInt(4) == 0 ? awkward[r.nextInt(awkward.length)] : (float) r.nextDouble(-1, 1);
                }
                int[] offsets = new int[taps];
                for (int t = 0; t < taps; t++) {
                    offsets[t] = r.nextInt(40);
                }
                float[] os = new float[n + 3];
                float[] ov = new float[n + 3];
                boolean fs = ScalarKernels.INSTANCE.maxTaps(n, taps, in, offsets, os, 3, true);
                boolean fv = v.maxTaps(n, taps, in, offsets, ov, 3, true);
                assertThat(v.maxTaps(n, taps, in, offsets, ov, 3, false)).isFalse();
                boolean zeroOrNaN = false;
                for (int i = 3; i < n + 3; i++) {
                    zeroOrNaN |= os[i] == 0f || Float.isNaN(os[i]);
                }
                assertThat(fv).as("n=%d taps=%d: zero or NaN written", n, taps).isEqualTo(fs).isEqualTo(zeroOrNaN);
                for (int i = 0; i < n + 3; i++) {
                    // the same value, signed zeros included; a NaN where the twin has one, of any
                    // payload (floatToIntBits folds NaNs into one)
                    assertThat(Float.floatToIntBits(ov[i])).as("n=%d taps=%d at %d: %s vs %s", n, taps, i, ov[i], os[i])
                            .isEqualTo(Float.floatToIntBits(os[i]));
                }
                if (n > 0) {
                    // the contract itself, for one element
                    float m = Float.NEGATIVE_INFINITY;
                    for (int t = 0; t < taps; t++) {
                        m = Math.max(m, in[offsets[t] + n - 1]);
                    }
                    assertThat(Float.floatToIntBits(ov[3 + n - 1])).isEqualTo(Float.floatToIntBits(m));
                }
            }
        }
    }

    @Test
    void sumTapsGiveTheScalarTwinsBits() {
        SplittableRandom r = new SplittableRandom(17);
        VectorKernels v = new VectorKernels();
        for (int n : LENGTHS) {
            for (int taps : new int[] {0, 1, 2, 3, 4, 9, 27}) {
                float[] in = new float[n + 40];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) r.nextDouble(-1, 1);
                }
                in[in.length / 3] = Float.NaN;
                int[] offsets = new int[taps];
                for (int t = 0; t < taps; t++) {
                    offsets[t] = r.nextInt(40);
                }
                float scale = (float) r.nextDouble(0, 1);
                float[] os = new float[n + 3];
                float[] ov = new float[n + 3];
                ScalarKernels.INSTANCE.sumTaps(n, taps, in, offsets, scale, os, 3);
                v.sumTaps(n, taps, in, offsets, scale, ov, 3);
                assertThat(ov).as("n=%d taps=%d", n, taps).isEqualTo(os);
                if (n > 0 && taps > 0) {
                    // the contract itself, for one element: the taps in order, then the scale
                    float acc = in[offsets[0] + n - 1];
                    for (int t = 1; t < taps; t++) {
                        acc += in[offsets[t] + n - 1];
                    }
                    assertThat(Float.floatToIntBits(ov[3 + n - 1])).isEqualTo(Float.floatToIntBits(acc * scale));
                }
            }
        }
    }

    @Test
    void negativeZerosAndNaNsAreFoundWhereverTheyAre() {
        SplittableRandom r = new SplittableRandom(23);
        VectorKernels v = new VectorKernels();
        float[] awkward = {0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1e-45f, 1e-45f};
        float[] breaking = {-0f, Float.NaN, Float.intBitsToFloat(0xffc00001)};
        for (int n : LENGTHS) {
            float[] a = new float[n + 9];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(3) == 0 ? awkward[r.nextInt(awkward.length)] : (float) r.nextDouble(-1, 1);
            }
            int from = r.nextInt(5);
            int to = from + n;
            assertThat(v.hasNegativeZeroOrNaN(a, from, to)).as("n=%d, none", n).isFalse();
            if (n > 0) {
                // one anywhere in the range is found, by both; one just outside it is not
                for (float b : breaking) {
                    int at = from + r.nextInt(n);
                    a[at] = b;
                    assertThat(v.hasNegativeZeroOrNaN(a, from, to)).as("n=%d %s at %d", n, b, at).isTrue();
                    assertThat(ScalarKernels.INSTANCE.hasNegativeZeroOrNaN(a, from, to)).isTrue();
                    a[at] = 0f;
                    a[to] = b;
                    assertThat(v.hasNegativeZeroOrNaN(a, from, to)).as("n=%d %s just past", n, b).isFalse();
                    a[to] = 1f;
                }
            }
        }
    }

    @Test
    void inRowsReductionsGiveTheScalarTwinsBitsAndTakeOnlyEachRowsOwnTaps() {
        SplittableRandom r = new SplittableRandom(19);
        VectorKernels v = new VectorKernels();
        float[] awkward = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        int compared = 0;
        for (int n : LENGTHS) {
            for (int width : new int[] {1, 3, 7, 8, 14, 28}) {
                for (int taps : new int[] {0, 1, 2, 3, 4, 5}) {
                    float[] in = new float[n + 40];
                    for (int i = 0; i < in.length; i++) {
                        in[i] = r.nextInt(5) == 0 ? awkward[r.nextInt(awkward.length)] : (float) r.nextDouble(-1, 1);
                    }
                    // tap t reads column + delta: it counts where that stays in the row
                    int pad = r.nextInt(3);
                    int[] offsets = new int[taps];
                    int[] lo = new int[taps];
                    int[] hi = new int[taps];
                    // the same bounds with the sides a tap never crosses unbounded, as StackedMaps
                    // gives them (a 3-tap window padded by 1 then takes the kernels' edge steps)
                    int[] openLo = new int[taps];
                    int[] openHi = new int[taps];
                    for (int t = 0; t < taps; t++) {
                        int delta = t - pad;
                        offsets[t] = 8 + delta;
                        lo[t] = Math.max(0, -delta);
                        hi[t] = Math.min(width, width - delta);
                        openLo[t] = delta >= 0 ? Integer.MIN_VALUE : -delta;
                        openHi[t] = delta <= 0 ? Integer.MAX_VALUE : Math.max(0, width - delta);
                    }
                    int colOff = r.nextInt(5);
                    float[] columns = new float[colOff + n];
                    for (int i = 0; i < n; i++) {
                        columns[colOff + i] = i % width;
                    }
                    float[] ms = new float[n + 3];
                    float[] mv = new float[n + 3];
                    boolean fs = ScalarKernels.INSTANCE.maxTapsInRows(n, taps, in, offsets, columns, colOff, lo, hi, ms,
                            3, true);
                    boolean fv = v.maxTapsInRows(n, taps, in, offsets, columns, colOff, lo, hi, mv, 3, true);
                    assertThat(fv).as("n=%d width=%d taps=%d: zero or NaN", n, width, taps).isEqualTo(fs);
                    float[] ss = new float[n + 3];
                    float[] sv = new float[n + 3];
                    ScalarKernels.INSTANCE.sumTapsInRows(n, taps, in, offsets, columns, colOff, lo, hi, ss, 3);
                    v.sumTapsInRows(n, taps, in, offsets, columns, colOff, lo, hi, sv, 3);
                    float[] mo = new float[n + 3];
                    float[] so = new float[n + 3];
                    boolean fo = v.maxTapsInRows(n, taps, in, offsets, columns, colOff, openLo, openHi, mo, 3, true);
                    v.sumTapsInRows(n, taps, in, offsets, columns, colOff, openLo, openHi, so, 3);
                    assertThat(fo).as("n=%d width=%d taps=%d: zero or NaN, open bounds", n, width, taps).isEqualTo(fs);
                    for (int i = 0; i < n + 3; i++) {
                        assertThat(Float.floatToIntBits(mo[i])).as("max, open bounds, n=%d width=%d taps=%d at %d", n,
                                width, taps, i).isEqualTo(Float.floatToIntBits(ms[i]));
                        assertThat(Float.floatToIntBits(so[i])).as("sum, open bounds, n=%d width=%d taps=%d at %d", n,
                                width, taps, i).isEqualTo(Float.floatToIntBits(ss[i]));
                    }
                    for (int i = 0; i < n + 3; i++) {
                        assertThat(Float.floatToIntBits(mv[i])).as("max n=%d width=%d taps=%d at %d", n, width, taps, i)
                                .isEqualTo(Float.floatToIntBits(ms[i]));
                        // (a NaN of any payload: floatToIntBits folds them, as sumTaps' test does)
                        assertThat(Float.floatToIntBits(sv[i])).as("sum n=%d width=%d taps=%d at %d", n, width,
                                taps, i).isEqualTo(Float.floatToIntBits(ss[i]));
                    }
                    if (n > 0) {
                        // the contract itself, for one element: only the taps inside its row
                        int i = n - 1;
                        int col = i % width;
                        float m = Float.NEGATIVE_INFINITY;
                        float sum = -0f;
                        boolean any = false;
                        for (int t = 0; t < taps; t++) {
                            int c = col + t - pad;
                            if (c >= 0 && c < width) {
                                m = Math.max(m, in[offsets[t] + i]);
                                sum = any ? sum + in[offsets[t] + i] : in[offsets[t] + i];
                                any = true;
                            }
                        }
                        assertThat(Float.floatToIntBits(mv[3 + i])).isEqualTo(Float.floatToIntBits(m));
                        assertThat(Float.floatToIntBits(sv[3 + i])).isEqualTo(Float.floatToIntBits(sum));
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(LENGTHS.length * 36);
    }

    @Test
    void runReductionsGiveTheScalarTwinsBitsAndStayWithinTheirBound() {
        SplittableRandom r = new SplittableRandom(23);
        VectorKernels v = new VectorKernels();
        float[] awkward = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        int compared = 0;
        for (int len : LENGTHS) {
            for (int runs : new int[] {1, 3}) {
                int pitch = len + r.nextInt(3);
                float[] in = new float[runs * pitch + 5];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) r.nextDouble(-1, 1);
                }
                float[] ss = new float[runs + 2];
                float[] sv = new float[runs + 2];
                ScalarKernels.INSTANCE.sumRuns(runs, len, in, 2, pitch, ss, 1);
                v.sumRuns(runs, len, in, 2, pitch, sv, 1);
                assertThat(sv).as("sums len=%d runs=%d", len, runs).isEqualTo(ss);
                for (int q = 0; q < runs; q++) {
                    double exact = 0;
                    double magnitudes = 0;
                    for (int i = 0; i < len; i++) {
                        exact += in[2 + q * pitch + i];
                        magnitudes += Math.abs(in[2 + q * pitch + i]);
                    }
                    assertThat(Math.abs(sv[1 + q] - exact)).as("len=%d: within (len - 1) u", len)
                            .isLessThanOrEqualTo(Math.max(0, len - 1) * 0x1p-24 * magnitudes);
                }
                for (int i = 0; i < in.length; i++) {
                    if (r.nextInt(4) == 0) {
                        in[i] = awkward[r.nextInt(awkward.length)];
                    }
                }
                float[] ms = new float[runs + 2];
                float[] mv = new float[runs + 2];
                boolean fs = ScalarKernels.INSTANCE.maxRuns(runs, len, in, 2, pitch, ms, 1);
                boolean fv = v.maxRuns(runs, len, in, 2, pitch, mv, 1);
                assertThat(fv).as("zero or NaN, len=%d", len).isEqualTo(fs);
                for (int q = 0; q < runs + 2; q++) {
                    assertThat(Float.floatToIntBits(mv[q])).as("max len=%d at %d", len, q)
                            .isEqualTo(Float.floatToIntBits(ms[q]));
                }
                if (len > 0) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < len; i++) {
                        m = Math.max(m, in[2 + i]);
                    }
                    assertThat(Float.floatToIntBits(mv[1])).as("the max itself, len=%d", len)
                            .isEqualTo(Float.floatToIntBits(m));
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(LENGTHS.length * 2);
    }

    @Test
    void copyRowsOverZerosCopiesWhatCopyRowsDoesAndZeroesOnlyJustPastEachRow() {
        SplittableRandom r = new SplittableRandom(29);
        VectorKernels v = new VectorKernels();
        int lanes = v.blockLanes();
        int compared = 0;
        for (int width : new int[] {1, 5, 14, 15, 16, 17, 31, 33, 60}) {
            for (int step : new int[] {1, 2, 3}) {
                for (int rows : new int[] {1, 2, 7}) {
                    int outPitch = width + r.nextInt(4);
                    int inPitch = width * step + r.nextInt(5);
                    float[] in = new float[rows * inPitch + 2 * lanes * step + r.nextInt(3)];
                    for (int i = 0; i < in.length; i++) {
                        in[i] = (float) r.nextDouble(-1, 1);
                    }
                    // over zeros: the same array as copyRows gives
                    int size = rows * outPitch + 2 * lanes;
                    float[] want = new float[size];
                    float[] got = new float[size];
                    ScalarKernels.INSTANCE.copyRows(rows, width, in, 1, inPitch, step, want, 2, outPitch, 1);
                    v.copyRowsOverZeros(rows, width, in, 1, inPitch, step, got, 2, outPitch);
                    assertThat(got).as("width=%d step=%d rows=%d", width, step, rows).isEqualTo(want);
                    // over NaNs: each cell copyRows' value, or a zero at most lanes - 1 past a row's end
                    float[] marked = new float[size];
                    java.util.Arrays.fill(marked, Float.NaN);
                    float[] nanWant = marked.clone();
                    ScalarKernels.INSTANCE.copyRows(rows, width, in, 1, inPitch, step, nanWant, 2, outPitch, 1);
                    v.copyRowsOverZeros(rows, width, in, 1, inPitch, step, marked, 2, outPitch);
                    for (int i = 0; i < size; i++) {
                        if (Float.floatToIntBits(marked[i]) == Float.floatToIntBits(nanWant[i])) {
                            continue;
                        }
                        assertThat(marked[i]).as("width=%d step=%d at %d", width, step, i).isEqualTo(0f);
                        boolean justPast = false;
                        for (int q = 0; q < rows; q++) {
                            int end = 2 + q * outPitch + width;
                            justPast |= i >= end && i < end + lanes - 1;
                        }
                        assertThat(justPast).as("width=%d step=%d: zero at %d is just past a row", width, step, i)
                                .isTrue();
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(81);
    }

    @Test
    void copyRowsGivesTheScalarTwinsBitsAndWritesNothingElse() {
        SplittableRandom r = new SplittableRandom(13);
        VectorKernels v = new VectorKernels();
        int[][] steps = {{1, 1}, {2, 1}, {1, 2}, {3, 1}, {2, 3}};
        for (int width : LENGTHS) {
            for (int rows : new int[] {1, 2, 5}) {
                for (int[] step : steps) {
                  for (int gap : new int[] {0, 2}) {
                    // gap 0: rows packed one after another in out, as a small plane's are
                    int inPitch = (width + 3) * step[0];
                    int outPitch = width * step[1] + gap;
                    float[] in = new float[5 + rows * inPitch];
                    for (int i = 0; i < in.length; i++) {
                        in[i] = (float) r.nextDouble(-1, 1);
                    }
                    float[] os = new float[7 + rows * outPitch];
                    java.util.Arrays.fill(os, Float.NaN);
                    float[] ov = os.clone();
                    ScalarKernels.INSTANCE.copyRows(rows, width, in, 5, inPitch, step[0], os, 7, outPitch, step[1]);
                    v.copyRows(rows, width, in, 5, inPitch, step[0], ov, 7, outPitch, step[1]);
                    assertThat(ov).as("width=%d rows=%d steps=%d,%d gap=%d", width, rows, step[0], step[1], gap).isEqualTo(os);
                    // the contract itself: each cell where it belongs, the others untouched
                    int written = 0;
                    for (int k = 0; k < os.length; k++) {
                        written += Float.isNaN(os[k]) ? 0 : 1;
                    }
                    assertThat(written).isEqualTo(rows * width);
                    if (width > 0) {
                        int rr = rows - 1;
                        assertThat(os[7 + rr * outPitch + (width - 1) * step[1]])
                                .isEqualTo(in[5 + rr * inPitch + (width - 1) * step[0]]);
                    }
                  }
                }
            }
        }
    }

    @Test
    void dotsGiveTheScalarTwinsBits() {
        SplittableRandom r = new SplittableRandom(17);
        VectorKernels v = new VectorKernels();
        int lanes = ScalarKernels.DOT_LANES;
        int chunk = ScalarKernels.DOT_CHUNK;
        for (int n : new int[] {0, 16, 32, 48, 240, 256, 272, 1008, 1024 + 16 * 7}) {
            for (int taps : new int[] {0, 1, 2, 3, 4, 5, 9, 25}) {
                float[] in = new float[n + 60];
                float[] x = new float[n + 3];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) r.nextDouble(-1, 1);
                }
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextDouble(-1, 1);
                }
                int[] offsets = new int[taps];
                for (int t = 0; t < taps; t++) {
                    offsets[t] = r.nextInt(60);
                }
                int chunks = (n + chunk - 1) / chunk;
                float[] ss = new float[2 + taps * lanes + 3];
                for (int i = 0; i < ss.length; i++) {
                    ss[i] = (float) r.nextDouble(-1, 1);
                }
                float[] start = ss.clone();
                float[] sv = ss.clone();
                ScalarKernels.INSTANCE.dots(n, taps, x, 3, in, offsets, ss, 2);
                v.dots(n, taps, x, 3, in, offsets, sv, 2);
                assertThat(sv).as("n=%d taps=%d", n, taps).isEqualTo(ss);
                assertThat(sv[0]).isEqualTo(start[0]);
                assertThat(sv[sv.length - 1]).isEqualTo(start[sv.length - 1]);
                if (taps > 0) {
                    // the contract for the last tap's lane 5: a float chain per chunk, each added in turn
                    int t = taps - 1;
                    float want = start[2 + t * lanes + 5];
                    for (int c = 0; c < chunks * chunk; c += chunk) {
                        float acc = 0f;
                        for (int i = c + 5; i < Math.min(n, c + chunk); i += lanes) {
                            acc = Math.fma(x[3 + i], in[offsets[t] + i], acc);
                        }
                        want += acc;
                    }
                    assertThat(Float.floatToIntBits(sv[2 + t * lanes + 5])).isEqualTo(Float.floatToIntBits(want));
                }
            }
        }
    }

    @Test
    void fourSignalsDotsGiveTheFourCallsBits() {
        SplittableRandom r = new SplittableRandom(18);
        VectorKernels v = new VectorKernels();
        int lanes = ScalarKernels.DOT_LANES;
        for (int n : new int[] {0, 16, 48, 256, 272, 1024 + 16 * 7}) {
            for (int taps : new int[] {0, 1, 3, 4, 5, 8, 9, 27}) {
                int xStride = n + 5;
                float[] in = new float[n + 60];
                float[] x = new float[3 + 4 * xStride];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) r.nextDouble(-1, 1);
                }
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextDouble(-1, 1);
                }
                int[] offsets = new int[taps];
                for (int t = 0; t < taps; t++) {
                    offsets[t] = r.nextInt(60);
                }
                int stride = taps * lanes + 7;
                float[] start = new float[2 + 4 * stride];
                for (int i = 0; i < start.length; i++) {
                    start[i] = (float) r.nextDouble(-1, 1);
                }
                float[] each = start.clone();
                for (int row = 0; row < 4; row++) {
                    v.dots(n, taps, x, 3 + row * xStride, in, offsets, each, 2 + row * stride);
                }
                float[] four = start.clone();
                v.dots4(n, taps, x, 3, xStride, in, offsets, four, 2, stride);
                float[] scalar = start.clone();
                ScalarKernels.INSTANCE.dots4(n, taps, x, 3, xStride, in, offsets, scalar, 2, stride);
                assertThat(four).as("n=%d taps=%d", n, taps).isEqualTo(each).isEqualTo(scalar);
            }
        }
    }

    /**
     * The transposing copies into and out of a channel block give the scalar twins' floats, for full
     * and partial blocks, any length, through a table of scattered destinations, leaving every other
     * float alone.
     */
    @Test
    void laneCopiesGiveTheScalarTwinsFloats() {
        SplittableRandom r = new SplittableRandom(13);
        VectorKernels v = new VectorKernels();
        int lanes = v.blockLanes();
        int compared = 0;
        for (int n : LENGTHS) {
            for (int width : new int[] {1, lanes - 1, lanes}) {
                int pitch = n + 3;
                float[] planes = new float[5 + lanes * pitch];
                for (int i = 0; i < planes.length; i++) {
                    planes[i] = (float) r.nextDouble(-1, 1);
                }
                // destinations: cells in a padded row-major block, every third one skipped
                int[] to = new int[n];
                for (int i = 0; i < n; i++) {
                    to[i] = (i + i / 3 + 1) * lanes;
                }
                int blockFloats = (n + n / 3 + 2) * lanes + 4;
                float[] bs = new float[blockFloats];
                java.util.Arrays.fill(bs, Float.NaN);
                float[] bv = bs.clone();
                ScalarKernels.INSTANCE.toLanes(n, width, planes, 5, pitch, bs, 2, to);
                v.toLanes(n, width, planes, 5, pitch, bv, 2, to);
                assertThat(bv).as("toLanes n=%d width=%d", n, width).isEqualTo(bs);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < width; c++) {
                        assertThat(bs[2 + to[i] + c]).isEqualTo(planes[5 + c * pitch + i]);
                    }
                }
                float[] cells = new float[3 + n * lanes];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = (float) r.nextDouble(-1, 1);
                }
                float[] os = new float[1 + lanes * pitch];
                java.util.Arrays.fill(os, Float.NaN);
                float[] ov = os.clone();
                ScalarKernels.fromLanes(n, width, cells, 3, os, 1, pitch, lanes);
                v.fromLanes(n, width, cells, 3, ov, 1, pitch);
                assertThat(ov).as("fromLanes n=%d width=%d", n, width).isEqualTo(os);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < width; c++) {
                        assertThat(os[1 + c * pitch + i]).isEqualTo(cells[3 + i * lanes + c]);
                    }
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(LENGTHS.length * 3);
    }
}
