package org.convkit.algo.gemm;

/**
 * The small cells of one image cut into runs of the flat (row-major) volume, all {@link #columns}
 * long but the last: a GATHER's unit of work. Unlike a {@link Tiling}'s boxes, a run may begin and
 * end inside a row, so its length can be a whole number of the GEMM's micro-tiles: a 12x12x12
 * volume cut into boxes of 5 rows (60 columns) ran every other micro-tile as a padded edge tile
 * (29% of a 3-D layer's time in the edge copies).
 *
 * <p>A GATHER sums each output's whole reduction in one chain whichever run the output falls in, so
 * the runs may follow the thread count without changing a bit.
 *
 * @param volume small cells of one image
 * @param columns cells per run (the last may have fewer)
 */
record CellRanges(int volume, int columns) {
    CellRanges {
        if (volume < 1 || columns < 1) {
            throw new IllegalArgumentException("runs of " + columns + " of " + volume + " cells");
        }
    }

    /** Runs per image. */
    int count() {
        return Tiling.ceilDiv(volume, columns);
    }

    /** Flat index of run i's first cell. */
    int first(int i) {
        return i * columns;
    }

    /** Cells of run i. */
    int columns(int i) {
        return Math.min(columns, volume - i * columns);
    }

    /**
     * Runs of at most {@code most} cells for {@code images} images of a product with {@code m} rows
     * on {@code threads} threads: a whole number of micro-tiles each, as many as keep the threads
     * evenly busy. Fewer runs than threads have their rows split as the GATHER splits them
     * ({@link GemmConv#rowBlock}), each block lowering the run again. The score is the busiest
     * thread's time ({@link #makespan}) in micro-tiles of all m rows, a block of b costing
     * {@code 1/b + 32/m} of one (the second term the lowering, measured at a quarter of a 128-row
     * product's time), times {@code 1 + 1/(4q)} for runs of q micro-tiles: a run packs its B and
     * streams all of A once, so longer runs cost less per column, but not more than an idle thread.
     */
    static CellRanges of(int volume, long images, int m, int threads, long most) {
        int micro = Tiling.MICRO_COLUMNS;
        if (most < micro || volume <= micro) {
            return new CellRanges(volume, (int) Math.max(1, Math.min(volume, most)));
        }
        int panels = Tiling.ceilDiv(volume, micro);
        int widest = (int) Math.min(panels, most / micro);
        int t = Math.max(1, threads);
        int best = 1;
        double bestScore = Double.MAX_VALUE;
        for (int q = 1; q <= widest; q++) {
            long runs = images * Tiling.ceilDiv(panels, q);
            int blocks = Tiling.ceilDiv(m, GemmConv.rowBlock(m, runs, t, 1));
            double block = 1.0 / blocks + 32.0 / Math.max(1, m);
            double score = makespan(images, panels, q, blocks, t) * block * (1 + 0.25 / q);
            if (score <= bestScore) {
                best = q;
                bestScore = score;
            }
        }
        return new CellRanges(volume, Math.min(volume, best * micro));
    }

    /**
     * Micro-tiles on the busiest thread when each image's {@code panels} go in runs of q, each
     * run in {@code blocks} tasks, the tasks taken in order by whichever thread is free first (as
     * {@link org.convkit.runtime.Parallel} hands them out). With many tasks, the even share plus
     * at most one run.
     */
    static double makespan(long images, int panels, int q, int blocks, int threads) {
        int runs = Tiling.ceilDiv(panels, q);
        long tasks = images * runs * blocks;
        if (tasks > 64L * threads) {
            return (double) images * panels * blocks / threads + q;
        }
        long[] load = new long[threads];
        for (long task = 0; task < tasks; task++) {
            int free = 0;
            for (int i = 1; i < threads; i++) {
                free = load[i] < load[free] ? i : free;
            }
            long run = task / blocks % runs;
            load[free] += run == runs - 1 ? panels - (long) (runs - 1) * q : q;
        }
        long busiest = 0;
        for (long l : load) {
            busiest = Math.max(busiest, l);
        }
        return busiest;
    }

    @Override
    public String toString() {
        return count() + " runs of up to " + columns + " cells";
    }
}
