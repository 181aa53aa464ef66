package org.convkit.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks on the calling thread and a shared set of daemon threads. Algorithms split
 * work so that every output element is computed by exactly one task in a fixed order, so results
 * are bitwise the same for any thread count; only which thread does a task varies.
 *
 * <p>The helpers spin for {@link #SPIN_NS} after each piece of work before they park, like an
 * OpenMP runtime's threads: a convolution of a fraction of a millisecond cannot afford to wake a
 * parked thread at its start and to be woken at its end (tens of microseconds each on a virtual
 * machine), and calls in a loop find the helpers still awake. There are cores - 1 helpers, since
 * the caller always takes a share. One call at a time shares the helpers: a call made while another
 * is sharing them runs on its own thread (the cores are busy anyway), as do calls from inside a
 * task, so the pool cannot deadlock waiting on itself.
 */
public final class Parallel {
    /** All cores, the default thread count. */
    public static final int CORES = Runtime.getRuntime().availableProcessors();

    /** How long a helper (or a caller waiting for helpers) spins before it parks. */
    static final long SPIN_NS = 1_000_000;
    /** A parked caller checks its helpers this often (they also wake it when they finish). */
    private static final long WAIT_NS = 100_000;

    private static final AtomicReference<Job> CURRENT = new AtomicReference<>();
    private static final Helper[] HELPERS = startHelpers(Math.max(0, CORES - 1));
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {
    }

    /**
     * Calls {@code task.accept(i)} for i in [0, tasks) using up to {@code threads} threads; the
     * calling thread takes a share. An exception from a task stops the remaining tasks and is
     * rethrown here.
     */
    public static void forEach(int tasks, int threads, IntConsumer task) {
        int wanted = Math.min(Math.min(Math.max(1, threads), tasks) - 1, HELPERS.length);
        if (wanted <= 0 || INSIDE.get()) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        Job job = new Job(tasks, task, wanted, Thread.currentThread());
        if (!CURRENT.compareAndSet(null, job)) {
            // another call is sharing the helpers
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        for (Helper h : HELPERS) {
            if (h.parked) {
                LockSupport.unpark(h.thread);
            }
        }
        INSIDE.set(true);
        try {
            job.work();
        } finally {
            INSIDE.set(false);
            job.closed = true;
            CURRENT.compareAndSet(job, null);
            job.awaitHelpers();
        }
        Throwable failure = job.failure;
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** One call's tasks, shared through a counter. */
    private static final class Job {
        final int tasks;
        final IntConsumer task;
        final Thread owner;
        final AtomicInteger next = new AtomicInteger();
        /** Helpers the call still wants. */
        final AtomicInteger slots;
        /** Helpers inside {@link #work}, or about to decide whether to enter it. */
        final AtomicInteger active = new AtomicInteger();
        volatile boolean closed;
        volatile Throwable failure;

        Job(int tasks, IntConsumer task, int slots, Thread owner) {
            this.tasks = tasks;
            this.task = task;
            this.slots = new AtomicInteger(slots);
            this.owner = owner;
        }

        void work() {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                    next.set(tasks);
                }
            }
        }

        /** A helper's turn: joins if the call still wants helpers and is not over. */
        void help() {
            active.incrementAndGet();
            try {
                if (!closed && slots.getAndDecrement() > 0) {
                    work();
                }
            } finally {
                if (active.decrementAndGet() == 0 && closed) {
                    LockSupport.unpark(owner);
                }
            }
        }

        /** Returns once no helper is inside the job: its writes are then visible to the caller. */
        void awaitHelpers() {
            long start = System.nanoTime();
            while (active.get() != 0) {
                if (System.nanoTime() - start < SPIN_NS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, WAIT_NS);
                }
            }
        }
    }

    /** A daemon thread that takes a share of whichever call is sharing. */
    private static final class Helper implements Runnable {
        final Thread thread;
        volatile boolean parked;

        Helper() {
            thread = new Thread(this, "convkit-worker");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            INSIDE.set(true);
            Job last = null;
            long idleSince = System.nanoTime();
            while (true) {
                Job job = CURRENT.get();
                if (job != null && job != last) {
                    last = job;
                    job.help();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    // a call posted after this check sees parked and unparks this thread
                    if (CURRENT.get() == null || CURRENT.get() == last) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static Helper[] startHelpers(int n) {
        Helper[] helpers = new Helper[n];
        for (int i = 0; i < n; i++) {
            helpers[i] = new Helper();
            helpers[i].thread.start();
        }
        return helpers;
    }
}
