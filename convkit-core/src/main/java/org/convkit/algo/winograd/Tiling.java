package org.convkit.algo.winograd;

/**
 * The output of a {@link Correlation} cut into m x m tiles, numbered across the whole batch (image,
 * tile row, tile column), each read from an alpha x alpha input patch. Moves patches into the
 * element-major layout of {@link TileTransform} and finished tiles back out, cropping the tiles
 * that overhang the output's edge.
 *
 * <p>Patches are read from a band of padded input rows made for each run of tiles ({@link Band}),
 * the border read through the padding mode, so the per-tile loops have no bounds checks, every
 * padding mode costs the same, and no copy of the whole input is made.
 */
final class Tiling {
    final int m;
    final int alpha;
    final int tilesY;
    final int tilesX;
    final int perImage;
    final int total;
    private final Correlation c;
    /** The padded input's size, of which bands hold rows: the tiles' patches exactly. */
    final int paddedH;
    final int paddedW;
    private final int[] rowSource;
    private final boolean[] deadRow;
    private final boolean[] deadCol;

    Tiling(Correlation c, int m) {
        this.c = c;
        this.m = m;
        this.alpha = m + c.r - 1;
        tilesY = (c.outH + m - 1) / m;
        tilesX = (c.outW + m - 1) / m;
        perImage = tilesY * tilesX;
        total = Math.multiplyExact(perImage, c.batch);
        paddedH = tilesY * m + c.r - 1;
        paddedW = tilesX * m + c.r - 1;
        rowSource = new int[paddedH];
        for (int y = 0; y < paddedH; y++) {
            rowSource[y] = c.mode.source(y - c.padTop, c.inH);
        }
        deadRow = dead(c.outH, c.padTop, c.inH);
        deadCol = dead(c.outW, c.padLeft, c.inW);
    }

    /**
     * Outputs whose r taps all read padding zeros (padding of r or more): their exact value is the
     * bias, which is written as such, since the tile's transforms would leave rounding noise there
     * that no budget relative to their (empty) sum could allow. Null when there are none.
     */
    private boolean[] dead(int out, int pad, int n) {
        boolean[] dead = new boolean[out];
        boolean any = false;
        for (int o = 0; o < out; o++) {
            dead[o] = true;
            for (int k = 0; k < c.r; k++) {
                dead[o] &= c.mode.source(o - pad + k, n) < 0;
            }
            any |= dead[o];
        }
        return any ? dead : null;
    }

    /**
     * Padded rows [y0, y1) of input plane {@code plane} (image * inChannels + channel), row y at
     * {@code dst + (y - y0) * paddedW}, the border read through the padding mode, so that tiles need
     * no bounds checks.
     */
    private void padRows(float[] in, int plane, int y0, int y1, float[] padded, long dst) {
        int src = plane * c.inH * c.inW;
        int lo = Math.max(0, c.padLeft);
        int hi = Math.min(paddedW, c.inW + c.padLeft);
        for (int y = y0; y < y1; y++) {
            int row = Math.toIntExact(dst + (long) (y - y0) * paddedW);
            int sy = rowSource[y];
            if (sy < 0) {
                java.util.Arrays.fill(padded, row, row + paddedW, 0f);
                continue;
            }
            int srow = src + sy * c.inW;
            for (int x = 0; x < lo; x++) {
                int sx = c.mode.source(x - c.padLeft, c.inW);
                padded[row + x] = sx < 0 ? 0f : in[srow + sx];
            }
            if (hi > lo) {
                System.arraycopy(in, srow + lo - c.padLeft, padded, row + lo, hi - lo);
            }
            for (int x = Math.max(lo, hi); x < paddedW; x++) {
                int sx = c.mode.source(x - c.padLeft, c.inW);
                padded[row + x] = sx < 0 ? 0f : in[srow + sx];
            }
        }
    }

