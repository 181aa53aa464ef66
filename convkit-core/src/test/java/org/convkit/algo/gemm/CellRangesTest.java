package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellRangesTest {
    @Test
    void runsCoverTheVolumeInOrderWithinTheirBound() {
        for (int volume : new int[] {1, 7, 31, 32, 33, 49, 784, 1728, 100_000}) {
            for (long most : new long[] {1, 3, 31, 64, 512}) {
                for (int threads : new int[] {1, 2, 3, 8}) {
                    CellRanges r = CellRanges.of(volume, 1 + volume % 5, 64, threads, most);
                    assertThat(r.columns()).isLessThanOrEqualTo((int) Math.max(1, most)).isPositive();
                    int next = 0;
                    for (int i = 0; i < r.count(); i++) {
                        assertThat(r.first(i)).isEqualTo(next);
                        next += r.columns(i);
                    }
                    assertThat(next).isEqualTo(volume);
                }
            }
        }
    }

    @Test
    void wholeMicroTilesSpreadEvenlyOverTheThreads() {
        // VGG's 28x28 map (24.5 micro-tiles), one image on 2 threads: two runs of 13 and 11.5 micro-tiles,
        // not one of 16 and one of 8.5
        CellRanges vgg = CellRanges.of(784, 1, 512, 2, 512);
        assertThat(vgg.columns()).isEqualTo(13 * 32);
        assertThat(vgg.count()).isEqualTo(2);
        // a 12^3 volume (54 micro-tiles): runs of whole micro-tiles, at least one per thread
        CellRanges cube = CellRanges.of(1728, 1, 128, 2, 512);
        assertThat(cube.columns() % 32).isZero();
        assertThat(cube.count()).isGreaterThanOrEqualTo(2);
        // many images: the longest runs the bound allows
        assertThat(CellRanges.of(1728, 64, 128, 2, 512).columns()).isEqualTo(512);
        // a 1-D signal of 80 cells (2.5 micro-tiles) and 600 rows: one run, its rows split over the
        // threads, rather than runs of 64 and 16 cells, one thread doing twice the other's work
        CellRanges tcn = CellRanges.of(80, 1, 600, 2, 512);
        assertThat(tcn.count()).isEqualTo(1);
        // a volume of one micro-tile or less is one run
        assertThat(CellRanges.of(20, 1, 64, 8, 512).count()).isEqualTo(1);
        // a bound under a micro-tile is taken as it is (tests' tiny budgets put run ends everywhere)
        assertThat(CellRanges.of(784, 1, 64, 2, 3).columns()).isEqualTo(3);
    }
}
