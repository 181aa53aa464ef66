package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.algo.ScalarSgemm;
import org.junit.jupiter.api.Test;

/**
 * VectorSgemm against the scalar twin on awkward sizes (1, primes, around the vector length and the
 * MR/NR/KC/MC/NC blocks), every transpose, accumulate on and off, offsets and wide leading
 * dimensions; and the determinism callers rely on: computing C in row or column pieces gives the
 * same bits as one call.
 */
class VectorSgemmTest {
    private static final VectorSgemm V = new VectorSgemm();
    private static final int[] SIZES = {1, 2, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 97, 129, 257};

    @Test
    void matchesTheScalarTwinOnAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(1);
        int compared = 0;
        for (int m : SIZES) {
            for (int n : new int[] {1, 13, 31, 32, 33, 97, 1030}) {
                for (int k : new int[] {1, 5, 255, 257, 600}) {
                    if ((long) m * n * k > 4_000_000) {
                        continue;
                    }
                    check(r, r.nextBoolean(), r.nextBoolean(), m, n, k, r.nextBoolean());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(300);
    }

    @Property(tries = 200)
    void matchesTheScalarTwinOnRandomShapes(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        check(r, r.nextBoolean(), r.nextBoolean(), 1 + r.nextInt(70), 1 + r.nextInt(300), r.nextInt(300),
                r.nextBoolean());
    }

    @Test
    void piecesGiveTheSameBitsAsOneCall() {
        SplittableRandom r = new SplittableRandom(2);
        int m = 53;
        int n = 211;
        int k = 301;
        float[] a = rand(r, m * k);
        float[] b = rand(r, k * n);
        float[] whole = new float[m * n];
        V.multiply(false, false, m, n, k, a, 0, k, b, 0, n, whole, 0, n, false);
        float[] rows = new float[m * n];
        for (int i0 = 0; i0 < m; i0 += 11) {
            int mm = Math.min(11, m - i0);
            V.multiply(false, false, mm, n, k, a, i0 * k, k, b, 0, n, rows, i0 * n, n, false);
        }
        float[] cols = new float[m * n];
        for (int j0 = 0; j0 < n; j0 += 37) {
            int nn = Math.min(37, n - j0);
            V.multiply(false, false, m, nn, k, a, 0, k, b, j0, n, cols, j0, n, false);
        }
        assertThat(rows).isEqualTo(whole);
        assertThat(cols).isEqualTo(whole);
    }

    @Test
    void overwritesGarbageAndPropagatesNaN() {
        float[] a = {1, 2, 3, 4};
        float[] b = {1, 0, 0, 1};
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        V.multiply(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
        assertThat(c).containsExactly(1, 2, 3, 4);
        a[0] = Float.NaN;
        V.multiply(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
        assertThat(c[0]).isNaN();
        assertThat(c[1]).isNaN();
        assertThat(c[2]).isEqualTo(3f);
    }

    /** |vector - scalar| <= 2 k u sum |a||b| per element: both are float sums of k products. */
    private static void check(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k, boolean acc) {
        int lda = (ta ? m : k) + r.nextInt(3);
        int ldb = (tb ? k : n) + r.nextInt(3);
        int ldc = n + r.nextInt(3);
        int aOff = r.nextInt(4);
        int bOff = r.nextInt(4);
        int cOff = r.nextInt(4);
        float[] a = rand(r, aOff + lda * (ta ? k : m) + 1);
        float[] b = rand(r, bOff + ldb * (tb ? n : k) + 1);
        float[] c0 = rand(r, cOff + ldc * m + 1);
        float[] cv = c0.clone();
        float[] cs = c0.clone();
        V.multiply(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, cv, cOff, ldc, acc);
        ScalarSgemm.INSTANCE.multiply(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, cs, cOff, ldc, acc);
        for (int i = 0; i < cv.length; i++) {
            boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
            if (!inside) {
                assertThat(cv[i]).as("outside C untouched at %d", i).isEqualTo(c0[i]);
                continue;
            }
            int row = (i - cOff) / ldc;
            int col = (i - cOff) % ldc;
            double mag = acc ? Math.abs(c0[i]) : 0;
            for (int p = 0; p < k; p++) {
                float av = ta ? a[aOff + p * lda + row] : a[aOff + row * lda + p];
                float bv = tb ? b[bOff + col * ldb + p] : b[bOff + p * ldb + col];
                mag += Math.abs((double) av * bv);
            }
            assertThat((double) cv[i]).as("m=%d n=%d k=%d ta=%s tb=%s acc=%s at (%d,%d)", m, n, k, ta, tb, acc, row, col)
                    .isCloseTo(cs[i], org.assertj.core.data.Offset.offset(2.0 * (k + 2) * 0x1p-24 * mag + 1e-30));
        }
    }

    private static float[] rand(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }
}
