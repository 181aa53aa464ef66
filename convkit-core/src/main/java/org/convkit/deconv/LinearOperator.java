package org.convkit.deconv;

/**
 * A linear map A from R^n to R^m with its adjoint A^T, on double arrays: what {@link LeastSquares}
 * inverts. {@link ConvOperator} is the convolution layer as one.
 */
public interface LinearOperator {
    /** n, the length of x. */
    int inputSize();

    /** m, the length of A x. */
    int outputSize();

    /** out := A x (out is overwritten). */
    void apply(double[] x, double[] out);

    /** out := A^T y (out is overwritten). */
    void applyAdjoint(double[] y, double[] out);
}
