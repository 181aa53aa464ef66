package org.convkit.algo.pool;

import org.convkit.algo.Parallel;
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

    /** Max pooling: values into y, argmax (flat within each map) into indices. */
    public static void max(PoolProblem p, float[] x, float[] y, int[] indices, int threads) {
        Lattice l = new Lattice(p.geometry());
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        Parallel.forEach(p.batch() * p.channels(), threads, pl -> {
            int[] lo = new int[Lattice.D];
            int[] hi = new int[Lattice.D];
            int xb = pl * bv;
            int o = pl * sv;
            for (int o0 = 0; o0 < l.small[0]; o0++) {
                l.maxTaps(0, o0, lo, hi);
                for (int o1 = 0; o1 < l.small[1]; o1++) {
                    l.maxTaps(1, o1, lo, hi);
                    for (int o2 = 0; o2 < l.small[2]; o2++, o++) {
                        l.maxTaps(2, o2, lo, hi);
                        float best = Float.NEGATIVE_INFINITY;
                        int at = (lo[0] * l.big[1] + lo[1]) * l.big[2] + lo[2];
                        for (int i0 = lo[0]; i0 < hi[0]; i0 += l.dilation[0]) {
                            for (int i1 = lo[1]; i1 < hi[1]; i1 += l.dilation[1]) {
                                int row = (i0 * l.big[1] + i1) * l.big[2];
                                for (int i2 = lo[2]; i2 < hi[2]; i2 += l.dilation[2]) {
                                    float v = x[xb + row + i2];
                                    if (v > best || v != v) {
                                        best = v;
                                        at = row + i2;
                                    }
                                }
                            }
                        }
                        y[o] = best;
                        indices[o] = at;
                    }
                }
            }
        });
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
