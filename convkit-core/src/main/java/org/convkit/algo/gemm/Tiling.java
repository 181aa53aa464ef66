package org.convkit.algo.gemm;

/**
 * How the small cells of one image are cut into tiles, the unit of work of the lowering: a tile is
 * a box of cells that is also one contiguous run of the flat (row-major) small volume, so that its
 * columns of the small array are addressed with one offset and one leading dimension.
 *
 * <p>That shape is: one index in each dimension before a {@link #split} dimension, a range of
 * {@link #span} indices in the split dimension, and every index of the dimensions after it. The
 * split is the outermost dimension whose slabs still fit the workspace target, {@code rows x columns
 * <= target}, so a tile is as wide as allowed (whole planes, then whole rows, then row segments).
 * It is then narrowed, never below {@code minColumns}, until an image has enough tiles to keep
 * threads busy.
 *
 * <p>The tiling depends on the problem alone, never on the thread count, because transposed passes
 * and weight gradients sum in tile order: the same tiling gives bitwise the same results.
 */
final class Tiling {
    private final int[] extent;
    /** The dimension whose indices a tile spans a range of. */
    final int split;
    /** Indices of the split dimension per tile (the last tile of a range may have fewer). */
    final int span;
    /** Tiles along each dimension. */
    private final int[] count = new int[Grid.D];
    /** Tiles per image. */
    final int tiles;
    /** Columns of the widest tile: the workspace a tile needs is rows times this. */
    final int columns;

    private Tiling(int[] extent, int split, int span) {
        this.extent = extent.clone();
        this.split = split;
        this.span = span;
        int t = 1;
        for (int d = 0; d < Grid.D; d++) {
            count[d] = d < split ? extent[d] : d == split ? ceilDiv(extent[d], span) : 1;
            t *= count[d];
        }
        this.tiles = t;
        this.columns = span * inner(extent, split);
    }

    /**
     * Tiles for a small volume of {@code extent} cells whose lowered matrix has {@code rows} rows:
     * at most {@code target} floats a tile (or one column, if a column alone is larger), at least
     * {@code minColumns} columns where the volume has them, and {@code wantTiles} tiles where that is
     * possible within those bounds.
     */
    static Tiling of(int[] extent, long rows, long target, int wantTiles, int minColumns) {
        for (int d = 0; d < Grid.D; d++) {
            long slab = inner(extent, d);
            if (d < Grid.D - 1 && rows * slab > target) {
                continue; // one slab of this dimension is already too big: cut finer
            }
            long outer = outer(extent, d);
            int fit = (int) Math.max(1, Math.min(extent[d], target / Math.max(1, rows * slab)));
            int enough = (int) Math.max(1, extent[d] / ceilDiv(wantTiles, outer));
            int wide = (int) Math.min(extent[d], ceilDiv(minColumns, slab));
            int span = Math.max(1, Math.min(fit, Math.max(enough, wide)));
            span = filled(extent[d], slab, span, fit, outer, Math.min(wantTiles, outer * ceilDiv(extent[d], span)));
            boolean busy = outer * ceilDiv(extent[d], span) >= wantTiles;
            if (busy || d == Grid.D - 1 || slab < 2L * minColumns) {
                return new Tiling(extent, d, span);
            }
        }
        throw new AssertionError("the last dimension always accepts");
    }

    /**
     * Columns come to the GEMM in micro-tiles of {@link #MICRO_COLUMNS} (a tile's last, partial one
     * is computed whole): the span, between half and twice {@code span}, at most {@code fit} and
     * leaving at least {@code minTiles} tiles ({@code outer} ranges of the dimension), whose tiles
     * waste the fewest columns of their micro-tiles over the whole dimension, the closest to
     * {@code span} among equals. A 12x12x12 layer's tiles of 6 rows were 72 columns, two
     * micro-tiles and an eighth filled, its GEMMs 70% as fast as at 64 columns; 5 rows are 60.
     */
    static int filled(int extent, long slab, int span, int fit, long outer, long minTiles) {
        int best = span;
        double bestFill = fill(extent, slab, span);
        for (int s = Math.max(1, (span + 1) / 2); s <= Math.min(Math.min(fit, extent), 2 * span); s++) {
            if (outer * ceilDiv(extent, s) < minTiles) {
                break;
            }
            double f = fill(extent, slab, s);
            if (f > bestFill + 1e-9 || (f > bestFill - 1e-9 && Math.abs(s - span) < Math.abs(best - span))) {
                best = s;
                bestFill = f;
            }
        }
        return best;
    }

    /** The share of computed micro-tile columns that are real, for tiles of {@code span} indices of {@code slab} cells. */
    private static double fill(int extent, long slab, int span) {
        long whole = extent / span;
        long rest = extent % span;
        long computed = whole * ceilDiv(span * slab, MICRO_COLUMNS) * (long) MICRO_COLUMNS
                + (rest == 0 ? 0 : ceilDiv(rest * slab, MICRO_COLUMNS) * (long) MICRO_COLUMNS);
        return (double) extent * slab / computed;
    }

    /** Columns of the GEMM's micro-tile: 32 at 512 bits (16 at 256, so 32 is whole micro-tiles there too). */
    static final int MICRO_COLUMNS = 32;

    /** First index of tile {@code tile}'s range in dimension d. */
    int lo(int d, int tile) {
        int t = index(d, tile);
        return d == split ? t * span : d < split ? t : 0;
    }

    /** One past the last index of tile {@code tile}'s range in dimension d. */
    int hi(int d, int tile) {
        int t = index(d, tile);
        return d == split ? Math.min(extent[d], (t + 1) * span) : d < split ? t + 1 : extent[d];
    }

    /** The tile's index along dimension d. */
    int index(int d, int tile) {
        int t = tile;
        for (int e = Grid.D - 1; e > d; e--) {
            t /= count[e];
        }
        return t % count[d];
    }

    /** Tiles along dimension d. */
    int count(int d) {
        return count[d];
    }

    /** The tile at these per-dimension indices. */
    int tile(int t0, int t1, int t2) {
        return (t0 * count[1] + t1) * count[2] + t2;
    }

    /** Flat index of the tile's first small cell. */
    int firstCell(int tile) {
        return (lo(0, tile) * extent[1] + lo(1, tile)) * extent[2] + lo(2, tile);
    }

    /** Small cells in the tile. */
    int columns(int tile) {
        return (hi(split, tile) - lo(split, tile)) * inner(extent, split);
    }

    private static int inner(int[] extent, int d) {
        int v = 1;
        for (int e = d + 1; e < Grid.D; e++) {
            v *= extent[e];
        }
        return v;
    }

    private static long outer(int[] extent, int d) {
        long v = 1;
        for (int e = 0; e < d; e++) {
            v *= extent[e];
        }
        return v;
    }

    static int ceilDiv(long a, long b) {
        return (int) ((a + b - 1) / b);
    }

    @Override
    public String toString() {
        return tiles + " tiles of up to " + columns + " columns (dimension " + split + " in ranges of " + span + ")";
    }
}
