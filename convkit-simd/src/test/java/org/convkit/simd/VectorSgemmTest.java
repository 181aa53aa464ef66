package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.convkit.runtime.Parallel;
import org.convkit.runtime.ScalarSgemm;
import org.convkit.runtime.Sgemm;
import org.junit.jupiter.api.Test;

/**
 * VectorSgemm against its scalar twin and against the fma-chain oracle (both bit for bit), over the four transpose
 * combinations, overwrite and accumulate, at sizes on and around every blocking boundary, with both
 * the production blocking and a tiny one that makes small problems cross every block edge. Counts
 * what it compared so that an empty size list cannot pass.
 */
class VectorSgemmTest {
    private static final VectorSgemm PRODUCTION = new VectorSgemm();

    @Test
    void everyDimensionOnAndAroundTheBlockEdges() {
        Blocking bl = PRODUCTION.blocking();
        int lanes = MicroKernels.LANES;
        TreeSet<Integer> sizes = new TreeSet<>(List.of(1, 2, 7, 13, 31, 97, 257,
                lanes - 1, lanes, lanes + 1, 2 * lanes,
                bl.mr() - 1, bl.mr(), bl.mr() + 1, bl.nr() - 1, bl.nr(), bl.nr() + 1,
                bl.kc() - 1, bl.kc(), bl.kc() + 1, bl.mc() - 1, bl.mc(), bl.mc() + 1,
                bl.nc() - 1, bl.nc(), bl.nc() + 1));
        int[] others = {7, 13, 31};
        List<int[]> shapes = new ArrayList<>();
        int v = 0;
        for (int s : sizes) {
            int x = others[v++ % 3];
            int y = others[v % 3];
            shapes.add(new int[] {s, x, y});
            shapes.add(new int[] {x, s, y});
            shapes.add(new int[] {x, y, s});
        }
        // every block edge at once: several jc, pc and ic blocks, all with edge tiles
        shapes.add(new int[] {bl.mc() + 1, bl.nc() + 1, bl.kc() + 1});
        assertThat(compareAll(PRODUCTION, shapes, 1)).isEqualTo(shapes.size() * 8);
    }

    @Test
    void tinyBlockingCrossesEveryBlockEdgeOnSmallProblems() {
        int mr = PRODUCTION.blocking().mr();
        int nr = MicroKernels.NR;
        int lanes = MicroKernels.LANES;
        VectorSgemm tiny = new VectorSgemm(new Blocking(mr, 5, 2 * mr, 2 * nr));
        List<int[]> shapes = new ArrayList<>();
        for (int m : new int[] {1, mr - 1, mr, mr + 1, 2 * mr, 2 * mr + 1, 3 * mr + 2}) {
            for (int n : new int[] {1, lanes - 1, lanes + 1, nr, nr + 1, 2 * nr, 2 * nr + 1, 4 * nr + 3}) {
                for (int k : new int[] {1, 4, 5, 6, 11, 16}) {
                    shapes.add(new int[] {m, n, k});
                }
            }
        }
        assertThat(compareAll(tiny, shapes, 2)).isEqualTo(shapes.size() * 8);
    }

