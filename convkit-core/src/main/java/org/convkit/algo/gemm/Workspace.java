package org.convkit.algo.gemm;

/**
 * The scratch buffers of one call, shared by its tasks: a task takes a buffer when it starts and
 * gives it back when it ends, and a buffer is allocated only when none is free. At most as many
 * buffers exist as tasks run at once, which is at most {@code min(threads, tasks)}; the pool lives
 * for one call, so nothing is retained between calls.
 */
final class Workspace {
    private final int size;
    private final float[][] free;
    private int top;

    Workspace(int slots, long size) {
        this.size = Math.toIntExact(size);
        this.free = new float[Math.max(1, slots)][];
    }

    synchronized float[] take() {
        return top > 0 ? free[--top] : new float[size];
    }

    synchronized void give(float[] buffer) {
        if (top < free.length) {
            free[top++] = buffer;
        }
    }
}
