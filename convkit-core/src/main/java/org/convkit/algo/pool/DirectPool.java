package org.convkit.algo.pool;

import org.convkit.runtime.Parallel;
import org.convkit.algo.reference.Lattice;
import org.convkit.spec.PoolProblem;

/**
 * Max and average pooling and their backward passes on float arrays, parallel over the (n, c)
 * maps. The forward passes visit each window in the reference engine's order and average in double,
 * so their results equal {@link org.convkit.algo.reference.ReferencePool}'s bit for bit; the backward
 * passes add in float within one map (one task), so they are deterministic for any thread count and
 * differ from the double reference by at most the float rounding of the few windows overlapping a
 * cell.
 */
public final class DirectPool {
    private DirectPool() {
    }

    /**
     * Max pooling: values into y, argmax (flat within each map) into indices, which may be null when
     * only the values are wanted. The result is the reference's, bit for bit: per window, the first
     * largest value in row-major order, or the last NaN, and its index.
     *
     * <p>The loops run a whole row of outputs per tap: for window row (i0, i1) and column tap k2, one
     * loop over the outputs o2 whose tap k2 is in range. A loop per window would run kernel-width
     * iterations, a size the JIT's loop shapes handle badly, and its compare-and-replace branch is
     * unpredictable (the JIT compiles a float select as a branch too). So the values are taken with
     * {@code Math.max}, which compiles without branches, and only the windows where it can differ from
     * the reference rule (a zero, whose sign depends on which came first, or a NaN, whose bits do) are
     * done again tap by tap; indices, when wanted, are the first tap holding the value (the last NaN).
     */
    public static void max(PoolProblem p, float[] x, float[] y, int[] indices, int threads) {
        Lattice l = new Lattice(p.geometry());
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        int n2 = l.small[2];
        // per dimension, each window's first tap and end (exclusive), worked out once
        int[][] lo = new int[Lattice.D][];
        int[][] hi = new int[Lattice.D][];
        int[] a = new int[Lattice.D];
        int[] b = new int[Lattice.D];
        for (int d = 0; d < Lattice.D; d++) {
            lo[d] = new int[l.small[d]];
            hi[d] = new int[l.small[d]];
            for (int o = 0; o < l.small[d]; o++) {
                l.maxTaps(d, o, a, b);
                lo[d][o] = a[d];
                hi[d][o] = b[d];
            }
        }
        // the outputs [from[k2], to[k2]) whose column tap k2 reads a real cell
        int[] from = new int[l.kernel[2]];
        int[] to = new int[l.kernel[2]];
        for (int k2 = 0; k2 < l.kernel[2]; k2++) {
            from[k2] = n2;
            for (int o2 = 0; o2 < n2; o2++) {
                int i2 = l.position(2, o2, k2);
                if (i2 >= 0 && i2 < l.big[2]) {
                    from[k2] = Math.min(from[k2], o2);
                    to[k2] = o2 + 1;
                }
            }
        }
        int b1 = l.big[1];
        int b2 = l.big[2];
        int s2 = l.stride[2];
        Parallel.forEach(p.batch() * p.channels(), threads, pl -> {
            int xb = pl * bv;
            float[] best = new float[n2];
            for (int o0 = 0; o0 < l.small[0]; o0++) {
                for (int o1 = 0; o1 < l.small[1]; o1++) {
                    java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
                    for (int i0 = lo[0][o0]; i0 < hi[0][o0]; i0 += l.dilation[0]) {
                        for (int i1 = lo[1][o1]; i1 < hi[1][o1]; i1 += l.dilation[1]) {
                            int row = xb + (i0 * b1 + i1) * b2;
                            for (int k2 = 0; k2 < l.kernel[2]; k2++) {
                                int i2 = row + l.position(2, from[k2], k2);
                                for (int o2 = from[k2]; o2 < to[k2]; o2++, i2 += s2) {
                                    best[o2] = Math.max(best[o2], x[i2]);
                                }
                            }
                        }
                    }
                    int o = pl * sv + (o0 * l.small[1] + o1) * n2;
                    for (int o2 = 0; o2 < n2; o2++) {
                        float m = best[o2];
                        boolean settled = m != 0f && m == m;
                        if (settled && indices == null) {
                            y[o + o2] = m;
                            continue;
                        }
                        // NaN never equals, so the walk runs to the end where m is zero or NaN
                        int at = winner(l, x, xb, lo, hi, o0, o1, o2, settled ? m : Float.NaN);
                        y[o + o2] = settled ? m : x[xb + at];
                        if (indices != null) {
                            indices[o + o2] = at;
                        }
                    }
                }
            }
        });
    }

