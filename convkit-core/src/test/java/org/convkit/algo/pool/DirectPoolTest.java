package org.convkit.algo.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.algo.reference.Lattice;
import org.convkit.algo.reference.ReferencePool;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * The fast pooling path against the reference on random problems over every option (1-3
 * dimensions, kernel, stride, dilation, asymmetric padding, ceil_mode, count_include_pad, sizes
 * from one cell to rows wider than a block): max pooling bit for bit with its indices, average
 * pooling and both backward passes within the budgets DirectPool states, and every pass the same
 * bits on 1, 2, 3 and 7 threads. Each check counts what it compared, so a problem that compared
 * nothing cannot pass silently.
 */
class DirectPoolTest {
    static final double U = 0x1p-24;
    private static final int[] THREADS = {1, 2, 3, 7};

    @Property(tries = 400)
    void smallProblemsAgreeWithTheReference(@ForAll long seed) {
        Case c = Case.random(new SplittableRandom(seed), false, false);
        if (c != null) {
            c.check();
        }
    }

    /** Many small maps under 3-D windows: the maps in a vector's lanes ({@link BlockedMaps}). */
    @Property(tries = 150)
    void manySmallMapsUnder3dWindowsAgreeWithTheReference(@ForAll long seed) {
        Case c = Case.random(new SplittableRandom(seed), false, true);
        if (c != null) {
            c.check();
        }
    }

    /** Problems past the size where calls go to several threads and maps split into blocks and segments. */
    @Property(tries = 40)
    void largeProblemsAgreeWithTheReferenceOnAnyThreadCount(@ForAll long seed) {
        Case c = Case.random(new SplittableRandom(seed), true, false);
        if (c != null) {
            c.check();
        }
    }

    /** The layers named in the issue, at reduced channel counts, so that their paths are pinned. */
    @Example
    void typicalLayers() {
        check(new int[] {1, 3, 112, 112}, PoolSpec.max(3, 3).withStride(2, 2).withPadding(1, 1));
        check(new int[] {2, 5, 28, 28}, PoolSpec.avg(3, 3).withStride(1, 1).withPadding(1, 1));
        check(new int[] {2, 5, 28, 28}, PoolSpec.avg(3, 3).withStride(1, 1).withPadding(1, 1)
                .withCountIncludePad(false));
        check(new int[] {1, 4, 56, 56}, PoolSpec.avg(2, 2).withStride(2, 2));
        check(new int[] {1, 2, 16, 16, 16}, PoolSpec.max(2, 2, 2).withStride(2, 2, 2));
        check(new int[] {1, 2, 224, 224}, PoolSpec.max(2, 2).withStride(2, 2));
        check(new int[] {1, 3, 9000}, PoolSpec.max(3).withStride(2).withPadding(1));
        check(new int[] {2, 20, 7, 7}, PoolSpec.avg(7, 7));
        check(new int[] {1, 3, 56, 56}, PoolSpec.max(3, 3).withStride(2, 2).withCeilMode(true));
        check(new int[] {1, 3, 57, 57}, PoolSpec.avg(3, 3).withStride(2, 2).withCeilMode(true)
                .withCountIncludePad(false));
        check(new int[] {1, 2, 9, 9, 9}, PoolSpec.max(3, 3, 3).withStride(1, 1, 1).withPadding(1, 1, 1));
        check(new int[] {1, 2, 40, 9000}, PoolSpec.max(2, 3).withStride(1, 2).withDilation(1, 2)
                .withPadding(Padding.of(new int[] {0, 2}, new int[] {1, 1})));
    }

