package org.convkit.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Float arrays kept from one call to the next for the algorithms' larger per-call workspaces, so
 * that a convolution called in a loop (a network's layer, a training step) finds its buffers
 * allocated and in cache. A new array costs more than its size suggests: the JVM zeroes it on the
 * allocating thread, about 40 us per MiB of memory that is not in cache, and on train-step-3x3 the
 * Winograd passes' 15 MiB of fresh workspace was 0.6 ms of a 5 ms step, on one thread while the
 * other waited.
 *
 * <p>An array taken holds whatever its last user left in it: callers write every element they
 * read, or fill it first. Arrays are matched by exact length. The pool holds at most
 * {@link #MAX_FLOATS} in all (an array given back beyond that is left to the garbage collector), so
 * what convkit keeps between calls is bounded whatever the problems; {@link #clear} lets it all go.
 * Thread-safe: concurrent calls take different arrays.
 */
public final class Scratch {
    /** The most floats held between calls: 16 MiB. */
    public static final long MAX_FLOATS = 4L << 20;
    /** The most distinct lengths kept. */
    static final int MAX_LENGTHS = 256;

    private static final ConcurrentHashMap<Integer, ConcurrentLinkedDeque<float[]>> FREE = new ConcurrentHashMap<>();
    private static final AtomicLong HELD = new AtomicLong();

    private Scratch() {
    }

    /** An array of exactly n floats, of unspecified content. */
    public static float[] take(int n) {
        ConcurrentLinkedDeque<float[]> free = FREE.get(n);
        float[] a = free == null ? null : free.pollFirst();
        if (a == null) {
            return new float[n];
        }
        HELD.addAndGet(-n);
        return a;
    }

    /** {@code rows} arrays of exactly n floats each, of unspecified content. */
    public static float[][] take(int rows, int n) {
        float[][] a = new float[rows][];
        for (int i = 0; i < rows; i++) {
            a[i] = take(n);
        }
        return a;
    }

    /** An array of exactly n zeros. */
    public static float[] zeros(int n) {
        float[] a = take(n);
        java.util.Arrays.fill(a, 0f);
        return a;
    }

    /** Gives an array back for a later call; the caller must not use it again. */
    public static void give(float[] a) {
        if (a == null || a.length == 0) {
            return;
        }
        if (HELD.addAndGet(a.length) > MAX_FLOATS) {
            HELD.addAndGet(-a.length);
            return;
        }
        if (FREE.size() >= MAX_LENGTHS && !FREE.containsKey(a.length)) {
            clear(); // a program of very many shapes: start over rather than keep a deque per length
        }
        FREE.computeIfAbsent(a.length, k -> new ConcurrentLinkedDeque<>()).offerFirst(a);
    }

    /** Gives back every row of each. */
    public static void give(float[][]... sets) {
        for (float[][] a : sets) {
            if (a != null) {
                for (float[] row : a) {
                    give(row);
                }
            }
        }
    }

    /** Floats held now. */
    public static long held() {
        return HELD.get();
    }

    /** Distinct lengths held now (for tests). */
    static int lengths() {
        return FREE.size();
    }

    /** Lets every held array go. */
    public static void clear() {
        FREE.clear();
        HELD.set(0);
    }
}
