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
