package org.convkit.deconv;

/**
 * A linear map A from R^n to R^m with its adjoint A^T, on double arrays: what {@link LeastSquares}
 * inverts. {@link ConvOperator} is the convolution layer as one.
 */
public interface LinearOperator {
    /**
     * n, the length of x.
     *
     * @return n
     */
    int inputSize();

    /**
     * m, the length of A x.
     *
     * @return m
     */
    int outputSize();

    /**
     * out := A x (out is overwritten).
     *
     * @param x of length n
     * @param out of length m
     */
    void apply(double[] x, double[] out);

    /**
     * out := A^T y (out is overwritten).
     *
     * @param y of length m
     * @param out of length n
     */
    void applyAdjoint(double[] y, double[] out);
}
