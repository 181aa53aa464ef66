package org.convkit.tile;

import org.convkit.ConvOptions;
import org.convkit.Pool;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;

/**
 * A pooling cut into output tiles. A tile's window holds the real input cells its windows cover;
 * the part of the true padding they reach becomes the tile's own padding (pooling's padding is not
 * a padding mode: it is skipped by max and counted or not by average), and the tile keeps the ceil
 * mode, so its last window is clipped where the untiled one is. Each output cell therefore sees the
 * same cells, padding and divisor as untiled: bitwise the same with the same algorithm.
 */
public final class PoolTiles implements TiledOperation {
    private final PoolProblem problem;
    private final PoolSpec spec;
    private final ConvOptions options;

    /**
     * A tiled pooling.
     *
     * @param inputShape {@code (N, C, spatial...)} or {@code (C, spatial...)}
     * @param spec kind, window, stride, padding, dilation, ceil mode, count_include_pad
     * @param options the threads each tile runs with
     * @throws IllegalArgumentException if the window does not fit the input
     */
    public PoolTiles(int[] inputShape, PoolSpec spec, ConvOptions options) {
        this.problem = PoolProblem.of(inputShape, spec);
        this.spec = spec;
        this.options = options;
    }

    @Override
    public int batch() {
        return problem.batch();
    }

    @Override
    public int inChannels() {
        return problem.channels();
    }

    @Override
    public int[] inputSpatial() {
        return problem.geometry().input();
    }

    @Override
    public int outChannels() {
        return problem.channels();
    }

    @Override
    public int[] outputSpatial() {
        return problem.geometry().output();
    }

    /**
     * Per dimension: the first real cell, the real cells, the padding before and after, and the
     * outputs computed before the tile's own (then dropped). A ceil-mode window clipped at the end
     * of the padding may leave a short last tile narrower than one window; it then starts that
     * many strides earlier, so that its sub-problem keeps the same alignment and clipping.
     */
    private int[][] reach(Box box) {
        Geometry g = problem.geometry();
        int dims = g.dims();
        int[][] r = new int[5][dims];
        for (int d = 0; d < dims; d++) {
            int n = g.input()[d];
            int s = g.stride()[d];
            int span = Geometry.span(g.kernel()[d], g.dilation()[d]);
            int hi = (box.start()[d] + box.size()[d] - 1) * s - g.padBefore()[d] + span;
            // a ceil-mode window may reach past the padding: the tile's ceil mode clips it there
            int after = Math.min(g.padAfter()[d], Math.max(0, hi - n));
            for (int early = 0; ; early++) {
                int lo = (box.start()[d] - early) * s - g.padBefore()[d];
                r[0][d] = Math.max(0, lo);
                r[1][d] = Math.min(n, hi) - r[0][d];
                r[2][d] = Math.max(0, -lo);
                r[3][d] = after;
                r[4][d] = early;
                if (r[1][d] + r[2][d] + r[3][d] >= span || early == box.start()[d]) {
                    break;
                }
            }
        }
        return r;
    }

    @Override
    public Window window(Box box) {
        int[][] r = reach(box);
        int[][] cells = new int[r[0].length][];
        for (int d = 0; d < cells.length; d++) {
            cells[d] = Window.range(r[0][d], r[0][d] + r[1][d]);
        }
        return new Window(cells);
    }

    @Override
    public Tensor compute(Tile tile, Tensor window) {
        int[][] r = reach(tile.output());
        PoolSpec tileSpec = spec.withStride(problem.geometry().stride()).withPadding(Padding.of(r[2], r[3]));
        Tensor out = Pool.forward(window, tileSpec, options);
        int[] expected = tile.output().size();
        boolean early = false;
        for (int d = 0; d < expected.length; d++) {
            early |= r[4][d] > 0;
        }
        if (early) {
            out = Blocks.slice(out, r[4], expected);
        }
        for (int d = 0; d < expected.length; d++) {
            if (out.size(d + 2) != expected[d]) {
                throw new IllegalStateException("pooling tile " + tile.output() + " produced " + out.size(d + 2)
                        + " cells in spatial dimension " + d + " instead of " + expected[d]);
            }
        }
        return out;
    }
}
