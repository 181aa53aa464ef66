package org.convkit.algo.gemm;

import org.convkit.spec.PaddingMode;

/**
 * The order in which the tiles of a transposed pass add their columns into the big signal, so that
 * the result does not depend on the thread count.
 *
 * <p>Neighbouring tiles' footprints overlap (a kernel wider than the stride reaches across a tile's
 * edge; a padding mode folds border cells back, possibly onto the far side), so two tiles running at
 * once could add into one cell in either order. Tiles are therefore run in phases: tile
 * {@code (t0, t1, t2)} belongs to phase {@code (t0 mod P0, t1 mod P1, t2 mod P2)}, where the period
 * {@code Pd} is the smallest number such that two tile indices of dimension d that differ by a
 * multiple of it never touch a common big index in that dimension. Two tiles of one phase then differ
 * in some dimension by such a multiple, so their footprints are disjoint: a phase runs in parallel,
 * and each big cell receives its contributions phase by phase, always in the same order.
 *
 * <p>Footprints are measured per dimension as up to three intervals of big indices: the cells read
 * inside the signal, and those folded back from before and after it. Over-estimating a footprint
 * only costs parallelism, never correctness. When the stride is at least the kernel's span and no
 * padding folds, every period is 1 and the pass runs in one phase.
 */
final class Coloring {
    private final Tiling tiling;
    private final int[] period = new int[Grid.D];
    private final int phases;

    Coloring(Grid g, Tiling tiling) {
        this.tiling = tiling;
        int n = 1;
        for (int d = 0; d < Grid.D; d++) {
            period[d] = period(g, tiling, d);
            n *= period[d];
        }
        this.phases = n;
    }

    /** Ints allocated while coloring, for workspace accounting. */
    static long workspaceInts(Tiling t) {
        long n = 0;
        for (int d = 0; d < Grid.D; d++) {
            n += 7L * t.count(d);
        }
        return n;
    }

    int phases() {
        return phases;
    }

    /** Tiles in phase {@code phase}. */
    int tilesIn(int phase) {
        int n = 1;
        for (int d = Grid.D - 1; d >= 0; d--) {
            n *= members(d, residue(phase, d));
        }
        return n;
    }

    /** The i-th tile of phase {@code phase}. */
    int tile(int phase, int i) {
        int m2 = members(2, residue(phase, 2));
        int m1 = members(1, residue(phase, 1));
        int t2 = residue(phase, 2) + period[2] * (i % m2);
        int t1 = residue(phase, 1) + period[1] * (i / m2 % m1);
        int t0 = residue(phase, 0) + period[0] * (i / m2 / m1);
        return tiling.tile(t0, t1, t2);
    }

    /** The largest number of tiles in one phase. */
    int widestPhase() {
        int n = 0;
        for (int ph = 0; ph < phases; ph++) {
            n = Math.max(n, tilesIn(ph));
        }
        return n;
    }

    private int residue(int phase, int d) {
        int p = phase;
        for (int e = Grid.D - 1; e > d; e--) {
            p /= period[e];
        }
        return p % period[d];
    }

    /** Tile indices of dimension d congruent to c modulo the period. */
    private int members(int d, int c) {
        return (tiling.count(d) - c + period[d] - 1) / period[d];
    }

    /** The smallest period that separates the footprints of tile indices along dimension d. */
    private static int period(Grid g, Tiling tiling, int d) {
        int n = tiling.count(d);
        if (n == 1) {
            return 1;
        }
        // per tile index: [lo, hi] inside, then folded back from before and from after (empty: lo > hi)
        int[] in = new int[2 * n];
        int[] before = new int[2 * n];
        int[] after = new int[2 * n];
        boolean[] clash = new boolean[n];
        for (int a = 0; a < n; a++) {
            int lo = tiling.lo(d, tileAt(tiling, d, a));
            int hi = tiling.hi(d, tileAt(tiling, d, a));
            int first = g.position(d, lo, 0);
            int last = g.position(d, hi - 1, g.kernel[d] - 1);
            int size = g.big[d];
            set(in, a, Math.max(0, first), Math.min(size - 1, last));
            folded(g.mode, first, Math.min(-1, last), size, before, a);
            folded(g.mode, Math.max(size, first), last, size, after, a);
        }
        for (int a = 0; a < n; a++) {
            // inside footprints rise with the tile index: stop at the first one that starts past a's end
            for (int b = a + 1; b < n && in[2 * b] <= in[2 * a + 1]; b++) {
                clash[b - a] |= meet(in, a, in, b);
            }
            if (empty(before, a) && empty(after, a)) {
                continue;
            }
            for (int b = 0; b < n; b++) {
                if (b != a && (meet(before, a, in, b) || meet(before, a, before, b) || meet(before, a, after, b)
                        || meet(after, a, in, b) || meet(after, a, before, b) || meet(after, a, after, b))) {
                    clash[Math.abs(b - a)] = true;
                }
            }
        }
        for (int p = 1; p < n; p++) {
            boolean ok = true;
            for (int m = p; m < n && ok; m += p) {
                ok = !clash[m];
            }
            if (ok) {
                return p;
            }
        }
        return n;
    }

    /** A tile whose index along d is a (the other indices do not matter: ranges depend on d only). */
    private static int tileAt(Tiling t, int d, int a) {
        return t.tile(d == 0 ? a : 0, d == 1 ? a : 0, d == 2 ? a : 0);
    }

    /** The interval of cells that positions lo..hi (all outside the signal) fold onto, or empty. */
    private static void folded(PaddingMode mode, int lo, int hi, int size, int[] into, int a) {
        int min = Integer.MAX_VALUE;
        int max = -1;
        if (mode != PaddingMode.ZEROS) {
            for (int i = lo; i <= hi; i++) {
                int s = mode.source(i, size);
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        set(into, a, min, max);
    }

    private static void set(int[] iv, int a, int lo, int hi) {
        iv[2 * a] = lo;
        iv[2 * a + 1] = hi;
    }

    private static boolean empty(int[] iv, int a) {
        return iv[2 * a] > iv[2 * a + 1];
    }

    private static boolean meet(int[] x, int a, int[] y, int b) {
        return !empty(x, a) && !empty(y, b) && x[2 * a] <= y[2 * b + 1] && y[2 * b] <= x[2 * a + 1];
    }
}