    /**
     * One max window by the reference rule, tap by tap in row-major order: the winner's flat index
     * within the map. With {@code stopAt} neither zero nor NaN (a value the window holds, and its
     * largest), the first tap holding it is the winner, so the walk stops there.
     */
    private static int winner(Lattice l, float[] x, int xb, int[][] lo, int[][] hi, int o0, int o1, int o2,
                              float stopAt) {
        float best = Float.NEGATIVE_INFINITY;
        int at = (lo[0][o0] * l.big[1] + lo[1][o1]) * l.big[2] + lo[2][o2];
        for (int i0 = lo[0][o0]; i0 < hi[0][o0]; i0 += l.dilation[0]) {
            for (int i1 = lo[1][o1]; i1 < hi[1][o1]; i1 += l.dilation[1]) {
                int row = (i0 * l.big[1] + i1) * l.big[2];
                for (int i2 = row + lo[2][o2]; i2 < row + hi[2][o2]; i2 += l.dilation[2]) {
                    float v = x[xb + i2];
                    if (v == stopAt) {
                        return i2;
                    }
                    if (v > best || v != v) {
                        best = v;
                        at = i2;
                    }
                }
            }
        }
        return at;
    }

    /** Average pooling, accumulated in double per window. */
    public static void avg(PoolProblem p, float[] x, float[] y, int threads) {
        Lattice l = new Lattice(p.geometry());
        boolean includePad = p.spec().countIncludePad();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        Parallel.forEach(p.batch() * p.channels(), threads, pl -> {
            int[] lo = new int[Lattice.D];
            int[] hi = new int[Lattice.D];
            int xb = pl * bv;
            int o = pl * sv;
            for (int o0 = 0; o0 < l.small[0]; o0++) {
                long e0 = l.avgCells(0, o0, lo, hi);
                for (int o1 = 0; o1 < l.small[1]; o1++) {
                    long e1 = l.avgCells(1, o1, lo, hi);
                    for (int o2 = 0; o2 < l.small[2]; o2++, o++) {
                        long e2 = l.avgCells(2, o2, lo, hi);
                        long real = (long) (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
                        if (real <= 0) {
                            y[o] = 0f;
                            continue;
                        }
                        double acc = 0;
                        for (int i0 = lo[0]; i0 < hi[0]; i0++) {
                            for (int i1 = lo[1]; i1 < hi[1]; i1++) {
                                int row = xb + (i0 * l.big[1] + i1) * l.big[2];
                                for (int i2 = lo[2]; i2 < hi[2]; i2++) {
                                    acc += x[row + i2];
                                }
                            }
                        }
                        y[o] = (float) (acc / (includePad ? e0 * e1 * e2 : real));
                    }
                }
            }
        });
    }

    /** Routes each output gradient to its argmax; gx is overwritten. */
    public static void maxBackward(PoolProblem p, float[] gy, int[] indices, float[] gx, int threads) {
        Lattice l = new Lattice(p.geometry());
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        Parallel.forEach(p.batch() * p.channels(), threads, pl -> {
            java.util.Arrays.fill(gx, pl * bv, (pl + 1) * bv, 0f);
            for (int o = pl * sv; o < (pl + 1) * sv; o++) {
                gx[pl * bv + indices[o]] += gy[o];
            }
        });
    }

    /** Spreads each output gradient over its window's real cells, divided like the forward pass. */
    public static void avgBackward(PoolProblem p, float[] gy, float[] gx, int threads) {
        Lattice l = new Lattice(p.geometry());
        boolean includePad = p.spec().countIncludePad();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        Parallel.forEach(p.batch() * p.channels(), threads, pl -> {
            int[] lo = new int[Lattice.D];
            int[] hi = new int[Lattice.D];
            int xb = pl * bv;
            java.util.Arrays.fill(gx, xb, xb + bv, 0f);
            int o = pl * sv;
            for (int o0 = 0; o0 < l.small[0]; o0++) {
                long e0 = l.avgCells(0, o0, lo, hi);
                for (int o1 = 0; o1 < l.small[1]; o1++) {
                    long e1 = l.avgCells(1, o1, lo, hi);
                    for (int o2 = 0; o2 < l.small[2]; o2++, o++) {
                        long e2 = l.avgCells(2, o2, lo, hi);
                        long real = (long) (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
                        if (real <= 0) {
                            continue;
                        }
                        float share = (float) (gy[o] / (double) (includePad ? e0 * e1 * e2 : real));
                        for (int i0 = lo[0]; i0 < hi[0]; i0++) {
                            for (int i1 = lo[1]; i1 < hi[1]; i1++) {
                                int row = xb + (i0 * l.big[1] + i1) * l.big[2];
                                for (int i2 = lo[2]; i2 < hi[2]; i2++) {
                                    gx[row + i2] += share;
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
