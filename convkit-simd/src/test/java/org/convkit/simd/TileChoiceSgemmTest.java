package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.convkit.runtime.PackedMatrix;
import org.convkit.runtime.Sgemm;
import org.junit.jupiter.api.Test;

/**
 * The two-tile multiply gives the 8-row tile's bits on every entry point, whichever tile a row count
 * takes, on the production blocking and on a tiny one (several k-blocks, row and column blocks);
 * and short products stay on 8 rows. Counts what it compared.
 */
class TileChoiceSgemmTest {
    @Test
    void eitherTileGivesTheEightRowTilesBitsOnEveryEntryPoint() {
        int nr = MicroKernels.NR;
        Blocking prodLow = Blocking.forSpecies();
        Blocking prodTall = new Blocking(12, prodLow.kc(), 16 * 12, prodLow.nc());
        Object[][] pairs = {
            {new TileChoiceSgemm(prodLow, prodTall), new VectorSgemm(prodLow)},
            {new TileChoiceSgemm(new Blocking(8, 5, 16, 2 * nr), new Blocking(12, 5, 24, 2 * nr)),
                new VectorSgemm(new Blocking(8, 5, 16, 2 * nr))},
        };
        SplittableRandom r = new SplittableRandom(41);
        int compared = 0;
        for (Object[] pair : pairs) {
            Sgemm two = (Sgemm) pair[0];
            Sgemm eight = (Sgemm) pair[1];
            for (int[] s : new int[][] {{1, 3, 2}, {16, 40, 19}, {24, 2 * nr + 3, 7}, {130, 49, 77}, {256, 33, 300}}) {
                for (int t = 0; t < 4; t++) {
                    GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], t == 3);
                    String what = two.name() + " " + Arrays.toString(s) + " t=" + t;
                    float[] want = p.run(eight);
                    assertThat(p.run(two)).as("%s unpacked", what).isEqualTo(want);
                    PackedMatrix a = two.pack(p.transA, p.m, p.k, p.a, p.aOff, p.lda);
                    float[] whole = p.c0.clone();
                    two.multiply(a, 0, p.m, p.transB, p.n, p.b, p.bOff, p.ldb, whole, p.cOff, p.ldc, p.accumulate);
                    assertThat(whole).as("%s packed", what).isEqualTo(want);
                    int cut = p.m / 2 / a.panelRows() * a.panelRows();
                    float[] split = p.c0.clone();
                    two.multiply(a, 0, cut, p.transB, p.n, p.b, p.bOff, p.ldb, split, p.cOff, p.ldc, p.accumulate);
                    two.multiply(a, cut, p.m - cut, p.transB, p.n, p.b, p.bOff, p.ldb, split, p.cOff + cut * p.ldc,
                            p.ldc, p.accumulate);
                    assertThat(split).as("%s packed, split at %d", what, cut).isEqualTo(want);
                    if (!p.transB) {
                        // B's rows through a table: the rows of the stored B, in order
                        int[] rows = new int[p.k];
                        for (int q = 0; q < p.k; q++) {
                            rows[q] = q * p.ldb;
                        }
                        float[] tabled = p.c0.clone();
                        two.multiplyRows(a, 0, p.m, p.n, p.b, p.bOff, rows, tabled, p.cOff, p.ldc, p.accumulate);
                        assertThat(tabled).as("%s rows from a table", what).isEqualTo(want);
                        PackedMatrix b = two.packB(false, p.k, p.n, p.b, p.bOff, p.ldb);
                        float[] packedB = p.c0.clone();
                        two.multiply(p.transA, p.m, p.a, p.aOff, p.lda, b, packedB, p.cOff, p.ldc, p.accumulate);
                        assertThat(packedB).as("%s packed B", what).isEqualTo(want);
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(2 * 5 * 4);
    }

    @Test
    void shortProductsStayOnEightRowsAndLongOnesTakeTwelve() {
        int nr = MicroKernels.NR;
        TileChoiceSgemm two = new TileChoiceSgemm(new Blocking(8, 5, 16, 2 * nr), new Blocking(12, 5, 24, 2 * nr));
        for (int m : new int[] {1, 8, 16, 32, 64}) {
            assertThat(two.forRows(m).blocking().mr()).as("%d rows", m).isEqualTo(8);
        }
        for (int m : new int[] {12, 24, 128, 256, 512, 2048}) {
            assertThat(two.forRows(m).blocking().mr()).as("%d rows", m).isEqualTo(12);
        }
    }
}
