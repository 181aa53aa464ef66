package org.convkit.algo.gemm;

import java.util.ArrayList;
import java.util.List;

import org.convkit.spec.PaddingMode;

/**
 * Where zero padding makes taps dead: a GATHER's small cells cut into regions, along the first two
 * (normalized) dimensions, whose cells all read real big cells through the same taps, so that each
 * region multiplies only its live taps' rows of the lowered matrix. With a dilation of 18 on a 33x33
 * map (DeepLab's ASPP), 60% of a lowered matrix's entries are padding; on a 6x6x6 map with a 3x3x3
 * kernel, 30%.
 *
 * <p>The rows then go tap-major over those two dimensions ({@link #column}): the taps (t0, t1) of a
 * region are a rectangle, and its rows a few contiguous ranges of whole blocks of
 * {@code cbg * K2} rows, one per t0. A block is cut into {@link #sub} equal chunks, each packed
 * once as a GEMM operand, so a region's product is a chain of whole chunks. Every output sums its
 * live products in one fixed order that depends on the problem alone; a product with a padded cell
 * is left out, as the reference leaves it out (0 times an infinite weight is not added as NaN).
 *
 * <p>The last dimension keeps its dead taps: cutting it would break the rows of cells into
 * pieces too short for the GEMM.
 */
final class LiveTaps {
    /** A region's cells as one run of the flat volume, and its live weight taps [a0, b0) x [a1, b1). */
    record Piece(int first, int cells, int a0, int b0, int a1, int b1) {
        boolean dead() {
            return a0 >= b0 || a1 >= b1;
        }
    }

    /** Intervals of one dimension's small indices with the same live weight taps [lo, hi). */
    private record Span(int start, int end, int lo, int hi) {
    }

    private final Grid g;
    /** Rows of a (t0, t1) block: every big channel of the group at every tap of the last dimension. */
    final int block;
    /** Chunks per block, and rows per chunk (the last of a block may have fewer). */
    final int sub;
    final int chunkRows;
    private final List<Piece> pieces;
    /** Live share of the lowered matrix's entries. */
    final double live;

    private LiveTaps(Grid g, List<Piece> pieces, int sub, double live) {
        this.g = g;
        this.block = g.cbg * g.kernel[2];
        this.sub = sub;
        this.chunkRows = Tiling.ceilDiv(block, sub);
        this.pieces = pieces;
        this.live = live;
    }

    /** Regions pay where they save at least this share of the work (counted in micro-tiles). */
    static final double MIN_DEAD = 0.1;
    /** ... and a block has this many rows at least: shorter chunks are slivers of a GEMM. */
    static final int MIN_BLOCK_ROWS = 128;

    /**
     * The regions of a problem, cut into runs of at most {@code columns} cells and blocks into
     * chunks of at most {@code depth} rows; null where they would not pay (another padding mode,
     * few dead taps or pieces too short, short blocks).
     */
    static LiveTaps of(Grid g, int columns, int depth) {
        int block = g.cbg * g.kernel[2];
        if (g.mode != PaddingMode.ZEROS || block < MIN_BLOCK_ROWS) {
            return null;
        }
        List<Span> s0 = spans(g, 0);
        List<Span> s1 = spans(g, 1);
        int n1 = g.small[1];
        int w = g.small[2];
        List<Piece> pieces = new ArrayList<>();
        for (Span a : s0) {
            for (Span b : s1) {
                if (b.start == 0 && b.end == n1) {
                    // whole planes follow one another: one run over all of them
                    cut(pieces, a.start * n1 * w, (a.end - a.start) * n1 * w, a, b, columns);
                } else {
                    for (int o0 = a.start; o0 < a.end; o0++) {
                        cut(pieces, (o0 * n1 + b.start) * w, (b.end - b.start) * w, a, b, columns);
                    }
                }
            }
        }
        // the work in micro-tiles times the share of taps multiplied, against the plain runs: on
        // small maps the regions cut runs into pieces of a few cells, each a padded micro-tile (a
        // 6x6x6 map's 21% dead taps came back as 50% more micro-tiles, 1.9x the time)
        int taps = g.kernel[0] * g.kernel[1];
        double work = 0;
        long liveCells = 0;
        for (Piece piece : pieces) {
            double share = piece.dead() ? 0 : (double) (piece.b0 - piece.a0) * (piece.b1 - piece.a1) / taps;
            work += Tiling.ceilDiv(piece.cells, Tiling.MICRO_COLUMNS) * share;
            liveCells += Math.round(piece.cells * share * taps);
        }
        int volume = g.smallVolume;
        double plain = (double) (volume / columns) * Tiling.ceilDiv(columns, Tiling.MICRO_COLUMNS)
                + Tiling.ceilDiv(volume % columns, Tiling.MICRO_COLUMNS);
        if (work > (1 - MIN_DEAD) * plain) {
            return null;
        }
        double live = (double) liveCells / ((long) volume * taps);
        pieces.sort((x, y) -> Integer.compare(x.first, y.first));
        return new LiveTaps(g, List.copyOf(pieces), Tiling.ceilDiv(block, Math.max(1, depth)), live);
    }

    private static void cut(List<Piece> pieces, int first, int cells, Span a, Span b, int columns) {
        for (int c = 0; c < cells; c += columns) {
            pieces.add(new Piece(first + c, Math.min(columns, cells - c), a.lo, a.hi, b.lo, b.hi));
        }
    }

    /** The small indices of dimension d in intervals of the same live weight taps. */
    private static List<Span> spans(Grid g, int d) {
        List<Span> out = new ArrayList<>();
        int k = g.kernel[d];
        int start = 0;
        int lo = -1;
        int hi = -1;
        for (int o = 0; o < g.small[d]; o++) {
            // positions rise with the geometric tap: its live ones are one range
            int first = k;
            int last = -1;
            for (int t = 0; t < k; t++) {
                int i = g.position(d, o, t);
                if (i >= 0 && i < g.big[d]) {
                    first = Math.min(first, t);
                    last = t;
                }
            }
            // in weight order: reversed when the spec flips
            int l = first > last ? 0 : g.flip ? k - 1 - last : first;
            int h = first > last ? 0 : g.flip ? k - first : last + 1;
            if (o > 0 && (l != lo || h != hi)) {
                out.add(new Span(start, o, lo, hi));
                start = o;
            }
            lo = l;
            hi = h;
        }
        out.add(new Span(start, g.small[d], lo, hi));
        return out;
    }

    List<Piece> pieces() {
        return pieces;
    }

    /** Chunks per group: every block's. */
    int chunks() {
        return g.kernel[0] * g.kernel[1] * sub;
    }

    /** The first lowered row of chunk c (rows tap-major: block by block). */
    int chunkFirst(int c) {
        return c / sub * block + c % sub * chunkRows;
    }

    /** Rows of chunk c. */
    int chunkRowsOf(int c) {
        return Math.min(chunkRows, block - c % sub * chunkRows);
    }

    /** The first chunk of block (t0, t1). */
    int firstChunk(int t0, int t1) {
        return (t0 * g.kernel[1] + t1) * sub;
    }

    /**
     * The weight column (j * kv + t, as stored) of tap-major row r: block (t0, t1), then big channel j,
     * then tap t2 of the last dimension.
     */
    int column(int r) {
        int k2 = g.kernel[2];
        int t2 = r % k2;
        int j = r / k2 % g.cbg;
        int tt = r / block;
        return j * g.kernelVolume + tt * k2 + t2;
    }

    @Override
    public String toString() {
        return pieces.size() + " runs in regions of live taps (" + Math.round(live * 100) + "% of the taps live)";
    }
}
