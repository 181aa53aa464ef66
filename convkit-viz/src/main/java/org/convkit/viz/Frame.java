package org.convkit.viz;

import java.util.Arrays;
import java.util.List;

/**
 * One picture of an animation: a stage computing one output cell, or (for the hold at the end) the
 * finished result.
 *
 * @param index    position in {@link Animation#frames()}
 * @param stage    index into {@link Animation#stages()}
 * @param map      the output map (filter, or channel for pooling and depthwise) being filled; -1 for a hold frame
 * @param position the output cell's spatial coordinates; empty for a hold frame
 * @param value    the output value the engine computed for this cell (NaN for a hold frame)
 * @param taps     the cells the window covers, in every channel it reads
 * @param chosen   max pooling: index into {@code taps} of the cell whose value the engine took; else -1
 * @param divisor  average pooling: the divisor the engine used; else 0
 * @param delayMillis how long the frame is shown
 */
public record Frame(int index, int stage, int map, int[] position, double value, List<Tap> taps, int chosen,
                    int divisor, int delayMillis) {
    /**
     * Copies the position and the taps, so that a frame cannot change.
     *
     * @param index position in {@link Animation#frames()}
     * @param stage index into {@link Animation#stages()}
     * @param map the output map (filter, or channel for pooling and depthwise) being filled; -1 for a hold frame
     * @param position the output cell's spatial coordinates; empty for a hold frame
     * @param value the output value the engine computed for this cell (NaN for a hold frame)
     * @param taps the cells the window covers, in every channel it reads
     * @param chosen max pooling: index into {@code taps} of the cell whose value the engine took; else -1
     * @param divisor average pooling: the divisor the engine used; else 0
     * @param delayMillis how long the frame is shown
     */
    public Frame {
        position = position.clone();
        taps = List.copyOf(taps);
    }

    /**
     * The output cell's spatial coordinates; empty for a hold frame.
     *
     * @return a copy
     */
    @Override
    public int[] position() {
        return position.clone();
    }

    /**
     * True for the frames at the end that show the finished result.
     *
     * @return whether this is a hold frame
     */
    public boolean hold() {
        return map < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.index == index && f.stage == stage && f.map == map
                && Arrays.equals(f.position, position) && Double.compare(f.value, value) == 0 && f.taps.equals(taps)
                && f.chosen == chosen && f.divisor == divisor && f.delayMillis == delayMillis;
    }

    @Override
    public int hashCode() {
        return (index * 31 + stage) * 31 + map;
    }

    @Override
    public String toString() {
        return "Frame{" + index + ", stage " + stage + ", map " + map + ", at " + Arrays.toString(position) + " = "
                + value + ", " + taps.size() + " taps}";
    }
}
