package org.convkit.tile;

import org.convkit.Conv;
import org.convkit.ConvOptions;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/**
 * A convolution cut into output tiles. Output cells {@code [o0, o1)} of a dimension read the padded
 * input cells {@code [o0 s - p_b, (o1 - 1) s - p_b + d(k-1) + 1)}; the window holds exactly those,
 * each through the padding mode's rule (so only cells past the array's true borders are padding),
 * and the tile is the convolution of the window with no padding. Every output cell thus sums the
 * same products in the same order as the untiled convolution, and every tile runs the algorithm
 * the untiled problem runs (the one forced through {@link ConvOptions#withAlgorithm}, or the
 * planner's choice for the whole problem): the stitched result is bitwise the untiled one.
 */
public final class ConvTiles extends LayerTiles {
    private final ConvSpec tileSpec;

    /**
     * A tiled convolution.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weight {@code (Cout, Cin/groups, k...)}
     * @param bias {@code (Cout)}, or null
     * @param spec stride, padding, dilation, groups, padding mode, flip
     * @param options the algorithm (AUTO: the planner's choice for the whole problem) and threads of every tile
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public ConvTiles(int[] inputShape, Tensor weight, Tensor bias, ConvSpec spec, ConvOptions options) {
        super(ConvProblem.conv(inputShape, weight.shape(), spec), weight, bias,
                OneAlgorithm.fixed(options, o -> Conv.plan(inputShape, weight, spec, o)));
        this.tileSpec = spec.withPadding(Padding.of(0)).withPaddingMode(PaddingMode.ZEROS);
    }

    @Override
    public Window window(Box box) {
        Geometry g = problem.geometry();
        int[] n = g.input();
        int[] s = g.stride();
        int[] pb = g.padBefore();
        int[] start = box.start();
        int[] size = box.size();
        PaddingMode mode = problem.spec().paddingMode();
        int[][] cells = new int[n.length][];
        for (int d = 0; d < n.length; d++) {
            int span = Geometry.span(g.kernel()[d], g.dilation()[d]);
            int lo = start[d] * s[d] - pb[d];
            cells[d] = new int[(size[d] - 1) * s[d] + span];
            for (int i = 0; i < cells[d].length; i++) {
                cells[d][i] = mode.source(lo + i, n[d]);
            }
        }
        return new Window(cells);
    }

    /** Adds the lowered input (im2col) a GEMM tile builds: every kernel tap per output cell. */
    @Override
    public long tileBytes(Box box) {
        long taps = Tensor.numel(problem.weightShape()) / problem.outChannels();
        return super.tileBytes(box) + 4L * batch() * taps * box.volume();
    }

    @Override
    public Tensor compute(Tile tile, Tensor window) {
        return Conv.forward(window, weight, bias, tileSpec, options);
    }
}
