package org.convkit.tile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.convkit.ConvOptions;
import org.convkit.ConvTranspose;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/**
 * A transposed convolution cut into output tiles. It is the adjoint of the padded convolution:
 * the input scatters into the padded output ({@code z}), then the padding folds back onto the
 * cells the padding mode copied it from. So an output tile {@code [j0, j1)} of a dimension is made
 * of runs of padded cells: its own cells {@code [j0 + p_b, j1 + p_b)} and, for a padding mode other
 * than zeros, the border cells that fold onto it. Each run of padded cells is a transposed
 * convolution of the input cells that reach it (those {@code i} with
 * {@code i s + k d} inside the run), cropped to the run by its own padding and output padding.
 *
 * <p>Every tile runs the algorithm the untiled problem runs (the one forced, or the planner's
 * choice for the whole problem). With zeros, a tile is one such run per dimension: one transposed
 * convolution that adds the same products in the same order as the untiled one, bitwise with the
 * reference engine and the depthwise kernel; the GEMM scatter (its col2im) rounds its partial sums
 * differently once the window moves, within its budget (1 ulp seen). With another
 * mode, a tile at a true border adds the folded runs after its own, so its border cells are rounded
 * more than once: equal within the algorithm's budget, not bitwise; inner tiles stay bitwise.
 */
public final class ConvTransposeTiles extends LayerTiles {
    private final ConvSpec spec;

    /**
     * A tiled transposed convolution.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weight {@code (Cin, Cout/groups, k...)}
     * @param bias {@code (Cout)}, or null
     * @param spec stride, padding, dilation, groups, padding mode, flip, output padding
     * @param options the algorithm (AUTO: the planner's choice for the whole problem) and threads of every tile
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public ConvTransposeTiles(int[] inputShape, Tensor weight, Tensor bias, ConvSpec spec, ConvOptions options) {
        super(ConvProblem.convTranspose(inputShape, weight.shape(), spec), weight, bias,
                OneAlgorithm.fixed(options, o -> ConvTranspose.plan(inputShape, weight, spec, o)));
        // each tile sets its own crop and output padding: a requested output size is resolved once, here
        this.spec = spec.withResolvedPadding(problem.geometry()).withPaddingMode(PaddingMode.ZEROS);
    }

    /**
     * Padded output cells {@code [start, start + dest.length)} of one dimension, the tile cell each
     * folds onto, and the input cells {@code [in0, in1)} that reach them, with the crop that makes
     * the transposed convolution of those inputs produce exactly this run.
     */
    private record Run(int start, int[] dest, int in0, int in1, int cropBefore, int cropAfter, int extra) {
    }

    private List<List<Run>> runs(Box box) {
        Geometry g = problem.geometry();
        PaddingMode mode = problem.spec().paddingMode();
        List<List<Run>> all = new ArrayList<>();
        for (int d = 0; d < g.dims(); d++) {
            int j0 = box.start()[d];
            int j1 = j0 + box.size()[d];
            int pb = g.padBefore()[d];
            int n = g.output()[d];
            List<Run> runs = new ArrayList<>();
            runs.add(run(g, d, j0 + pb, Window.range(0, j1 - j0)));
            if (mode != PaddingMode.ZEROS) {
                int padded = n + pb + g.padAfter()[d];
                int p = 0;
                while (p < padded) {
                    if (p == pb) {
                        p = n + pb; // the tile's own cells are the first run
                        continue;
                    }
                    int first = p;
                    List<Integer> dest = new ArrayList<>();
                    while (p < padded && (p < pb || p >= n + pb) && inTile(mode.source(p - pb, n), j0, j1)) {
                        dest.add(mode.source(p - pb, n) - j0);
                        p++;
                    }
                    if (dest.isEmpty()) {
                        p++;
                    } else {
                        runs.add(run(g, d, first, dest.stream().mapToInt(Integer::intValue).toArray()));
                    }
                }
            }
            all.add(runs);
        }
        return all;
    }

    private static boolean inTile(int j, int j0, int j1) {
        return j >= j0 && j < j1;
    }

