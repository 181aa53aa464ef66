package org.convkit.algo.pool;

import org.convkit.algo.reference.Lattice;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;

/**
 * A pooling's windows along each of the three normalized dimensions, worked out once per call: for
 * output o in dimension d, the first real input cell of its window, how many real taps it has
 * (stepping the dilation), and, for average pooling, the factor of its divisor in that dimension.
 * A window is a product of its per-dimension tap sets, so these tables describe every window, and
 * the reductions (max, sum) can run one dimension at a time.
 */
final class Windows {
    final Lattice l;
    final boolean max;
    final int maps;
    final int inMap;
    final int outMap;
    /** First real input cell of window o in dimension d. */
    final int[][] first = new int[Lattice.D][];
    /** Real taps of window o in dimension d: cells first, first + dilation, ... */
    final int[][] count = new int[Lattice.D][];
    /** Average pooling: the divisor's factor (real cells, or cells inside the padded input). */
    final int[][] divisor = new int[Lattice.D][];
    /** Outputs [innerLo, innerHi) of each dimension have all their taps real. */
    final int[] innerLo = new int[Lattice.D];
    final int[] innerHi = new int[Lattice.D];
    private final float[] columnScales;
    private final float[] rowScales;

    Windows(PoolProblem p) {
        String declined = DirectPool.declines(p);
        if (declined != null) {
            throw new IllegalArgumentException("the direct pooling kernels do not take " + declined
                    + "; run it through org.convkit.Pool, which uses the reference");
        }
        l = new Lattice(p.geometry());
        max = p.spec().kind() == PoolSpec.Kind.MAX;
        boolean includePad = p.spec().countIncludePad();
        maps = p.batch() * p.channels();
        inMap = l.bigVolume();
        outMap = l.smallVolume();
        int[] lo = new int[Lattice.D];
        int[] hi = new int[Lattice.D];
        for (int d = 0; d < Lattice.D; d++) {
            int n = l.small[d];
            first[d] = new int[n];
            count[d] = new int[n];
            divisor[d] = new int[n];
            innerLo[d] = n;
            innerHi[d] = 0;
            for (int o = 0; o < n; o++) {
                int c;
                if (max) {
                    l.maxTaps(d, o, lo, hi);
                    c = l.taps(d, lo, hi);
                } else {
                    long extent = l.avgCells(d, o, lo, hi);
                    c = l.taps(d, lo, hi);
                    divisor[d][o] = includePad ? (int) extent : c;
                }
                first[d][o] = lo[d];
                count[d][o] = c;
                if (c == l.kernel[d]) {
                    innerLo[d] = Math.min(innerLo[d], o);
                    innerHi[d] = o + 1;
                }
            }
            if (innerLo[d] >= innerHi[d]) {
                innerLo[d] = 0;
                innerHi[d] = 0;
            }
        }
        rowScales = new float[max ? 0 : l.small[0] * l.small[1]];
        for (int o0 = 0; o0 < l.small[0] && !max; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                long div = (long) divisor[0][o0] * divisor[1][o1];
                // no real tap (only with dilation, without count_include_pad): a mean of nothing, NaN as the reference
                rowScales[o0 * l.small[1] + o1] = div == 0 ? Float.NaN : (float) (1.0 / div);
            }
        }
        columnScales = new float[l.small[2]];
        for (int o2 = 0; o2 < l.small[2]; o2++) {
            int div = divisor[2][o2];
            columnScales[o2] = div == 0 ? Float.NaN : (float) (1.0 / div);
        }
    }

    /** Whether output o of dimension d has all its taps real. */
    boolean inner(int d, int o) {
        return o >= innerLo[d] && o < innerHi[d];
    }

    /** The step between taps in dimension d: the dilation. */
    int step(int d) {
        return l.dilation[d];
    }

    /**
     * Average pooling: 1 / (divisor factors of dimensions 0 and 1), from the exact product, so
     * that a row's sum times it times the column's factor is the average within a few roundings.
     */
    float rowScale(int o0, int o1) {
        return rowScales[o0 * l.small[1] + o1];
    }

    /** Average pooling: 1 / the divisor factor of column o2. */
    float columnScale(int o2) {
        return columnScales[o2];
    }

    /** Input rows per input map, output rows per output map (a row runs along dimension 2). */
    int inRows() {
        return l.big[0] * l.big[1];
    }

    int outRows() {
        return l.small[0] * l.small[1];
    }
}
