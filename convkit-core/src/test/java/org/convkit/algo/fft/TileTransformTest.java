package org.convkit.algo.fft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The tile transform (the project's FFT on a block's rows) against a naive DFT (a double sum of exactly computed roots) on random complex data:
 * every power-of-two size from 1 to 4096 in 1-D, mixed sizes in 2-D and 3-D, several tiles side by
 * side; and the inverse as the forward's inverse. Tiles are powers of two by construction, so other
 * sizes are not a case.
 */
class TileTransformTest {
    @Test
    void oneDimensionalMatchesTheNaiveDftAtEveryPowerOfTwo() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n = 1; n <= 4096; n *= 2) {
            check(r, new int[] {n}, n <= 64 ? 3 : 1);
        }
    }

    @Test
    void twoAndThreeDimensionalMatchTheNaiveDft() {
        SplittableRandom r = new SplittableRandom(2);
        int[][] shapes = {{1, 1}, {1, 8}, {8, 1}, {2, 4}, {16, 8}, {4, 32}, {64, 64}, {1, 1, 1}, {2, 1, 4}, {4, 8, 2}, {8, 8, 8}};
        for (int[] s : shapes) {
            check(r, s, 1);
        }
    }

    @Test
    void inverseUndoesForwardUpToTheVolume() {
        SplittableRandom r = new SplittableRandom(3);
        int[][] shapes = {{1}, {2}, {1024}, {32, 16}, {4, 4, 16}};
        for (int[] s : shapes) {
            TileShape shape = new TileShape(s, s.length == 1 ? 5 : 1);
            TileTransform tt = new TileTransform(shape);
            Block x = random(shape, r);
            Block copy = copy(x);
            Block spectral = shape.spectralBlock();
            tt.forward(x, spectral);
            tt.inverse(spectral, x);
            double vol = shape.tileVolume();
            double worst = 0;
            for (int i = 0; i < x.rows; i++) {
                for (int l = 0; l < x.lanes; l++) {
                    worst = Math.max(worst, Math.abs(x.re[i][l] / vol - copy.re[i][l]));
                    worst = Math.max(worst, Math.abs(x.im[i][l] / vol - copy.im[i][l]));
                }
            }
            assertThat(worst).as("round trip of %s", java.util.Arrays.toString(s)).isLessThan(1e-13);
        }
    }

    /** Transforms M random tiles of size s and compares every coefficient with the naive DFT's. */
    private static void check(SplittableRandom r, int[] s, int m) {
        TileShape shape = new TileShape(s, m);
        TileTransform tt = new TileTransform(shape);
        Block x = random(shape, r);
        Block input = copy(x);
        Block spectral = shape.spectralBlock();
        tt.forward(x, spectral);
        int vol = shape.tileVolume();
        int last = s.length - 1;
        double worst = 0;
        double scale = 0;
        for (int tile = 0; tile < m; tile++) {
            for (int f = 0; f < vol; f++) {
                int[] fc = coords(f, s);
                double sr = 0;
                double si = 0;
                for (int t = 0; t < vol; t++) {
                    int[] tc = coords(t, s);
                    double phase = 0;
                    for (int d = 0; d < s.length; d++) {
                        phase += (double) ((long) fc[d] * tc[d] % s[d]) / s[d];
                    }
                    double c = Math.cos(-2 * Math.PI * phase);
                    double sn = Math.sin(-2 * Math.PI * phase);
                    int row = tile * shape.rowsPerTile + t / s[last];
                    double xr = input.re[row][t % s[last]];
                    double xi = input.im[row][t % s[last]];
                    sr += xr * c - xi * sn;
                    si += xr * sn + xi * c;
                }
                // spectral position: row = last frequency, lane = (tile, leading frequencies), natural order
                int lane = tile;
                for (int d = 0; d < last; d++) {
                    lane = lane * s[d] + fc[d];
                }
                int row = fc[last];
                worst = Math.max(worst, Math.hypot(spectral.re[row][lane] - sr, spectral.im[row][lane] - si));
                scale = Math.max(scale, Math.hypot(sr, si));
            }
        }
        assertThat(worst).as("DFT of size %s", java.util.Arrays.toString(s))
                .isLessThanOrEqualTo(1e-14 * Math.max(1, scale) * Math.max(1, Math.log(vol)));
    }

    private static int[] coords(int flat, int[] s) {
        int[] c = new int[s.length];
        for (int d = s.length - 1; d >= 0; d--) {
            c[d] = flat % s[d];
            flat /= s[d];
        }
        return c;
    }

    private static Block random(TileShape shape, SplittableRandom r) {
        Block b = shape.naturalBlock();
        for (int i = 0; i < b.rows; i++) {
            for (int l = 0; l < b.lanes; l++) {
                b.re[i][l] = r.nextDouble(-1, 1);
                b.im[i][l] = r.nextDouble(-1, 1);
            }
        }
        return b;
    }

    private static Block copy(Block b) {
        Block c = new Block(b.rows, b.lanes);
        for (int i = 0; i < b.rows; i++) {
            c.re[i] = b.re[i].clone();
            c.im[i] = b.im[i].clone();
        }
        return c;
    }
}