    /** The input cells reaching padded cells {@code [start, start + dest.length)}, and the crop. */
    private Run run(Geometry g, int d, int start, int[] dest) {
        int m = g.input()[d];
        int s = g.stride()[d];
        int span = Geometry.span(g.kernel()[d], g.dilation()[d]);
        int length = dest.length;
        // the first input whose taps reach start, but none past it, so the crop before stays >= 0
        int in0 = Math.max(0, Math.min(Math.floorDiv(start - span + 1 + s - 1, s), Math.floorDiv(start, s)));
        in0 = Math.min(in0, m - 1);
        int in1 = Math.min(m, Math.floorDiv(start + length - 1, s) + 1);
        in1 = Math.max(in1, in0 + 1);
        int cropBefore = start - in0 * s;
        int rest = (in1 - in0 - 1) * s + span - cropBefore - length;
        // past the last input's reach (output padding, or a stride wider than the kernel) the run
        // is completed by output padding, which is below the stride there
        return new Run(start, dest, in0, in1, cropBefore, Math.max(rest, 0), Math.max(-rest, 0));
    }

    /** Adds the columns a GEMM tile scatters from: every kernel tap of every input cell. */
    @Override
    public long tileBytes(Box box) {
        long taps = Tensor.numel(problem.weightShape()) / problem.inChannels();
        return super.tileBytes(box) + 4L * batch() * taps * window(box).volume();
    }

    @Override
    public Window window(Box box) {
        List<List<Run>> runs = runs(box);
        int[][] cells = new int[runs.size()][];
        for (int d = 0; d < cells.length; d++) {
            TreeSet<Integer> union = new TreeSet<>();
            for (Run r : runs.get(d)) {
                for (int i = r.in0(); i < r.in1(); i++) {
                    union.add(i);
                }
            }
            cells[d] = union.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Window(cells);
    }

    @Override
    public Tensor compute(Tile tile, Tensor window) {
        List<List<Run>> runs = runs(tile.output());
        int dims = runs.size();
        int[][] cells = new int[dims][];
        int combos = 1;
        for (int d = 0; d < dims; d++) {
            cells[d] = tile.input().cells(d);
            combos *= runs.get(d).size();
        }
        if (combos == 1) {
            return part(window, cells, first(runs), bias);
        }
        int[] outShape = new int[dims + 2];
        outShape[0] = problem.batch();
        outShape[1] = problem.outChannels();
        System.arraycopy(tile.output().size(), 0, outShape, 2, dims);
        float[] out = new float[Math.toIntExact(Tensor.numel(outShape))];
        int[] pick = new int[dims];
        for (int c = 0; c < combos; c++) {
            Run[] chosen = new Run[dims];
            int[][] dest = new int[dims][];
            for (int d = 0; d < dims; d++) {
                chosen[d] = runs.get(d).get(pick[d]);
                dest[d] = chosen[d].dest();
            }
            // the tile's own cells (every run the first) carry the bias, once per cell
            Tensor z = part(window, cells, chosen, c == 0 ? bias : null);
            Blocks.addMapped(out, tile.output().size(), z, dest);
            for (int d = dims - 1; d >= 0 && ++pick[d] == runs.get(d).size(); d--) {
                pick[d] = 0;
            }
        }
        return Tensor.of(out, outShape);
    }

    private static Run[] first(List<List<Run>> runs) {
        Run[] r = new Run[runs.size()];
        for (int d = 0; d < r.length; d++) {
            r[d] = runs.get(d).get(0);
        }
        return r;
    }

    /** The padded cells of one run per dimension, from the window's slice of their inputs. */
    private Tensor part(Tensor window, int[][] cells, Run[] runs, Tensor withBias) {
        int dims = runs.length;
        int[] start = new int[dims];
        int[] size = new int[dims];
        int[] before = new int[dims];
        int[] after = new int[dims];
        int[] extra = new int[dims];
        boolean whole = true;
        for (int d = 0; d < dims; d++) {
            start[d] = Arrays.binarySearch(cells[d], runs[d].in0());
            size[d] = runs[d].in1() - runs[d].in0();
            whole &= start[d] == 0 && size[d] == cells[d].length;
            before[d] = runs[d].cropBefore();
            after[d] = runs[d].cropAfter();
            extra[d] = runs[d].extra();
        }
        Tensor in = whole ? window : Blocks.slice(window, start, size);
        ConvSpec s = spec.withPadding(Padding.of(before, after)).withOutputPadding(extra);
        return ConvTranspose.forward(in, weight, withBias, s, options);
    }
}