    /** Each shape in all four transposes, overwriting and accumulating; returns how many it compared. */
    private static int compareAll(VectorSgemm g, List<int[]> shapes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                for (boolean acc : new boolean[] {false, true}) {
                    GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], acc);
                    float[] got = p.run(g);
                    addIfFailed(failures, GemmCheck.bitwise(p, p.run(ScalarSgemm.INSTANCE), got));
                    addIfFailed(failures, GemmCheck.bitwise(p, p.run(FmaChainSgemm.INSTANCE), got));
                    compared++;
                }
            }
        }
        assertThat(failures).as("disagreements with the scalar twin or the fma chain").isEmpty();
        return compared;
    }

    private static void addIfFailed(List<String> failures, String failure) {
        if (failure != null && failures.size() < 20) {
            failures.add(failure);
        }
    }

    @Test
    void splittingCByRowsAndColumnsAcrossThreadsGivesBitwiseTheSameC() {
        Blocking bl = PRODUCTION.blocking();
        SplittableRandom r = new SplittableRandom(3);
        int[] rowCuts = {0, 5, bl.mr() + 3, 2 * bl.mr() + 1, 45};
        int[] colCuts = {0, 1, MicroKernels.LANES + 3, bl.nr() * 3 + 7, 150};
        for (int t = 0; t < 4; t++) {
            for (boolean acc : new boolean[] {false, true}) {
                GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, 45, 150, bl.kc() + 61, acc);
                float[] whole = p.run(PRODUCTION);
                float[] pieces = p.c0.clone();
                int blocks = (rowCuts.length - 1) * (colCuts.length - 1);
                Parallel.forEach(blocks, 2, q -> {
                    int ri = q / (colCuts.length - 1);
                    int ci = q % (colCuts.length - 1);
                    int i0 = rowCuts[ri];
                    int j0 = colCuts[ci];
                    PRODUCTION.multiply(p.transA, p.transB, rowCuts[ri + 1] - i0, colCuts[ci + 1] - j0, p.k,
                            p.a, p.aOff + (p.transA ? i0 : i0 * p.lda), p.lda,
                            p.b, p.bOff + (p.transB ? j0 * p.ldb : j0), p.ldb,
                            pieces, p.cIndex(i0, j0), p.ldc, p.accumulate);
                });
                assertThat(GemmCheck.bitwise(p, whole, pieces)).isNull();
                // and whatever the blocking
                VectorSgemm other = new VectorSgemm(new Blocking(bl.mr(), 7, bl.mr(), MicroKernels.NR));
                assertThat(GemmCheck.bitwise(p, whole, p.run(other))).isNull();
            }
        }
    }

    @Test
    void zeroSizesTouchNothingOrClearC() {
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 4; t++) {
            for (boolean acc : new boolean[] {false, true}) {
                for (int[] s : new int[][] {{0, 5, 3}, {5, 0, 3}, {0, 0, 0}, {4, 37, 0}}) {
                    GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], acc);
                    float[] got = p.run(PRODUCTION);
                    if (s[2] == 0 && !acc) {
                        for (int i = 0; i < p.m; i++) {
                            for (int j = 0; j < p.n; j++) {
                                assertThat(got[p.cIndex(i, j)]).as(p.toString()).isEqualTo(0f);
                            }
                        }
                    }
                    assertThat(GemmCheck.bitwise(p, p.run(ScalarSgemm.INSTANCE), got)).isNull();
                }
            }
        }
        // empty matrices need no storage at all
        PRODUCTION.multiply(false, false, 0, 0, 0, new float[0], 0, 0, new float[0], 0, 0, new float[0], 0, 0, false);
    }

    @Test
    void nanAndInfinityPropagateLikeTheScalarTwin() {
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 4; t++) {
            GemmProblem p = new GemmProblem(r, (t & 1) != 0, (t & 2) != 0, 19, 37, 23, false);
            setA(p, 3, 5, Float.NaN);
            setA(p, 11, 0, Float.POSITIVE_INFINITY);
            setB(p, 22, 17, Float.NaN);
            float[] got = p.run(PRODUCTION);
            assertThat(GemmCheck.withinBudget(p, p.run(ScalarSgemm.INSTANCE), got)).isNull();
            for (int j = 0; j < p.n; j++) {
                assertThat(got[p.cIndex(3, j)]).isNaN();
                assertThat(Float.isInfinite(got[p.cIndex(11, j)]) || Float.isNaN(got[p.cIndex(11, j)])).isTrue();
            }
            for (int i = 0; i < p.m; i++) {
                assertThat(got[p.cIndex(i, 17)]).isNaN();
            }
            assertThat(got[p.cIndex(0, 0)]).isFinite();
        }
    }

    private static void setA(GemmProblem p, int i, int q, float v) {
        p.a[p.transA ? p.aOff + q * p.lda + i : p.aOff + i * p.lda + q] = v;
    }

    private static void setB(GemmProblem p, int q, int j, float v) {
        p.b[p.transB ? p.bOff + j * p.ldb + q : p.bOff + q * p.ldb + j] = v;
    }

    @Test
    void badStorageFailsBeforeWritingWithTheNumbers() {
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = new float[12];
        Arrays.fill(c, 7f);
        Sgemm g = PRODUCTION;
        assertThatThrownBy(() -> g.multiply(false, false, 3, 4, 4, a, 0, 4, b, 0, 4, c, 0, 4, false))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("B (4 x 4 from offset 0, leading dimension 4) needs 16 floats, the array has 12");
        assertThatThrownBy(() -> g.multiply(false, false, 3, 4, 4, a, 1, 4, b, 0, 4, c, 0, 4, false))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("A (3 x 4");
        assertThatThrownBy(() -> g.multiply(false, false, 3, 4, 1, a, 0, 1, b, 0, 4, c, 0, 5, false))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("C (3 x 4");
        assertThatThrownBy(() -> g.multiply(false, false, -1, 4, 1, a, 0, 1, b, 0, 4, c, 0, 4, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=-1");
        assertThat(c).containsOnly(7f);
    }

    @Test
    void blockingRejectsShapesWithoutAKernel() {
        assertThatThrownBy(() -> new Blocking(5, 256, 40, 512)).hasMessageContaining("no micro-kernel has 5 rows");
        assertThatThrownBy(() -> new Blocking(8, 256, 12, 512)).hasMessageContaining("mc a positive multiple of mr=8");
    }
}