    /**
     * The band of a run of tiles: for each image the run touches, every channel's padded rows from
     * its first tile row to the last one's patch, {@code height} rows a channel (the most any image
     * of the run needs), so a run's patches are padded without a padded copy of the whole input.
     * {@code planeFloats} is the band's channel stride, which {@link #gather} takes.
     */
    record Band(int firstImage, int images, int height) {
        int planeFloats(Tiling t) {
            return height * t.paddedW;
        }

        long floats(Tiling t) {
            return (long) images * t.c.inChannels * height * t.paddedW;
        }
    }

    /** The band of tiles [first, first + count). */
    Band band(int first, int count) {
        int img0 = first / perImage;
        int img1 = (first + count - 1) / perImage;
        int height = 0;
        for (int img = img0; img <= img1; img++) {
            height = Math.max(height, (lastRow(img, first, count) - firstRow(img, first)) * m + alpha);
        }
        return new Band(img0, img1 - img0 + 1, height);
    }

    /** The first tile row of image img among tiles from {@code first} on. */
    private int firstRow(int img, int first) {
        return Math.max(0, first - img * perImage) / tilesX;
    }

    /** The last tile row of image img among tiles [first, first + count). */
    private int lastRow(int img, int first, int count) {
        return (Math.min(first + count, (img + 1) * perImage) - 1 - img * perImage) / tilesX;
    }

    /** The most floats the band of any run of {@code tiles} consecutive tiles (cut from tile 0 on) takes. */
    long mostBandFloats(int tiles) {
        long most = 0;
        for (int first = 0; first < total; first += tiles) {
            most = Math.max(most, band(first, Math.min(tiles, total - first)).floats(this));
        }
        return most;
    }

    /** Pads the band of tiles [first, first + count), which {@link #band} sized: every plane of it. */
    void padBand(float[] in, int first, int count, Band b, float[] band) {
        for (int plane = 0; plane < b.images() * c.inChannels; plane++) {
            padBand(in, first, count, b, band, plane);
        }
    }

    /** Pads plane {@code plane} (image in the band * inChannels + channel) of the band of tiles [first, first + count). */
    void padBand(float[] in, int first, int count, Band b, float[] band, int plane) {
        int img = b.firstImage() + plane / c.inChannels;
        int y0 = firstRow(img, first) * m;
        int y1 = lastRow(img, first, count) * m + alpha;
        padRows(in, img * c.inChannels + plane % c.inChannels, y0, y1, band, (long) plane * b.planeFloats(this));
    }

    /**
     * For tiles [first, first + count), read from their band {@code b}: in inBase the offset of each
     * tile's top-left cell in the band (channel 0 of its image); in outBase the offset of its top-left
     * output cell, or -1 when the tile overhangs the output or holds a dead cell.
     */
    void locate(int first, int count, Band b, int[] inBase, int[] outBase) {
        for (int t = 0; t < count; t++) {
            int tile = first + t;
            int img = tile / perImage;
            int rest = tile - img * perImage;
            int ty = rest / tilesX;
            int tx = rest - ty * tilesX;
            inBase[t] = ((img - b.firstImage()) * c.inChannels * b.height() + (ty - firstRow(img, first)) * m) * paddedW
                    + tx * m;
            boolean full = (ty + 1) * m <= c.outH && (tx + 1) * m <= c.outW && !anyDead(ty, tx);
            outBase[t] = full ? img * c.outChannels * c.outH * c.outW + ty * m * c.outW + tx * m : -1;
        }
    }

