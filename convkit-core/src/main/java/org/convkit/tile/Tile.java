package org.convkit.tile;

/**
 * One piece of a tiled problem: the output cells it computes and the input cells it reads.
 *
 * @param index its place in the row-major order of the tiles, from 0
 * @param output the output box it computes (every batch entry and channel)
 * @param input the input window it reads
 */
public record Tile(int index, Box output, Window input) {
}
