package org.convkit.algo.gemm;

import org.convkit.runtime.Scratch;

/**
 * The scratch buffers of one call, shared by its tasks: a task takes a buffer when it starts and
 * gives it back when it ends, and a buffer is taken from {@link Scratch}'s pool only when none is
 * free. At most as many buffers exist as tasks run at once, which is at most
 * {@code min(threads, tasks)}; {@link #release} hands them back to the pool at the end of the call.
 * A buffer's content is whatever was left in it: the lowering writes every cell the GEMM reads, and
 * the GEMM every cell col2im reads.
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
        return top > 0 ? free[--top] : Scratch.take(size);
    }

    synchronized void give(float[] buffer) {
        if (top < free.length) {
            free[top++] = buffer;
        }
    }

    /** Gives every buffer back to the pool; the call is over. */
    synchronized void release() {
        while (top > 0) {
            Scratch.give(free[--top]);
            free[top] = null;
        }
    }
}
