package org.convkit.spark;

import java.io.IOException;
import java.io.Serializable;

/**
 * A failure injected before a task computes a tile, to show that a retried attempt leaves the
 * output right (the tests fail every first attempt of one tile this way).
 */
@FunctionalInterface
public interface TaskFault extends Serializable {
    /** No failure. */
    TaskFault NONE = (tile, attempt) -> { };

    /**
     * Called before tile {@code tile} is computed in task attempt {@code attempt}.
     *
     * @param tile the tile's index
     * @param attempt Spark's attempt number of the task, from 0
     * @throws IOException to fail the attempt
     */
    void before(int tile, int attempt) throws IOException;
}
