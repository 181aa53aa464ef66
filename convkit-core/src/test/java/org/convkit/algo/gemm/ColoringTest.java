package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;
import org.junit.jupiter.api.Test;

/**
 * The phases of a transposed pass, checked by brute force: every tile runs in exactly one phase, and
 * two tiles of one phase never add into a common big cell (counted through the padding rule, taps
 * and cells one by one, not through the footprint intervals the coloring uses).
 */
class ColoringTest {

    @Test
    void tilesOfOnePhaseTouchDisjointBigCells() {
        SplittableRandom r = new SplittableRandom(99);
        int phased = 0;
        for (int i = 0; i < 300; i++) {
            ConvProblem p = Oracle.randomProblem(r);
            long budget = 1 + r.nextInt(200);
            GemmConv gemm = new GemmConv(budget, 1);
            GemmConv.Schedule s = gemm.schedule(p, Pass.SCATTER);
            Grid g = s.grid();
            Tiling t = s.tiling();
            Coloring c = new Coloring(g, t);
            int[] seen = new int[t.tiles];
            for (int ph = 0; ph < c.phases(); ph++) {
                int[] owner = new int[g.bigVolume];
                java.util.Arrays.fill(owner, -1);
                for (int i2 = 0; i2 < c.tilesIn(ph); i2++) {
                    int tile = c.tile(ph, i2);
                    seen[tile]++;
                    for (int cell : touched(g, t, tile)) {
                        assertThat(owner[cell]).as("phase %d of %s", ph, p.geometry()).isIn(-1, tile);
                        owner[cell] = tile;
                    }
                }
            }
            assertThat(seen).containsOnly(1);
            if (c.phases() > 1) {
                phased++;
            }
        }
        assertThat(phased).isGreaterThan(100);
    }

    @Test
    void strideAsWideAsTheKernelNeedsOnePhase() {
        ConvProblem p = ConvProblem.convTranspose(new int[] {1, 4, 16, 16}, new int[] {4, 4, 2, 2},
                org.convkit.spec.ConvSpec.defaults().withStride(2));
        GemmConv.Schedule s = new GemmConv(64, 1).schedule(p, Pass.SCATTER);
        assertThat(s.tiling().tiles).isGreaterThan(1);
        assertThat(new Coloring(s.grid(), s.tiling()).phases()).isEqualTo(1);
    }

    private static int[] touched(Grid g, Tiling t, int tile) {
        java.util.BitSet cells = new java.util.BitSet();
        for (int o0 = t.lo(0, tile); o0 < t.hi(0, tile); o0++) {
            for (int o1 = t.lo(1, tile); o1 < t.hi(1, tile); o1++) {
                for (int o2 = t.lo(2, tile); o2 < t.hi(2, tile); o2++) {
                    for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                        for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                            for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                                int i0 = g.source(0, o0, k0);
                                int i1 = g.source(1, o1, k1);
                                int i2 = g.source(2, o2, k2);
                                if (i0 >= 0 && i1 >= 0 && i2 >= 0) {
                                    cells.set((i0 * g.big[1] + i1) * g.big[2] + i2);
                                }
                            }
                        }
                    }
                }
            }
        }
        return cells.stream().toArray();
    }
}
