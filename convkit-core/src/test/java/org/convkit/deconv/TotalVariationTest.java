package org.convkit.deconv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The stride-walking divergence against the term's definition, cell by cell with wrapped coordinates: the same bits. */
class TotalVariationTest {
    @Test
    void matchesTheDefinitionBitForBit() {
        SplittableRandom r = new SplittableRandom(4);
        int checked = 0;
        for (int[] grid : new int[][] {{1}, {2}, {9}, {1, 7}, {6, 1}, {5, 8}, {3, 4, 5}, {1, 1, 6}, {4, 1, 3}, {2, 3, 1}}) {
            int v = Arrays.stream(grid).reduce(1, Math::multiplyExact);
            double[] u = new double[v];
            for (int k = 0; k < v; k++) {
                u[k] = r.nextDouble();
            }
            double[] got = new double[v];
            new TotalVariation(grid).divergence(u, 1e-3, got);
            assertThat(got).as("grid %s", Arrays.toString(grid)).isEqualTo(definition(grid, u, 1e-3));
            checked++;
        }
        assertThat(checked).isEqualTo(10);
    }

    /** Forward differences, unit gradient, backward-difference divergence, each neighbour by its wrapped coordinate. */
    private static double[] definition(int[] grid, double[] u, double eps) {
        int d = grid.length;
        int v = u.length;
        int[] stride = new int[d];
        int s = 1;
        for (int a = d - 1; a >= 0; a--) {
            stride[a] = s;
            s *= grid[a];
        }
        double[][] normal = new double[d][v];
        for (int k = 0; k < v; k++) {
            double sq = eps * eps;
            for (int a = 0; a < d; a++) {
                double g = u[neighbour(k, a, 1, grid, stride)] - u[k];
                normal[a][k] = g;
                sq += g * g;
            }
            double inv = 1 / Math.sqrt(sq);
            for (int a = 0; a < d; a++) {
                normal[a][k] *= inv;
            }
        }
        double[] out = new double[v];
        for (int k = 0; k < v; k++) {
            double div = 0;
            for (int a = 0; a < d; a++) {
                div += normal[a][k] - normal[a][neighbour(k, a, -1, grid, stride)];
            }
            out[k] = div;
        }
        return out;
    }

    private static int neighbour(int k, int a, int step, int[] grid, int[] stride) {
        int coord = (k / stride[a]) % grid[a];
        int moved = Math.floorMod(coord + step, grid[a]);
        return k + (moved - coord) * stride[a];
    }
}
