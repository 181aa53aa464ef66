package org.convkit.viz;

import java.util.Arrays;

/**
 * One cell a window covers in one frame: its channel, its place on the stage's {@link Canvas}, its
 * place in the window as drawn ({@code footprint}) and the kernel index whose weight multiplies it
 * ({@code weightIndex}; the two differ for a transposed convolution, whose drawn window is the
 * flipped kernel), what it holds and, for a convolution, the weight.
 *
 * @param channel     the input channel (slice) the cell is on
 * @param cell        canvas coordinates, one per axis
 * @param footprint   the tap's index within the window as drawn, one per axis
 * @param weightIndex the kernel index of the weight applied, one per axis
 * @param kind        input cell, padding or inserted zero
 * @param input       the value read: the input's value, 0 for padding and inserted zeros (max
 *                    pooling's padding reads as -infinity)
 * @param weight      the weight, or NaN for pooling
 */
public record Tap(int channel, int[] cell, int[] footprint, int[] weightIndex, CellKind kind, double input,
                  double weight) {
    /**
     * Copies the coordinates, so that a tap cannot change.
     *
     * @param channel the input channel (slice) the cell is on
     * @param cell canvas coordinates, one per axis
     * @param footprint the tap's index within the window as drawn, one per axis
     * @param weightIndex the kernel index of the weight applied, one per axis
     * @param kind input cell, padding or inserted zero
     * @param input the value read: the input's value, 0 for padding and inserted zeros (max pooling's padding reads as -infinity)
     * @param weight the weight, or NaN for pooling
     */
    public Tap {
        cell = cell.clone();
        footprint = footprint.clone();
        weightIndex = weightIndex.clone();
    }

    /**
     * Canvas coordinates, one per axis.
     *
     * @return a copy
     */
    @Override
    public int[] cell() {
        return cell.clone();
    }

    /**
     * The tap's index within the window as drawn, one per axis.
     *
     * @return a copy
     */
    @Override
    public int[] footprint() {
        return footprint.clone();
    }

    /**
     * The kernel index of the weight applied, one per axis.
     *
     * @return a copy
     */
    @Override
    public int[] weightIndex() {
        return weightIndex.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tap t && t.channel == channel && Arrays.equals(t.cell, cell)
                && Arrays.equals(t.footprint, footprint) && Arrays.equals(t.weightIndex, weightIndex)
                && t.kind == kind && Double.compare(t.input, input) == 0 && Double.compare(t.weight, weight) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cell) * 31 + channel;
    }

    @Override
    public String toString() {
        return "Tap{c=" + channel + ", cell=" + Arrays.toString(cell) + ", w" + Arrays.toString(weightIndex) + ", "
                + kind + ", x=" + input + ", w=" + weight + "}";
    }
}