    /**
     * Problems chosen to take each of the code paths, checked like the others; the trace proves each
     * path ran (a path no problem takes would leave a kernel unchecked).
     */
    @Example
    void everyPathIsComparedWithTheReference() {
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PathTrace.seen = seen;
        try {
            // global windows (one call over the maps' runs; 1-D and 3-D too), then windows as wide as
            // the rows but not the whole map (the window loop)
            check(new int[] {2, 3, 7, 7}, PoolSpec.avg(7, 7));
            check(new int[] {2, 3, 5, 6}, PoolSpec.max(5, 6));
            check(new int[] {3, 40, 33}, PoolSpec.avg(33));
            check(new int[] {1, 21, 3, 4, 5}, PoolSpec.max(3, 4, 5));
            check(new int[] {2, 3, 9, 7}, PoolSpec.avg(3, 7));
            check(new int[] {2, 3, 9, 7}, PoolSpec.max(4, 7).withStride(2, 1));
            check(new int[] {1, 3, 9000}, PoolSpec.max(3).withStride(2).withPadding(1));
            check(new int[] {1, 2, 30, 31}, PoolSpec.max(3, 3).withStride(5, 5).withPadding(1, 1));
            check(new int[] {1, 2, 34, 34}, PoolSpec.avg(3, 3).withStride(1, 1).withPadding(1, 1)
                    .withCountIncludePad(false));
            // small strided 2-D maps, stacked in one padded buffer and run at once (several stacks a
            // thread, the last one short)
            check(new int[] {3, 50, 14, 14}, PoolSpec.avg(2, 2).withStride(2, 2));
            check(new int[] {2, 7, 13, 11}, PoolSpec.avg(3, 3).withStride(2, 2).withPadding(1, 1)
                    .withCountIncludePad(false));
            check(new int[] {2, 29, 9, 10}, PoolSpec.max(3, 3).withStride(2, 1).withPadding(1, 1));
            check(new int[] {3, 50, 8, 8}, PoolSpec.avg(3, 3).withStride(1, 1).withPadding(1, 1)
                    .withCountIncludePad(false));
            check(new int[] {2, 7, 14, 13}, PoolSpec.max(3, 3).withStride(1, 1).withPadding(1, 1));
            check(new int[] {2, 9, 11, 12}, PoolSpec.max(3, 2).withDilation(2, 3).withPadding(1, 1));
            // stride 1, "same": stacked at the maps' own row pitch (dilated; asymmetric padding)
            check(new int[] {2, 9, 11, 12}, PoolSpec.max(3, 3).withDilation(2, 3).withPadding(2, 3));
            check(new int[] {3, 11, 7, 9}, PoolSpec.avg(5, 3).withPadding(2, 1));
            check(new int[] {1, 5, 6, 5}, PoolSpec.avg(2, 2).withPadding(org.convkit.spec.Padding.of(new int[] {1, 0}, new int[] {0, 1}))
                    .withCountIncludePad(false));
            check(new int[] {1, 2, 40, 40}, PoolSpec.max(3, 3).withStride(2, 2).withPadding(1, 1));
            check(new int[] {1, 2, 20, 21}, PoolSpec.avg(3, 3));
            check(new int[] {1, 2, 20, 30}, PoolSpec.max(1, 3).withStride(2, 1));
            check(new int[] {1, 2, 9, 11}, PoolSpec.avg(3, 11).withStride(1, 1).withPadding(1, 0));
            check(new int[] {1, 1, 12, 12, 12}, PoolSpec.max(2, 2, 2).withStride(2, 2, 2));
            // many small maps under a 3-D window: a vector's lanes of maps at a time (the last block
            // short; cells no window reads)
            check(new int[] {2, 19, 7, 6, 8}, PoolSpec.avg(3, 2, 3).withStride(2, 1, 2).withPadding(1, 1, 1));
            check(new int[] {1, 21, 6, 6, 7}, PoolSpec.max(2, 2, 2).withStride(2, 2, 2));
        } finally {
            PathTrace.seen = null;
        }
        assertThat(seen).containsExactlyInAnyOrder("forward: global", "forward: windows", "forward: rows from the input",
                "forward: rows through the vertical pass", "forward: row segments",
                "forward: horizontal output by output", "forward: horizontal into y", "forward: horizontal through z",
                "forward: horizontal pass per row", "forward: pick in one loop", "forward: pick row by row",
                "forward: indices", "forward: padded maps", "forward: padded maps, stacked", "forward: stacked maps",
                "forward: maps in lanes", "avg backward: global", "avg backward: one column", "avg backward: uniform rows",
                "avg backward: weighted rows");
    }

