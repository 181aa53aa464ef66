package org.convkit.algo.pool;

import org.convkit.runtime.Parallel;
import org.convkit.algo.reference.Lattice;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;

/**
 * Max and average pooling and their backward passes on float arrays (batched NCL / NCHW / NCDHW
 * maps, any kernel, stride, dilation (for averages too, as ONNX defines them: forward only),
 * asymmetric padding up to the window's span less one, ceil_mode, count_include_pad). The forward
 * passes are separable reductions over whole rows on the vector kernels (see
 * {@link PoolForward}); average backward is a gather over the same windows ({@link AvgBackward});
 * max backward routes each gradient to its argmax. Work is split between threads over (n, c) maps
 * and rows, and every output's arithmetic depends only on the problem, so results are the same bits
 * for any thread count. Calls on little data run on the calling thread.
 *
 * <p>Error budgets, against {@link org.convkit.algo.reference.ReferencePool} (double), with
 * u = 2^-24:
 * <ul>
 * <li>max pooling: exact. Values, argmax indices, signed zeros and NaN payloads are the
 * reference's: per window the first largest value in row-major order, or the last NaN.
 * <li>average pooling: {@code |y - exact| <= (m + 3) u sum|x| / divisor} per output, m the
 * window's real cells, c = m + 3 because: the vertical pass sums the window's m01 real rows in float
 * and multiplies once by 1/(the divisor's factors in dimensions 0 and 1), the horizontal pass sums
 * its m2 real columns and multiplies once by 1/(the factor in dimension 2); each factor is one
 * rounding, so (m01 - 1) + 2 + (m2 - 1) + 2 roundings, and m01 + m2 &lt;= m01 * m2 + 1 = m + 1.
 * Windows reduced directly (whole rows: global pooling) take m - 1 additions and the same two
 * factors, m + 3 roundings at most. The
 * result does not match the double reference bit for bit. A float sum can overflow where the double
 * one does not: inputs within a factor m of the float range's end are outside the budget.
 * <li>average backward: {@code |gx - exact| <= (c + 4) u sum over covering windows |gy| / divisor},
 * c the most windows that cover a cell, the product of ceil(k/s): a chain over the covering output
 * rows (each gradient times its row factor), one rounding each for the column factor and its
 * product, a sum over the covering columns (n + c2 &lt;= c + 1 as above).
 * <li>max backward: each cell sums the gradients routed to it in output order, in float: within
 * (r - 1) u sum|gy| of the exact sum for r gradients routed to it (r = 1 when windows do not
 * overlap: exact).
 * </ul>
 */
public final class DirectPool {
    private DirectPool() {
    }

    /**
     * Why the forward kernels do not take a problem, or null when they do. They reduce max and
     * average windows, dilated ones included (ONNX's dilated averages step their taps as max pooling
     * does); Lp pooling (a power and a root per window) is left to the reference, which
     * {@link org.convkit.Pool} then runs.
     *
     * @param p the pooling problem
     * @return the reason, as a phrase ("Lp pooling"), or null
     */
    public static String declines(PoolProblem p) {
        return p.spec().kind() == PoolSpec.Kind.LP ? "Lp pooling (ONNX's LpPool)" : null;
    }

    /**
     * Why the backward kernels do not take a problem, or null when they do: besides what
     * {@link #declines} says, average backward's gather covers contiguous windows only, so dilated
     * averages (ONNX's; PyTorch has none, and ONNX only runs them forward) go to the reference.
     *
     * @param p the pooling problem
     * @return the reason, as a phrase, or null
     */
    public static String declinesBackward(PoolProblem p) {
        String forward = declines(p);
        if (forward != null || p.spec().kind() != PoolSpec.Kind.AVG) {
            return forward;
        }
        for (int d : p.geometry().dilation()) {
            if (d != 1) {
                return "the backward pass of average pooling with dilation "
                        + java.util.Arrays.toString(p.geometry().dilation());
            }
        }
        return null;
    }

    /**
     * Max pooling: values into y, argmax (flat within each map) into indices, which may be null when
     * only the values are wanted. The result is the reference's, bit for bit: per window, the first
     * largest value in row-major order, or the last NaN, and its index.
     *
     * <p>The values are reduced with {@code Math.max}, which differs from the reference rule only for
     * a zero (whose sign the first zero decides) or a NaN (whose bits the last NaN decides); only
     * those windows are walked again tap by tap, and, when indices are wanted, each window is walked
     * up to the first tap holding its max.
     */
    public static void max(PoolProblem p, float[] x, float[] y, int[] indices, int threads) {
        new PoolForward(new Windows(p), indices != null).run(x, y, indices, threads);
    }

    /** Average pooling, within the budget in the class comment. */
    public static void avg(PoolProblem p, float[] x, float[] y, int threads) {
        new PoolForward(new Windows(p), false).run(x, y, null, threads);
    }

    /**
     * The forward pass of one problem, without indices, prepared once: its windows, the path it
     * takes and that path's tables, made here and not on every call.
     *
     * @param p the pooling problem (max or average)
     * @return the prepared pass, immutable and thread-safe; its results are {@link #max}'s or {@link #avg}'s bits
     */
    public static Forward prepare(PoolProblem p) {
        return new Forward(new PoolForward(new Windows(p), false));
    }

    /** A forward pass prepared by {@link #prepare}. */
    public static final class Forward {
        private final PoolForward pass;

        private Forward(PoolForward pass) {
            this.pass = pass;
        }

        /**
         * Pools x into y.
         *
         * @param x the input maps, batched
         * @param y the output maps, overwritten
         * @param threads threads at most
         */
        public void run(float[] x, float[] y, int threads) {
            pass.run(x, y, null, threads);
        }
    }

    /**
     * Routes each output gradient to its argmax, in output order per map; gx is overwritten. An
     * output whose window holds no input cell (possible with dilation on a small input; its value is
     * -infinity and its index lies outside the map) routes its gradient nowhere.
     */
    public static void maxBackward(PoolProblem p, float[] gy, int[] indices, float[] gx, int threads) {
        int maps = p.batch() * p.channels();
        Lattice l = new Lattice(p.geometry());
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        long floats = (long) maps * (bv + sv);
        Parallel.forEach(maps, floats < PoolForward.INLINE_FLOATS ? 1 : threads, pl -> {
            int xb = pl * bv;
            java.util.Arrays.fill(gx, xb, xb + bv, 0f);
            for (int o = pl * sv, end = o + sv; o < end; o++) {
                int at = indices[o];
                // a dilated window can miss a small input entirely: its -infinity depends on no cell
                if (at >= 0 && at < bv) {
                    gx[xb + at] += gy[o];
                }
            }
        });
    }

    /** Spreads each output gradient over its window's real cells, divided like the forward pass; gx is overwritten. */
    public static void avgBackward(PoolProblem p, float[] gy, float[] gx, int threads) {
        String declined = declinesBackward(p);
        if (declined != null) {
            throw new IllegalArgumentException("the direct pooling kernels do not take " + declined
                    + "; run it through org.convkit.Pool, which uses the reference");
        }
        new AvgBackward(new Windows(p), gy, gx).run(threads);
    }
}
