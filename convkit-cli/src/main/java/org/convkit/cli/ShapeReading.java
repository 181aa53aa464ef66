package org.convkit.cli;

import java.util.Arrays;
import java.util.Collections;

import org.convkit.spec.Geometry;

/**
 * How {@code shape} reads {@code --input}: batched {@code (N, C, spatial...)} or unbatched
 * {@code (C, spatial...)}. {@code conv} tells them apart by the weight's rank; here the kernel's
 * value count plays that part ({@code --kernel 3,3} names two spatial dimensions, so an input of
 * rank 3 is an unbatched image). One value names none, and a rank-3 or rank-4 input could be
 * either: it is read as batched, and {@link #ambiguity} says so and how to ask for the other.
 *
 * @param batched whether the first value is the batch
 * @param dims the spatial dimensions
 * @param ambiguous whether one kernel value left the reading open
 */
record ShapeReading(boolean batched, int dims, boolean ambiguous) {
    /** Reads an input shape of {@code rank} values with {@code kernelValues} kernel sizes. */
    static ShapeReading of(int[] input, int kernelValues) {
        int rank = input.length;
        if (kernelValues > 1) {
            if (rank == kernelValues + 2 || rank == kernelValues + 1) {
                return new ShapeReading(rank == kernelValues + 2, kernelValues, false);
            }
            throw new IllegalArgumentException("--kernel has " + kernelValues + " values, so --input "
                    + Arrays.toString(input) + " should have " + (kernelValues + 1) + " (C, " + axes(kernelValues)
                    + ") or " + (kernelValues + 2) + " (N, C, " + axes(kernelValues) + ") values, as conv reads an "
                    + "input with a " + kernelValues + "-D weight");
        }
        if (rank == 2) {
            return new ShapeReading(false, 1, false);
        }
        if (rank == 5) {
            return new ShapeReading(true, 3, false);
        }
        if (rank == 3 || rank == 4) {
            return new ShapeReading(true, rank - 2, true);
        }
        throw new IllegalArgumentException("input shape " + Arrays.toString(input) + " has " + rank + " dimensions "
                + "but must be (N, C, spatial...) or (C, spatial...) with 1 to 3 spatial dimensions: 2 to 5 values");
    }

    /** Where the spatial extents start in the input shape. */
    int spatialStart() {
        return batched ? 2 : 1;
    }

    /** The input's channels. */
    int channels(int[] input) {
        return input[spatialStart() - 1];
    }

    /** The axes' names, e.g. {@code N, C, height, width}. */
    String axesLabel() {
        return (batched ? "N, C, " : "C, ") + ShapeCommand.axes(dims);
    }

    /**
     * For an ambiguous reading, the sentence that says which was taken and how to get the other
     * (null otherwise), e.g. "read as batched (N = 3); --kernel 3,3 reads it as unbatched (C, H, W),
     * as conv does with a 2-D weight".
     */
    String ambiguity(int[] input, int kernel) {
        if (!ambiguous) {
            return null;
        }
        int other = dims + 1;
        return "read as batched (N = " + input[0] + ", " + input[1] + " channels); --kernel "
                + String.join(",", Collections.nCopies(other, String.valueOf(kernel))) + " reads it as unbatched (C, "
                + axes(other) + "), as conv does with a " + other + "-D weight";
    }

    /** Spatial axes' short names: L; H, W; D, H, W. */
    static String axes(int dims) {
        String[] names = new String[dims];
        for (int i = 0; i < dims; i++) {
            names[i] = Geometry.axisName(i, dims).substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        }
        return String.join(", ", names);
    }
}
