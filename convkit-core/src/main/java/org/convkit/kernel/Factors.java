package org.convkit.kernel;

import java.util.Arrays;

/**
 * One rank-1 term of a kernel: the outer product of one 1-D factor per spatial dimension, e.g.
 * {@code column (x) row} in 2-D, so that {@code term[i][j] = column[i] * row[j]}; in 3-D
 * {@code depth (x) column (x) row}. Immutable; the accessors return copies.
 */
public final class Factors {
    private final double[][] vectors;

    Factors(double[][] vectors) {
        this.vectors = vectors;
    }

    /**
     * Number of factors: the kernel's number of dimensions.
     *
     * @return 2 or 3
     */
    public int dims() {
        return vectors.length;
    }

    /**
     * The factor along dimension d (0 = the first kernel dimension).
     *
     * @param d the kernel dimension
     * @return a copy, as long as the kernel's extent there
     */
    public double[] get(int d) {
        return vectors[d].clone();
    }

    /**
     * The factor along the kernel's second-to-last dimension (its height): a column.
     *
     * @return a copy
     */
    public double[] column() {
        return get(dims() - 2);
    }

    /**
     * The factor along the kernel's last dimension (its width): a row.
     *
     * @return a copy
     */
    public double[] row() {
        return get(dims() - 1);
    }

    /**
     * The factor along a 3-D kernel's first dimension.
     *
     * @return a copy
     * @throws IllegalStateException for a 2-D term, which has no depth factor
     */
    public double[] depth() {
        if (dims() != 3) {
            throw new IllegalStateException("a " + dims() + "-D term has no depth factor");
        }
        return get(0);
    }

    /** The term's value at kernel position {@code index} (one coordinate per dimension). */
    double at(int... index) {
        double p = 1;
        for (int d = 0; d < vectors.length; d++) {
            p *= vectors[d][index[d]];
        }
        return p;
    }

    double[] view(int d) {
        return vectors[d];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < vectors.length; d++) {
            sb.append(d == 0 ? "" : " (x) ").append(Arrays.toString(vectors[d]));
        }
        return sb.toString();
    }
}
