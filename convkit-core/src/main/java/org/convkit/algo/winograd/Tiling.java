package org.convkit.algo.winograd;

/**
 * The output of a {@link Correlation} cut into m x m tiles, numbered across the whole batch (image,
 * tile row, tile column), each read from an alpha x alpha input patch. Moves patches into the
 * element-major layout of {@link TileTransform} and finished tiles back out, cropping the tiles
 * that overhang the output's edge.
 *
 * <p>Which input row and column each patch cell reads is worked out once, through the padding mode
 * (-1 for a zero), so reflect, replicate and circular padding cost nothing extra per tile.
 */
final class Tiling {
    final int m;
    final int alpha;
    final int tilesY;
    final int tilesX;
    final int perImage;
    final int total;
    private final Correlation c;
    private final int[] rowSource;
    private final int[] colSource;
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
        rowSource = sources(tilesY, c.padTop, c.inH);
        colSource = sources(tilesX, c.padLeft, c.inW);
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

    private int[] sources(int tiles, int pad, int n) {
        int[] s = new int[tiles * alpha];
        for (int t = 0; t < tiles; t++) {
            for (int i = 0; i < alpha; i++) {
                s[t * alpha + i] = c.mode.source(t * m - pad + i, n);
            }
        }
        return s;
    }

    /** Patches of input channel ci for tiles [first, first + count) into d, leading dimension ld. */
    void gather(float[] in, int ci, int first, int count, float[] d, int ld) {
        int plane = c.inH * c.inW;
        for (int t = 0; t < count; t++) {
            int tile = first + t;
            int img = tile / perImage;
            int rest = tile - img * perImage;
            int ty = rest / tilesX;
            int tx = rest - ty * tilesX;
            int base = (img * c.inChannels + ci) * plane;
            for (int i = 0; i < alpha; i++) {
                int row = rowSource[ty * alpha + i];
                int at = i * alpha * ld + t;
                if (row < 0) {
                    for (int j = 0; j < alpha; j++) {
                        d[at + j * ld] = 0f;
                    }
                    continue;
                }
                int rowBase = base + row * c.inW;
                for (int j = 0; j < alpha; j++) {
                    int col = colSource[tx * alpha + j];
                    d[at + j * ld] = col < 0 ? 0f : in[rowBase + col];
                }
            }
        }
    }

    /** Finished m x m tiles of output channel co (plus its bias) from y, leading dimension ld, into out. */
    void scatter(float[] y, int ld, float[] out, int co, float bias, int first, int count) {
        int plane = c.outH * c.outW;
        for (int t = 0; t < count; t++) {
            int tile = first + t;
            int img = tile / perImage;
            int rest = tile - img * perImage;
            int ty = rest / tilesX;
            int tx = rest - ty * tilesX;
            int rows = Math.min(m, c.outH - ty * m);
            int cols = Math.min(m, c.outW - tx * m);
            int base = (img * c.outChannels + co) * plane + ty * m * c.outW + tx * m;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[base + i * c.outW + j] = y[(i * m + j) * ld + t] + bias;
                }
            }
            if (deadRow != null || deadCol != null) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        if (deadRow != null && deadRow[ty * m + i] || deadCol != null && deadCol[tx * m + j]) {
                            out[base + i * c.outW + j] = bias;
                        }
                    }
                }
            }
        }
    }
}
