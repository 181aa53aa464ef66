package org.convkit.algo.pool;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.Parallel;
import org.convkit.runtime.Scratch;
import org.convkit.runtime.SimdKernels;
import org.convkit.algo.reference.Lattice;

/**
 * Average pooling backward as a gather: each input row's gradient is computed once, from the output
 * rows whose windows cover it, so any split of the input rows between threads gives the same bits
 * and no row is cleared first. Per input row: a vertical pass sums the covering output-gradient rows
 * (each scaled by its windows' row divisor) into a row of output columns; that row, scaled by the
 * column divisors, is spread onto the stride's lattice of a zeroed buffer; a horizontal pass sums
 * the buffer at the kernel's taps into the input row. Both passes are unit-stride kernel calls.
 */
final class AvgBackward {
    private final Windows w;
    private final Lattice l;
    private final float[] gy;
    private final float[] gx;
    /** Per dimension and input cell: the outputs [coverLo, coverHi) whose windows hold it. */
    private final int[][] coverLo = new int[Lattice.D][];
    private final int[][] coverHi = new int[Lattice.D][];
    private final int rowsPerBlock;
    private final int blocksPerPlane;
    /** The spread buffer's zero margin before the lattice: the horizontal taps reach k2 - 1 back. */
    private final int margin;
    private final int spreadFloats;

    AvgBackward(Windows w, float[] gy, float[] gx) {
        this.w = w;
        this.l = w.l;
        this.gy = gy;
        this.gx = gx;
        for (int d = 0; d < Lattice.D; d++) {
            int n = l.big[d];
            coverLo[d] = new int[n];
            coverHi[d] = new int[n];
            java.util.Arrays.fill(coverLo[d], Integer.MAX_VALUE);
            for (int o = 0; o < l.small[d]; o++) {
                for (int i = w.first[d][o]; i < w.first[d][o] + w.count[d][o]; i++) {
                    coverLo[d][i] = Math.min(coverLo[d][i], o);
                    coverHi[d][i] = o + 1;
                }
            }
            for (int i = 0; i < n; i++) {
                if (coverLo[d][i] == Integer.MAX_VALUE) {
                    coverLo[d][i] = 0;
                }
            }
        }
        rowsPerBlock = Math.max(1, Math.min(l.big[1], PoolForward.BLOCK_FLOATS / l.big[2]));
        blocksPerPlane = (l.big[1] + rowsPerBlock - 1) / rowsPerBlock;
        margin = l.kernel[2] - 1;
        spreadFloats = margin + Math.max(l.big[2] + l.padBefore[2], (l.small[2] - 1) * l.stride[2] + 1);
    }

    void run(int threads) {
        if (w.outMap == 1 && w.count[0][0] == l.big[0] && w.count[1][0] == l.big[1] && w.count[2][0] == l.big[2]) {
            // one window holding the whole map (global pooling): each map is its share, everywhere
            PathTrace.mark("avg backward: global");
            long floats = (long) w.maps * (w.inMap + 1);
            float share = w.rowScale(0, 0) * w.columnScale(0);
            Parallel.forEach(w.maps, floats < PoolForward.INLINE_FLOATS ? 1 : threads, map ->
                    java.util.Arrays.fill(gx, map * w.inMap, (map + 1) * w.inMap, gy[map] * share));
            return;
        }
        int blocks = w.maps * l.big[0] * blocksPerPlane;
        long floats = (long) w.maps * (w.inMap + w.outMap);
        int t = floats < PoolForward.INLINE_FLOATS ? 1 : threads;
        int tasks = Math.min(blocks, Math.max(1, t) * 4);
        Parallel.forEach(tasks, t, task -> {
            int from = (int) ((long) blocks * task / tasks);
            int to = (int) ((long) blocks * (task + 1) / tasks);
            runBlocks(from, to);
        });
    }

    private void runBlocks(int from, int to) {
        SimdKernels k = Kernels.active();
        int small1 = l.small[1];
        int small2 = l.small[2];
        int big1 = l.big[1];
        int big2 = l.big[2];
        int k2 = l.kernel[2];
        int s2 = l.stride[2];
        int cover = (l.kernel[0] + l.stride[0] - 1) / l.stride[0] * ((l.kernel[1] + l.stride[1] - 1) / l.stride[1]);
        int[] offsets = new int[Math.max(cover, k2)];
        float[] coef = new float[Math.max(cover, k2)];
        float[] sums = Scratch.take(small2);
        float[] spread = Scratch.zeros(spreadFloats);
        int[] taps = new int[k2];
        for (int t = 0; t < k2; t++) {
            taps[t] = margin + l.padBefore[2] - t;
        }
        try {
            for (int b = from; b < to; b++) {
                int rb = b % blocksPerPlane;
                int plane = b / blocksPerPlane;
                int map = plane / l.big[0];
                int i0 = plane % l.big[0];
                int r0 = rb * rowsPerBlock;
                int r1 = Math.min(big1, r0 + rowsPerBlock);
                int gyb = map * w.outMap;
                for (int i1 = r0; i1 < r1; i1++) {
                    int gxr = map * w.inMap + (i0 * big1 + i1) * big2;
                    int n = 0;
                    boolean uniform = true;
                    for (int o0 = coverLo[0][i0]; o0 < coverHi[0][i0]; o0++) {
                        for (int o1 = coverLo[1][i1]; o1 < coverHi[1][i1]; o1++) {
                            offsets[n] = gyb + (o0 * small1 + o1) * small2;
                            coef[n] = w.rowScale(o0, o1);
                            uniform &= coef[n] == coef[0];
                            n++;
                        }
                    }
                    if (n == 0) {
                        java.util.Arrays.fill(gx, gxr, gxr + big2, 0f);
                        continue;
                    }
                    if (small2 == 1) {
                        PathTrace.mark("avg backward: one column");
                        // one window along the row: its share over its cells, zeros elsewhere
                        float g = 0f;
                        for (int t = 0; t < n; t++) {
                            g = Math.fma(coef[t], gy[offsets[t]], g);
                        }
                        g *= w.columnScale(0);
                        int f2 = w.first[2][0];
                        int e2 = f2 + w.count[2][0];
                        java.util.Arrays.fill(gx, gxr, gxr + f2, 0f);
                        java.util.Arrays.fill(gx, gxr + f2, gxr + e2, g);
                        java.util.Arrays.fill(gx, gxr + e2, gxr + big2, 0f);
                        continue;
                    }
                    PathTrace.mark(uniform ? "avg backward: uniform rows" : "avg backward: weighted rows");
                    if (uniform) {
                        k.sumTaps(small2, n, gy, offsets, coef[0], sums, 0);
                    } else {
                        k.taps(small2, n, coef, gy, offsets, 0f, sums, 0);
                    }
                    for (int o2 = 0, at = margin; o2 < small2; o2++, at += s2) {
                        spread[at] = sums[o2] * w.columnScale(o2);
                    }
                    k.sumTaps(big2, k2, spread, taps, 1f, gx, gxr);
                }
            }
        } finally {
            Scratch.give(sums);
            Scratch.give(spread);
        }
    }
}
