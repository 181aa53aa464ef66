package org.convkit.algo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks on a shared pool of daemon threads. Algorithms split work so that every
 * output element is computed by exactly one task in a fixed order, so results are bitwise the same
 * for any thread count; only which thread does a task varies.
 */
public final class Parallel {
    /** All cores, the default thread count. */
    public static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, CORES), r -> {
        Thread t = new Thread(r, "convkit-worker");
        t.setDaemon(true);
        return t;
    });

    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {
    }

    /**
     * Calls {@code task.accept(i)} for i in [0, tasks) using up to {@code threads} threads; the
     * calling thread takes a share. Nested calls (from inside a task) run sequentially, so that the
     * pool cannot deadlock waiting on itself.
     */
    public static void forEach(int tasks, int threads, IntConsumer task) {
        int workers = Math.min(Math.max(1, threads), tasks);
        if (workers <= 1 || INSIDE.get()) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            boolean was = INSIDE.get();
            INSIDE.set(true);
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } finally {
                INSIDE.set(was);
            }
        };
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            futures.add(POOL.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for convkit workers", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