    private boolean anyDead(int ty, int tx) {
        for (int i = 0; i < m; i++) {
            if (deadRow != null && ty * m + i < c.outH && deadRow[ty * m + i]
                    || deadCol != null && tx * m + i < c.outW && deadCol[tx * m + i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Patches of tiles [t0, t0 + count) of the batch located by {@link #locate}, every input
     * channel, into the alpha^2 rows of d (row i * alpha + j holds patch cell (i, j); tile t of
     * channel ch in column t * inChannels + ch), from their band, whose channel planes are
     * {@code plane} floats apart ({@link Band#planeFloats}).
     */
    void gather(float[] band, int plane, int t0, int count, int[] inBase, float[][] d) {
        int cin = c.inChannels;
        for (int i = 0; i < alpha; i++) {
            for (int j = 0; j < alpha; j++) {
                float[] row = d[i * alpha + j];
                int rel = i * paddedW + j;
                for (int t = t0; t < t0 + count; t++) {
                    int src = inBase[t] + rel;
                    int col = t * cin;
                    for (int ch = 0; ch < cin; ch++) {
                        row[col + ch] = band[src + ch * plane];
                    }
                }
            }
        }
    }

    /**
     * Finished tiles [t0, t0 + count) of the batch starting at tile {@code first}, every output
     * channel, from the m^2 rows of y (row i * m + j holds tile cell (i, j); tile t of channel co in
     * column t * outChannels + co), plus the bias, into out; outBase from {@link #locate}.
     */
    void scatter(float[][] y, float[] out, float[] bias, int first, int t0, int count, int[] outBase) {
        move(false, y, out, bias, first, t0, count, outBase);
    }

    /**
     * The inverse of {@link #scatter} for a weight gradient: tiles [t0, t0 + count) of the output's
     * gradient {@code out}, every output channel, into the m^2 rows of y, with zeros where a tile
     * overhangs the output and at dead cells (which no weight reads, so they add nothing).
     */
    void gatherOutput(float[] out, int first, int t0, int count, int[] outBase, float[][] y) {
        move(true, y, out, null, first, t0, count, outBase);
    }

    /** Tiles between y's rows and out, one way or the other: whole tiles first, then the edge tiles. */
    private void move(boolean gather, float[][] y, float[] out, float[] bias, int first, int t0, int count,
                      int[] outBase) {
        int plane = c.outH * c.outW;
        int cout = c.outChannels;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                float[] row = y[i * m + j];
                int rel = i * c.outW + j;
                for (int t = t0; t < t0 + count; t++) {
                    int b = outBase[t];
                    if (b < 0) {
                        continue;
                    }
                    int col = t * cout;
                    for (int co = 0; co < cout; co++) {
                        if (gather) {
                            row[col + co] = out[b + rel + co * plane];
                        } else {
                            out[b + rel + co * plane] = row[col + co] + (bias == null ? 0f : bias[co]);
                        }
                    }
                }
            }
        }
        for (int t = t0; t < t0 + count; t++) {
            if (outBase[t] < 0) {
                for (int co = 0; co < cout; co++) {
                    edge(gather, y, t * cout + co, out, co, bias == null ? 0f : bias[co], first + t);
                }
            }
        }
    }

    /**
     * One channel of a tile that overhangs the output (cropped) or holds dead cells: a scatter
     * writes the cells inside the output, dead ones getting the bias alone; a gather reads them, and
     * zeros for the rest.
     */
    private void edge(boolean gather, float[][] y, int col, float[] out, int co, float bias, int tile) {
        int img = tile / perImage;
        int rest = tile - img * perImage;
        int ty = rest / tilesX;
        int tx = rest - ty * tilesX;
        int rows = Math.min(m, c.outH - ty * m);
        int cols = Math.min(m, c.outW - tx * m);
        int base = (img * c.outChannels + co) * c.outH * c.outW + ty * m * c.outW + tx * m;
        for (int i = 0; i < m; i++) {
            boolean deadY = deadRow != null && i < rows && deadRow[ty * m + i];
            for (int j = 0; j < m; j++) {
                boolean inside = i < rows && j < cols;
                boolean dead = deadY || inside && deadCol != null && deadCol[tx * m + j];
                if (gather) {
                    y[i * m + j][col] = inside && !dead ? out[base + i * c.outW + j] : 0f;
                } else if (inside) {
                    out[base + i * c.outW + j] = dead ? bias : y[i * m + j][col] + bias;
                }
            }
        }
    }
}
