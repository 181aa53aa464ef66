/**
 * Output tiles and the input windows (halos) their geometry reads, so that a problem larger than
 * one array, one heap or one machine runs piece by piece with the same result.
 *
 * <p>A {@link org.convkit.tile.TiledOperation} ({@link org.convkit.tile.ConvTiles},
 * {@link org.convkit.tile.ConvTransposeTiles}, {@link org.convkit.tile.PoolTiles}) splits the
 * output's spatial extent into {@link org.convkit.tile.Box}es; each {@link org.convkit.tile.Tile}
 * names the input cells ({@link org.convkit.tile.Window}) it reads: the kernel's dilated extent,
 * stride-aligned, with the padding mode applied only at the array's true borders, so an inner
 * tile border reads the real neighbouring cells. {@link org.convkit.tile.TileRunner} reads each
 * window from a {@link org.convkit.tile.CellSource}, computes the tile with convkit's own
 * operations and writes it to a {@link org.convkit.tile.CellSink}: an array in memory or a file
 * window by window. {@link org.convkit.tile.BlendedDeconvolution} does the same for the
 * deconvolutions, whose inverse filters reach the whole signal, with overlapping tiles that blend.
 */
package org.convkit.tile;
