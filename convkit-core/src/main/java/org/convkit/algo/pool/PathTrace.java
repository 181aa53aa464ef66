package org.convkit.algo.pool;

import java.util.Set;

/**
 * Which of the pooling code paths ran, for the tests that check that each one was compared with the
 * reference; off (null) unless a test switches it on. One volatile read per block when off.
 */
final class PathTrace {
    static volatile Set<String> seen;

    private PathTrace() {
    }

    static void mark(String path) {
        Set<String> s = seen;
        if (s != null) {
            s.add(path);
        }
    }
}