    /**
     * ONNX's dilated averages and wide padding, swept: small maps, where windows whose taps all miss
     * the input (a NaN mean without count_include_pad) and windows running past the padding in ceil
     * mode are common, on every path of the forward kernels.
     */
    @Example
    void dilatedAveragesAndWidePaddingAgreeWithTheReference() {
        SplittableRandom r = new SplittableRandom(12);
        int checked = 0;
        for (int size = 1; size <= 9; size += 2) {
            for (int k = 2; k <= 3; k++) {
                for (int d = 2; d <= 3; d++) {
                    int span = d * (k - 1) + 1;
                    for (int pad = 0; pad < span; pad++) {
                        for (int variant = 0; variant < 4; variant++) {
                            boolean max = variant == 3;
                            PoolSpec spec = (max ? PoolSpec.max(k, 2) : PoolSpec.avg(k, 2)).withDilation(d, 1)
                                    .withStride(1 + pad % 2, 2).withPadding(Padding.of(new int[] {pad, 1}, new int[] {span - 1 - pad, 0}))
                                    .withCeilMode(variant == 1).withCountIncludePad(variant == 2);
                            PoolProblem p;
                            try {
                                p = PoolProblem.of(new int[] {2, 3, size, size + 4}, spec);
                            } catch (IllegalArgumentException e) {
                                continue; // the window does not fit this input
                            }
                            new Case(p, r).check();
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    /**
     * 3-D maps whose windows miss the input in one dimension only (dilation past a short axis):
     * the mean of no cells is NaN, which the vertical and horizontal passes must carry (found by
     * the random property on the vector kernels, where an empty tap list had written 0).
     */
    @Example
    void meansOfNoCellsAreNaNInEveryDimension() {
        check(new int[] {2, 2, 5, 1, 2}, PoolSpec.avg(1, 1, 2).withStride(1, 2, 3).withDilation(1, 1, 3)
                .withPadding(0, 0, 1).withCeilMode(true).withCountIncludePad(false));
        check(new int[] {2, 3, 4, 2, 4}, PoolSpec.avg(4, 2, 4).withStride(3, 1, 5).withDilation(1, 3, 1)
                .withPadding(Padding.of(new int[] {0, 2, 2}, new int[] {2, 2, 2})).withCeilMode(true)
                .withCountIncludePad(false));
        check(new int[] {2, 3, 7, 2, 2}, PoolSpec.avg(1, 2, 2).withStride(2, 2, 1).withDilation(1, 1, 3)
                .withPadding(Padding.of(new int[] {0, 0, 2}, new int[] {0, 1, 1})).withCeilMode(true)
                .withCountIncludePad(false));
    }

    private static void check(int[] shape, PoolSpec spec) {
        new Case(PoolProblem.of(shape, spec), new SplittableRandom(shape.length * 31L + spec.hashCode())).check();
    }

    /** One problem with its data: runs every pass of DirectPool and of the reference and compares. */
    static final class Case {
        final PoolProblem p;
        final Lattice l;
        final boolean max;
        final float[] x;
        final float[] gy;

        Case(PoolProblem p, SplittableRandom r) {
            this.p = p;
            this.l = new Lattice(p.geometry());
            this.max = p.spec().kind() == PoolSpec.Kind.MAX;
            this.x = Tensor.uniform(r.nextLong(), -1, 1, p.inputShape()).data();
            this.gy = Tensor.uniform(r.nextLong(), -1, 1, p.outputShape()).data();
            int pick = r.nextInt(6);
            if (pick == 0) {
                x[r.nextInt(x.length)] = Float.NaN;
            } else if (pick == 1) {
                // ties and the values where "first largest" and Math.max part: signed zeros, NaNs with
                // different bits, infinities
                float[] awkward = {0f, -0f, 1f, -1f, Float.NaN, Float.intBitsToFloat(0x7fc00123),
                    Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
                boolean zerosOnly = r.nextBoolean();
                for (int i = 0; i < x.length; i++) {
                    x[i] = awkward[r.nextInt(zerosOnly ? 2 : awkward.length)];
                }
            } else if (pick == 2) {
                // after a ReLU: many windows all zero
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.max(0f, x[i] - 0.5f);
                }
            }
        }

        /** A random problem; with manyMaps3d, 8 to 40 channels and, where the map allows, a 3-D window. */
        static Case random(SplittableRandom r, boolean large, boolean manyMaps3d) {
            int dims = manyMaps3d ? 3 : 1 + r.nextInt(3);
            int[] shape = new int[dims + 2];
            shape[0] = 1 + r.nextInt(large ? 3 : 2);
            shape[1] = manyMaps3d ? 8 + r.nextInt(33) : 1 + r.nextInt(large ? 6 : 3);
            int[] k = new int[dims];
            int[] s = new int[dims];
            int[] d = new int[dims];
            int[] before = new int[dims];
            int[] after = new int[dims];
            boolean max = r.nextBoolean();
            for (int i = 0; i < dims; i++) {
                int limit = large ? (dims == 1 ? 12000 : dims == 2 ? 90 : 24) : (dims == 3 ? 7 : 14);
                shape[i + 2] = 1 + r.nextInt(r.nextInt(4) == 0 ? limit : Math.min(limit, large ? 40 : 9));
                k[i] = 1 + r.nextInt(Math.min(r.nextInt(4) == 0 ? 7 : 4, shape[i + 2]));
                if (manyMaps3d && i < 2 && shape[i + 2] > 1) {
                    k[i] = Math.max(k[i], 2);
                }
                s[i] = 1 + r.nextInt(r.nextInt(5) == 0 ? 6 : 3);
                // dilated averages are ONNX's
                d[i] = k[i] > 1 && r.nextInt(3) == 0 ? 2 + r.nextInt(2) : 1;
                // now and then wider than half the window, as ONNX allows (up to the span less one)
                int span = Geometry.span(k[i], d[i]);
                int most = r.nextInt(4) == 0 ? span - 1 : span / 2;
                before[i] = r.nextInt(most + 1);
                after[i] = r.nextInt(most + 1);
            }
            PoolSpec spec = (max ? PoolSpec.max(k) : PoolSpec.avg(k)).withDilation(d).withStride(s)
                    .withPadding(Padding.of(before, after)).withCeilMode(r.nextBoolean())
                    .withCountIncludePad(r.nextBoolean());
            try {
                return new Case(PoolProblem.of(shape, spec), r);
            } catch (IllegalArgumentException e) {
                return null; // the window does not fit this input
            }
        }

        void check() {
            if (max) {
                checkMax();
            } else {
                checkAvg();
            }
        }

        private void checkMax() {
            ReferencePool.MaxPooled m = ReferencePool.max(p, DoubleTensor.of(Tensor.of(x, p.inputShape())));
            float[] refY = m.values().toTensor().data();
            float[] y0 = null;
            int[] i0 = null;
            float[] g0 = null;
            for (int threads : THREADS) {
                float[] y = new float[gy.length];
                int[] idx = new int[gy.length];
                java.util.Arrays.fill(y, Float.NaN);
                DirectPool.max(p, x, y, idx, threads);
                float[] valuesOnly = new float[gy.length];
                DirectPool.max(p, x, valuesOnly, null, threads);
                assertRawBits("max values with indices, " + threads + " threads", y, refY);
                assertRawBits("max values alone, " + threads + " threads", valuesOnly, refY);
                assertThat(idx).as("argmax, %d threads, %s", threads, p.spec()).isEqualTo(m.indices());
                float[] gx = new float[x.length];
                java.util.Arrays.fill(gx, Float.NaN);
                DirectPool.maxBackward(p, gy, idx, gx, threads);
                if (g0 == null) {
                    y0 = y;
                    i0 = idx;
                    g0 = gx;
                    // r gradients routed to a cell: at most the windows that can hold it
                    double routed = 1;
                    for (int d = 0; d < Lattice.D; d++) {
                        int span = (l.kernel[d] - 1) * l.dilation[d] + 1;
                        routed *= (span + l.stride[d] - 1) / l.stride[d];
                    }
                    // a window that misses the input has an index outside its map: its gradient goes nowhere,
                    // which the reference says with a zero gradient routed to the map's first cell
                    float[] routedGy = gy.clone();
                    int[] routedIdx = m.indices().clone();
                    for (int o = 0; o < routedIdx.length; o++) {
                        if (routedIdx[o] < 0 || routedIdx[o] >= l.bigVolume()) {
                            routedGy[o] = 0f;
                            routedIdx[o] = 0;
                        }
                    }
                    DoubleTensor exact = ReferencePool.maxBackward(p, DoubleTensor.of(Tensor.of(routedGy,
                            p.outputShape())), routedIdx);
                    DoubleTensor abs = ReferencePool.maxBackward(p, DoubleTensor.of(Tensor.of(abs(routedGy),
                            p.outputShape())), routedIdx);
                    within("max backward", gx, exact.data(), abs.data(), routed - 1);
                } else {
                    assertRawBits("max backward, " + threads + " threads against 1", gx, g0);
                }
            }
            assertThat(y0).hasSameSizeAs(i0);
        }

        private void checkAvg() {
            DoubleTensor exact = ReferencePool.avg(p, DoubleTensor.of(Tensor.of(x, p.inputShape())));
            DoubleTensor abs = ReferencePool.avg(p, DoubleTensor.of(Tensor.of(abs(x), p.inputShape())));
            DoubleTensor gExact = ReferencePool.avgBackward(p, DoubleTensor.of(Tensor.of(gy, p.outputShape())));
            DoubleTensor gAbs = ReferencePool.avgBackward(p, DoubleTensor.of(Tensor.of(abs(gy), p.outputShape())));
            double cover = 1;
            for (int d = 0; d < Lattice.D; d++) {
                cover *= (l.kernel[d] + l.stride[d] - 1) / l.stride[d];
            }
            float[] y0 = null;
            float[] g0 = null;
            // dilated averages (ONNX's) run forward only on these kernels
            boolean backward = DirectPool.declinesBackward(p) == null;
            for (int threads : THREADS) {
                float[] y = new float[gy.length];
                java.util.Arrays.fill(y, Float.NaN);
                DirectPool.avg(p, x, y, threads);
                float[] gx = new float[x.length];
                if (backward) {
                    java.util.Arrays.fill(gx, Float.NaN);
                    DirectPool.avgBackward(p, gy, gx, threads);
                }
                if (y0 == null) {
                    y0 = y;
                    g0 = gx;
                    withinPerOutput(y, exact.data(), abs.data());
                    if (backward) {
                        within("avg backward", gx, gExact.data(), gAbs.data(), cover + 4);
                    }
                } else {
                    assertSameBits("avg, " + threads + " threads against 1", y, y0);
                    assertSameBits("avg backward, " + threads + " threads against 1", gx, g0);
                }
            }
        }

        /** The forward average's budget, (m + 3) u sum|x| / divisor with m the window's real cells. */
        private void withinPerOutput(float[] y, double[] exact, double[] abs) {
            int[] lo = new int[Lattice.D];
            int[] hi = new int[Lattice.D];
            int compared = 0;
            for (int pl = 0, o = 0; pl < p.batch() * p.channels(); pl++) {
                for (int o0 = 0; o0 < l.small[0]; o0++) {
                    l.avgCells(0, o0, lo, hi);
                    for (int o1 = 0; o1 < l.small[1]; o1++) {
                        l.avgCells(1, o1, lo, hi);
                        for (int o2 = 0; o2 < l.small[2]; o2++, o++) {
                            l.avgCells(2, o2, lo, hi);
                            long m = (long) l.taps(0, lo, hi) * l.taps(1, lo, hi) * l.taps(2, lo, hi);
                            compare("avg", o, y[o], exact[o], abs[o], m + 3);
                            compared++;
                        }
                    }
                }
            }
            assertThat(compared).isEqualTo(y.length).isPositive();
        }

        private void within(String what, float[] got, double[] exact, double[] abs, double c) {
            assertThat(got).hasSameSizeAs(exact);
            for (int i = 0; i < got.length; i++) {
                compare(what, i, got[i], exact[i], abs[i], c);
            }
        }

        private void compare(String what, int i, float got, double exact, double abs, double c) {
            if (Double.isNaN(exact)) {
                assertThat(got).as("%s %d, %s: a NaN", what, i, p.spec()).isNaN();
                return;
            }
            if (Double.isInfinite(exact)) {
                assertThat((double) got).as("%s %d, %s", what, i, p.spec()).isEqualTo(exact);
                return;
            }
            // the reference's own double rounding and the final rounding to float are the 2 u |exact|
            double budget = c * U * abs + 2 * U * Math.abs(exact);
            assertThat(Math.abs(got - exact)).as("%s %d, %s: %s against %s (budget %s)", what, i, p.spec(), got, exact,
                    budget).isLessThanOrEqualTo(budget);
        }
    }

    static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }

    /**
     * Bit for bit, the sign of zero included, NaNs as one value: which payload a sum of two NaNs
     * keeps depends on the order the JIT puts the operands in (Java leaves it unspecified).
     */
    static void assertSameBits(String what, float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                assertThat(actual[i]).as("%s, at %d", what, i).isEqualTo(expected[i]);
                assertThat(Float.floatToIntBits(actual[i])).as("%s, at %d", what, i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    /** Bit for bit, NaN payloads and the sign of zero included. */
    static void assertRawBits(String what, float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                assertThat(Integer.toHexString(Float.floatToRawIntBits(actual[i]))).as("%s, at %d: %s vs %s", what, i,
                        actual[i], expected[i]).isEqualTo(Integer.toHexString(Float.floatToRawIntBits(expected[i])));
            }
        }
    }
}
