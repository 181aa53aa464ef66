package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.convkit.runtime.PackedMatrix;
import org.convkit.runtime.ScalarSgemm;
import org.convkit.runtime.Sgemm;
import org.junit.jupiter.api.Test;

/**
 * A packed A (a prepared layer's weight) multiplies to bitwise the values of the unpacked multiply,
 * for both implementations, on the production and a tiny blocking, for every transpose and for row
 * ranges that split A the way callers split it across threads (at panel multiples). Counts what it
 * compared.
 */
class PackedSgemmTest {
    private static final VectorSgemm PRODUCTION = new VectorSgemm();

    @Test
    void packedEqualsUnpackedBitwiseOnEverySplit() {
        int mr = PRODUCTION.blocking().mr();
        VectorSgemm tiny = new VectorSgemm(new Blocking(mr, 5, 2 * mr, 2 * MicroKernels.NR));
        int compared = 0;
        SplittableRandom r = new SplittableRandom(7);
        for (Sgemm g : new Sgemm[] {PRODUCTION, tiny, ScalarSgemm.INSTANCE}) {
            for (int[] s : new int[][] {{1, 1, 1}, {mr + 1, 17, 11}, {3 * mr + 2, 2 * MicroKernels.NR + 5, 13},
                    {97, 49, 771}, {64, 300, 576}}) {
                for (int t = 0; t < 4; t++) {
                    for (boolean acc : new boolean[] {false, true}) {
                        GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], acc);
                        float[] want = p.run(g);
                        PackedMatrix a = g.pack(p.transA, p.m, p.k, p.a, p.aOff, p.lda);
                        // whole, then in two row ranges split at a panel boundary
                        float[] whole = p.c0.clone();
                        g.multiply(a, 0, p.m, p.transB, p.n, p.b, p.bOff, p.ldb, whole, p.cOff, p.ldc, p.accumulate);
                        assertThat(whole).as("%s %s whole", g.name(), Arrays.toString(s)).isEqualTo(want);
                        int cut = Math.min(p.m, (p.m / 2) / a.panelRows() * a.panelRows());
                        float[] split = p.c0.clone();
                        g.multiply(a, 0, cut, p.transB, p.n, p.b, p.bOff, p.ldb, split, p.cOff, p.ldc, p.accumulate);
                        g.multiply(a, cut, p.m - cut, p.transB, p.n, p.b, p.bOff, p.ldb, split, p.cOff + cut * p.ldc,
                                p.ldc, p.accumulate);
                        assertThat(split).as("%s %s split at %d", g.name(), Arrays.toString(s), cut).isEqualTo(want);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(3 * 5 * 8);
    }

    @Test
    void packedRightOperandEqualsUnpackedBitwise() {
        int mr = PRODUCTION.blocking().mr();
        VectorSgemm tiny = new VectorSgemm(new Blocking(mr, 5, 2 * mr, 2 * MicroKernels.NR));
        int compared = 0;
        SplittableRandom r = new SplittableRandom(8);
        for (Sgemm g : new Sgemm[] {PRODUCTION, tiny, ScalarSgemm.INSTANCE}) {
            for (int[] s : new int[][] {{1, 1, 1}, {mr + 1, 17, 11}, {3 * mr + 2, 2 * MicroKernels.NR + 5, 13},
                    {37, 600, 771}, {300, 64, 576}}) {
                for (int t = 0; t < 4; t++) {
                    for (boolean acc : new boolean[] {false, true}) {
                        GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], acc);
                        float[] want = p.run(g);
                        PackedMatrix b = g.packB(p.transB, p.k, p.n, p.b, p.bOff, p.ldb);
                        float[] got = p.c0.clone();
                        g.multiply(p.transA, p.m, p.a, p.aOff, p.lda, b, got, p.cOff, p.ldc, p.accumulate);
                        assertThat(Arrays.equals(got, want)).as("%s %s", g.name(), Arrays.toString(s)).isTrue();
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(3 * 5 * 8);
    }

    /**
     * B's rows read through a table (shifted, overlapping windows of one array, as an implicit GEMM
     * reads a padded image) give bitwise what the packed multiply gives with those rows copied out,
     * for every implementation, blocking, partial tile and row range.
     */
    @Test
    void rowsFromATableEqualCopiedRowsBitwise() {
        int mr = PRODUCTION.blocking().mr();
        VectorSgemm tiny = new VectorSgemm(new Blocking(mr, 5, 2 * mr, 2 * MicroKernels.NR));
        int compared = 0;
        SplittableRandom r = new SplittableRandom(9);
        for (Sgemm g : new Sgemm[] {PRODUCTION, tiny, ScalarSgemm.INSTANCE, FmaChainSgemm.INSTANCE}) {
            for (int[] s : new int[][] {{1, 1, 1}, {mr, MicroKernels.NR, 9}, {mr + 1, 17, 11},
                    {3 * mr + 2, 2 * MicroKernels.NR + 5, 13}, {16, 840, 144}, {20, 100, 600}}) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float[] b = random(r, n + 3 * k + 50);
                int[] rows = new int[k];
                for (int p = 0; p < k; p++) {
                    rows[p] = r.nextInt(3 * k + 40); // windows that overlap, in any order
                }
                float[] a = random(r, m * k);
                PackedMatrix packed = g.pack(false, m, k, a, 0, k);
                float[] copy = new float[k * n];
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, 7 + rows[p], copy, p * n, n);
                }
                for (boolean acc : new boolean[] {false, true}) {
                    float[] c0 = random(r, m * (n + 3));
                    float[] want = c0.clone();
                    g.multiply(packed, 0, m, false, n, copy, 0, n, want, 0, n + 3, acc);
                    float[] got = c0.clone();
                    int cut = Math.min(m, (m / 2) / packed.panelRows() * packed.panelRows());
                    g.multiplyRows(packed, 0, cut, n, b, 7, rows, got, 0, n + 3, acc);
                    g.multiplyRows(packed, cut, m - cut, n, b, 7, rows, got, cut * (n + 3), n + 3, acc);
                    assertThat(got).as("%s %s", g.name(), Arrays.toString(s)).isEqualTo(want);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(4 * 6 * 2);
        int[] outside = {0, 5};
        PackedMatrix one = PRODUCTION.pack(false, 1, 2, new float[2], 0, 2);
        assertThatThrownBy(() -> PRODUCTION.multiplyRows(one, 0, 1, 4, new float[8], 0, outside, new float[4], 0, 4, false))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row 1 of B");
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void refusesAnotherMultiplysMatrixAndMisalignedRows() {
        PackedMatrix scalar = ScalarSgemm.INSTANCE.pack(false, 8, 3, new float[24], 0, 3);
        assertThatThrownBy(() -> PRODUCTION.multiply(scalar, 0, 8, false, 1, new float[3], 0, 1, new float[8], 0, 1,
                false)).hasMessageContaining("packed by scalar");
        int mr = PRODUCTION.blocking().mr();
        PackedMatrix v = PRODUCTION.pack(false, 2 * mr, 3, new float[6 * mr], 0, 3);
        assertThatThrownBy(() -> PRODUCTION.multiply(v, 1, mr, false, 1, new float[3], 0, 1, new float[mr], 0, 1,
                false)).hasMessageContaining("multiple of " + mr);
    }
}
