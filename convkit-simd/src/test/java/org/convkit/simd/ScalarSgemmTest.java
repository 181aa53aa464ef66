package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.convkit.runtime.PackedMatrix;
import org.convkit.runtime.ScalarSgemm;
import org.junit.jupiter.api.Test;

/**
 * The portable multiply is the fma chain bit for bit (so it gives what the vector multiply gives),
 * by rows and by columns (a C with fewer than 128 columns and more rows), on and around its blocks'
 * edges (8 steps per pass, 32 per block, 256 columns or rows per block), for every transpose,
 * overwriting and accumulating, unpacked, packed, and with B's rows read through a table. Counts
 * what it compared.
 */
class ScalarSgemmTest {
    private static final ScalarSgemm G = ScalarSgemm.INSTANCE;

    @Test
    void isTheFmaChainBitwiseByRowsAndByColumns() {
        List<int[]> shapes = new ArrayList<>();
        // by rows: n at least 128, or no more rows than columns
        for (int n : new int[] {128, 255, 256, 257, 520}) {
            shapes.add(new int[] {3, n, 70});
        }
        for (int k : new int[] {1, 7, 8, 9, 31, 32, 33, 65}) {
            shapes.add(new int[] {5, 130, k});
            shapes.add(new int[] {20, 40, k});
        }
        // by columns: fewer than 128 columns and more rows
        for (int m : new int[] {2, 127, 255, 256, 257, 600}) {
            shapes.add(new int[] {m, 1, 41});
            shapes.add(new int[] {m, 49, 9});
        }
        shapes.add(new int[] {300, 127, 33});
        SplittableRandom r = new SplittableRandom(11);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                for (boolean acc : new boolean[] {false, true}) {
                    GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], acc);
                    float[] want = p.run(FmaChainSgemm.INSTANCE);
                    addIfFailed(failures, GemmCheck.bitwise(p, want, p.run(G)));
                    PackedMatrix a = G.pack(p.transA, p.m, p.k, p.a, p.aOff, p.lda);
                    float[] packed = p.c0.clone();
                    G.multiply(a, 0, p.m, p.transB, p.n, p.b, p.bOff, p.ldb, packed, p.cOff, p.ldc, p.accumulate);
                    addIfFailed(failures, GemmCheck.bitwise(p, want, packed));
                    if (!p.transB) {
                        // B's rows through a table: the same rows, named one by one
                        int[] rows = new int[p.k];
                        for (int q = 0; q < p.k; q++) {
                            rows[q] = q * p.ldb;
                        }
                        float[] table = p.c0.clone();
                        G.multiplyRows(a, 0, p.m, p.n, p.b, p.bOff, rows, table, p.cOff, p.ldc, p.accumulate);
                        addIfFailed(failures, GemmCheck.bitwise(p, want, table));
                    }
                    compared++;
                }
            }
        }
        assertThat(failures).as("disagreements with the fma chain").isEmpty();
        assertThat(compared).isEqualTo(shapes.size() * 8);
    }

    @Test
    void nanInAnOperandReachesOnlyItsRowOrColumn() {
        SplittableRandom r = new SplittableRandom(12);
        for (int[] s : new int[][] {{40, 300, 20}, {300, 40, 20}}) {
            GemmProblem p = new GemmProblem(r, false, false, s[0], s[1], s[2], false);
            p.a[p.aOff + 3 * p.lda + 5] = Float.NaN;
            p.b[p.bOff + 7 * p.ldb + 17] = Float.NaN;
            float[] got = p.run(G);
            for (int i = 0; i < p.m; i++) {
                for (int j = 0; j < p.n; j++) {
                    assertThat(Float.isNaN(got[p.cIndex(i, j)])).as("C(%d,%d) of %s", i, j, p)
                            .isEqualTo(i == 3 || j == 17);
                }
            }
        }
    }

    private static void addIfFailed(List<String> failures, String failure) {
        if (failure != null) {
            failures.add(failure);
        }
    }
}
