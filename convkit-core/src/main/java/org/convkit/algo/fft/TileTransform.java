package org.convkit.algo.fft;

import org.convkit.fft.LineFft;

/**
 * The D-dimensional DFT of a block of tiles ({@link TileShape}) by the project's FFT: a
 * {@link LineFft} per axis, on lines gathered from the block's split rows into an interleaved
 * buffer and scattered back. The spectrum keeps the natural layout (frequency f_d where position
 * t_d was), so kernel and data spectra line up cell by cell. The last axis runs first, from the
 * natural block into the spectral one; the leading axes then run in place, {@link #LANES} lanes at
 * a time so that each visit to a row reads neighbouring values. The inverse retraces the steps
 * unscaled, leaving the block multiplied by the tile volume (kernel spectra carry the 1/volume,
 * so no pass is spent on it).
 *
 * <p>Holds one line buffer per lane: one instance per thread.
 */
final class TileTransform {
    /** Lanes gathered together along a leading axis: 8 doubles fill a 64-byte cache line. */
    static final int LANES = 8;

    private final TileShape shape;
    private final LineFft[] axes;
    private final double[][] lines;

    TileTransform(TileShape shape) {
        this.shape = shape;
        int[] t = shape.size;
        axes = new LineFft[t.length];
        int longest = 1;
        for (int d = 0; d < t.length; d++) {
            for (int e = 0; e < d; e++) {
                if (t[e] == t[d]) {
                    axes[d] = axes[e];
                }
            }
            if (axes[d] == null) {
                axes[d] = new LineFft(t[d]);
            }
            longest = Math.max(longest, t[d]);
        }
        lines = new double[LANES][2 * longest];
    }

    /** spectral := DFT(natural); natural is left as it was. */
    void forward(Block natural, Block spectral) {
        int last = shape.size.length - 1;
        LineFft fft = axes[last];
        double[] line = lines[0];
        for (int r = 0; r < natural.rows; r++) {
            gatherRow(natural.re[r], natural.im[r], line, natural.lanes);
            fft.forward(line, 0);
            scatterRow(line, spectral.re[r], spectral.im[r], natural.lanes);
        }
        leadingAxes(spectral, false);
    }

    /** natural := volume * IDFT(spectral); spectral is overwritten. */
    void inverse(Block spectral, Block natural) {
        leadingAxes(spectral, true);
        int last = shape.size.length - 1;
        LineFft fft = axes[last];
        double[] line = lines[0];
        for (int r = 0; r < spectral.rows; r++) {
            gatherRow(spectral.re[r], spectral.im[r], line, spectral.lanes);
            fft.inverseUnscaled(line, 0);
            scatterRow(line, natural.re[r], natural.im[r], spectral.lanes);
        }
    }

    /** Rows are {@code (m, t_0, ..., t_{D-2})}: axis d's lines run over t_d at stride inner rows. */
    private void leadingAxes(Block b, boolean inverse) {
        int[] t = shape.size;
        int outer = shape.tilesPerPart;
        int inner = shape.rowsPerTile;
        for (int d = 0; d < t.length - 1; d++) {
            inner /= t[d];
            if (t[d] > 1) {
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        int first = o * t[d] * inner + i;
                        for (int l0 = 0; l0 < b.lanes; l0 += LANES) {
                            column(b, axes[d], first, inner, t[d], l0, Math.min(LANES, b.lanes - l0), inverse);
                        }
                    }
                }
            }
            outer *= t[d];
        }
    }

    /** Lanes l0 .. l0 + count - 1 of the rows first, first + stride, ...: one line each. */
    private void column(Block b, LineFft fft, int first, int stride, int n, int l0, int count, boolean inverse) {
        for (int k = 0; k < n; k++) {
            double[] re = b.re[first + k * stride];
            double[] im = b.im[first + k * stride];
            for (int j = 0; j < count; j++) {
                lines[j][2 * k] = re[l0 + j];
                lines[j][2 * k + 1] = im[l0 + j];
            }
        }
        for (int j = 0; j < count; j++) {
            if (inverse) {
                fft.inverseUnscaled(lines[j], 0);
            } else {
                fft.forward(lines[j], 0);
            }
        }
        for (int k = 0; k < n; k++) {
            double[] re = b.re[first + k * stride];
            double[] im = b.im[first + k * stride];
            for (int j = 0; j < count; j++) {
                re[l0 + j] = lines[j][2 * k];
                im[l0 + j] = lines[j][2 * k + 1];
            }
        }
    }

    private static void gatherRow(double[] re, double[] im, double[] line, int n) {
        for (int k = 0; k < n; k++) {
            line[2 * k] = re[k];
            line[2 * k + 1] = im[k];
        }
    }

    private static void scatterRow(double[] line, double[] re, double[] im, int n) {
        for (int k = 0; k < n; k++) {
            re[k] = line[2 * k];
            im[k] = line[2 * k + 1];
        }
    }
}
