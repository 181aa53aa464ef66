package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Tiles cover every small cell once, each as one contiguous run, within the workspace target. */
class TilingTest {

    @Test
    void tilesPartitionTheVolumeIntoContiguousBoxesWithinTheTarget() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            int[] extent = {1 + r.nextInt(9), 1 + r.nextInt(13), 1 + r.nextInt(29)};
            long rows = 1 + r.nextInt(50);
            long target = 1 + r.nextInt(3000);
            Tiling t = Tiling.of(extent, rows, target, 1 + r.nextInt(20), 1 + r.nextInt(40));
            int volume = extent[0] * extent[1] * extent[2];
            int next = 0;
            for (int tile = 0; tile < t.tiles; tile++) {
                int cells = 1;
                for (int d = 0; d < 3; d++) {
                    cells *= t.hi(d, tile) - t.lo(d, tile);
                }
                // tiles come in flat order, each starting where the previous ended
                assertThat(t.firstCell(tile)).isEqualTo(next);
                assertThat(t.columns(tile)).isEqualTo(cells).isLessThanOrEqualTo(t.columns);
                assertThat(rows * t.columns(tile)).isLessThanOrEqualTo(Math.max(target, rows));
                next += cells;
            }
            assertThat(next).isEqualTo(volume);
        }
    }

    @Test
    void wholeRowsWhenTheyFitSegmentsWhenNot() {
        // one image of 56x56 with 576 lowered rows (64 channels, 3x3): whole rows, enough tiles for 16 tasks
        Tiling resnet = Tiling.of(new int[] {1, 56, 56}, 576, GemmCost.TILE_FLOATS, 16, 64);
        assertThat(resnet.split).isEqualTo(1);
        assertThat(resnet.tiles).isGreaterThanOrEqualTo(16);
        assertThat(576L * resnet.columns).isLessThanOrEqualTo(GemmCost.TILE_FLOATS);
        // a 2048-wide row of a 31x31 kernel does not fit: segments of a row
        Tiling big = Tiling.of(new int[] {1, 2048, 2048}, 961, GemmCost.TILE_FLOATS, 16, 64);
        assertThat(big.split).isEqualTo(2);
        assertThat(961L * big.columns).isLessThanOrEqualTo(GemmCost.TILE_FLOATS);
        // a 16^3 volume of 864 rows: whole planes
        Tiling cube = Tiling.of(new int[] {16, 16, 16}, 864, GemmCost.TILE_FLOATS, 16, 64);
        assertThat(cube.split).isEqualTo(0);
        assertThat(cube.tiles).isEqualTo(16);
        // a 12^3 volume of 3456 rows (a 384-channel 3x3x3 layer's chunk): 5 rows of 12 (60 columns,
        // two micro-tiles nearly full) rather than 6 (72: two and an eighth), at least 16 tiles still
        Tiling unet3d = Tiling.of(new int[] {12, 12, 12}, 3456, GemmCost.TILE_FLOATS, 16, 64);
        assertThat(unet3d.split).isEqualTo(1);
        assertThat(unet3d.span).isEqualTo(5);
        assertThat(unet3d.tiles).isGreaterThanOrEqualTo(16);
        assertThat(Tiling.filled(12, 12, 6, 6, 12, 16)).isEqualTo(5);
        // a span that fills whole micro-tiles already stays
        assertThat(Tiling.filled(56, 56, 4, 8, 1, 14)).isEqualTo(4);
        // one column larger than the target still gets a tile of one column
        Tiling huge = Tiling.of(new int[] {1, 3, 5}, 1_000_000, GemmCost.TILE_FLOATS, 1, 64);
        assertThat(huge.columns).isEqualTo(1);
        assertThat(huge.tiles).isEqualTo(15);
    }
}
