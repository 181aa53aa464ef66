package org.convkit.deconv;

import java.util.Arrays;
import java.util.Objects;

import org.convkit.ConvOptions;
import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

/**
 * The inverse of a linear map in the least-squares sense: {@code x = argmin ||A x - y||^2 + lambda
 * ||x||^2}, by conjugate gradients on the normal equations {@code (A^T A + lambda I) x = A^T y}
 * (CGLS: it never forms A^T A, only applies A and A^T once per iteration, and updates the residual
 * {@code y - A x} rather than the normal one, which keeps it stable). Scalar products and vectors
 * are double.
 *
 * <p>For a convolution layer ({@link #invert}) A is the convolution and A^T its transposed
 * convolution; the bias is subtracted from the output first. When the layer is injective (as many
 * independent outputs as inputs, at least) and lambda = 0, this gives the layer's input back; when
 * it is not, it gives the input of least norm among those that explain the output best (CGLS from
 * x = 0 stays in the range of A^T), and its residual is orthogonal to the range: {@code A^T(Ax - y)
 * = 0}. Stops when the normal-equations residual {@code ||A^T(y - Ax) - lambda x||} falls to
 * {@code tolerance} times its starting value {@code ||A^T y||}, or after the maximum iterations.
 */
public final class LeastSquares {
    private LeastSquares() {
    }

    /** Tolerance, iteration cap, lambda and listener. Defaults: 1e-6, 500, 0, none. */
    public static final class Settings {
        private static final Settings DEFAULTS = new Settings(1e-6, 500, 0, IterationListener.NONE);
        private final double tolerance;
        private final int maxIterations;
        private final double lambda;
        private final IterationListener listener;

        private Settings(double tolerance, int maxIterations, double lambda, IterationListener listener) {
            this.tolerance = tolerance;
            this.maxIterations = maxIterations;
            this.lambda = lambda;
            this.listener = listener;
        }

        /**
         * Tolerance 1e-6, at most 500 iterations, no regularization, no listener.
         *
         * @return the default settings
         */
        public static Settings defaults() {
            return DEFAULTS;
        }

        /**
         * Relative normal-equations residual to stop at, in [0, 1); 0 runs every iteration.
         *
         * @param t the tolerance
         * @return settings with this change
         * @throws IllegalArgumentException if it is outside [0, 1)
         */
        public Settings withTolerance(double t) {
            if (!(t >= 0 && t < 1)) {
                throw new IllegalArgumentException("tolerance must be in [0, 1), got " + t + "; 1e-6 is the default");
            }
            return new Settings(t, maxIterations, lambda, listener);
        }

        /**
         * The most CGLS iterations to run.
         *
         * @param n at least 1
         * @return settings with this change
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Settings withMaxIterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("iterations must be at least 1, got " + n);
            }
            return new Settings(tolerance, n, lambda, listener);
        }

        /**
         * The Tikhonov weight on {@code ||x||^2}: at least 0.
         *
         * @param l a finite number, at least 0 (0: plain least squares)
         * @return settings with this change
         * @throws IllegalArgumentException if it is negative, infinite or NaN
         */
        public Settings withRegularization(double l) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("regularization must be a finite number >= 0, got " + l
                        + "; 0 (the default) is the plain least-squares inverse");
            }
            return new Settings(tolerance, maxIterations, l, listener);
        }

        /**
         * Told after every iteration, so a long solve can show its progress.
         *
         * @param l the listener
         * @return settings with this change
         * @throws NullPointerException if {@code l} is null
         */
        public Settings withListener(IterationListener l) {
            return new Settings(tolerance, maxIterations, lambda, Objects.requireNonNull(l, "listener"));
        }

        /**
         * The relative normal-equations residual to stop at.
         *
         * @return the tolerance
         */
        public double tolerance() {
            return tolerance;
        }

        /**
         * The most iterations run.
         *
         * @return the cap
         */
        public int maxIterations() {
            return maxIterations;
        }

        /**
         * The Tikhonov weight on {@code ||x||^2}.
         *
         * @return lambda, at least 0
         */
        public double regularization() {
            return lambda;
        }

        /**
         * Told after every iteration.
         *
         * @return the listener (a no-op by default)
         */
        public IterationListener listener() {
            return listener;
        }
    }

    /**
     * A solve's outcome: x, the iterations run, the relative residual {@code ||Ax - y|| / ||y||},
     * the relative normal-equations residual {@code ||A^T(y - Ax) - lambda x|| / ||A^T y||} (both
     * recomputed from x, not the recurrences) and whether the tolerance was reached.
     *
     * @param x the solution
     * @param iterations the iterations run
     * @param residual {@code ||Ax - y|| / ||y||}
     * @param normalResidual {@code ||A^T(y - Ax) - lambda x|| / ||A^T y||}
     * @param converged whether the tolerance was reached
     */
    public record Solution(double[] x, int iterations, double residual, double normalResidual, boolean converged) {
        /**
         * x as a float32 tensor of the given shape.
         *
         * @param shape extents holding x's length
         * @return a new tensor, each value rounded to float32
         */
        public Tensor toTensor(int... shape) {
            float[] f = new float[x.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) x[i];
            }
            return Tensor.of(f, shape);
        }
    }

    /**
     * Solves {@code min ||A x - y||^2 + lambda ||x||^2} by CGLS from x = 0 (see the class comment).
     *
     * @param a the operator A
     * @param y the data, of A's output size
     * @param s tolerance, iteration cap, lambda and listener
     * @return x and how the solve went
     * @throws IllegalArgumentException if y's length is not A's output size
     */
    public static Solution solve(LinearOperator a, double[] y, Settings s) {
        if (y.length != a.outputSize()) {
            throw new IllegalArgumentException("y has " + y.length + " values but the operator's output has "
                    + a.outputSize());
        }
        int n = a.inputSize();
        double lambda = s.regularization();
        double[] x = new double[n];
        double[] r = y.clone();
        double[] g = new double[n];
        a.applyAdjoint(r, g);
        double start = Math.sqrt(dot(g, g));
        double[] p = g.clone();
        double[] q = new double[y.length];
        double gamma = start * start;
        double yNorm = Math.sqrt(dot(y, y));
        int it = 0;
        boolean converged = start == 0;
        while (!converged && it < s.maxIterations()) {
            a.apply(p, q);
            double delta = dot(q, q) + lambda * dot(p, p);
            if (!(delta > 0)) {
                break;
            }
            double alpha = gamma / delta;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
            }
            for (int i = 0; i < r.length; i++) {
                r[i] -= alpha * q[i];
            }
            a.applyAdjoint(r, g);
            for (int i = 0; i < n; i++) {
                g[i] -= lambda * x[i];
            }
            double next = dot(g, g);
            it++;
            double rel = Math.sqrt(next) / start;
            // CGLS carries r = y - Ax, so the residual a person wants to watch costs one dot product
            s.listener().iteration(it, s.maxIterations(), rel, yNorm == 0 ? Math.sqrt(dot(r, r))
                    : Math.sqrt(dot(r, r)) / yNorm);
            if (rel <= s.tolerance()) {
                converged = true;
                break;
            }
            if (Double.isNaN(rel)) {
                break;
            }
            double beta = next / gamma;
            for (int i = 0; i < n; i++) {
                p[i] = g[i] + beta * p[i];
            }
            gamma = next;
        }
        a.apply(x, q);
        for (int i = 0; i < q.length; i++) {
            q[i] = y[i] - q[i];
        }
        double residual = yNorm == 0 ? Math.sqrt(dot(q, q)) : Math.sqrt(dot(q, q)) / yNorm;
        a.applyAdjoint(q, g);
        for (int i = 0; i < n; i++) {
            g[i] -= lambda * x[i];
        }
        double normal = start == 0 ? 0 : Math.sqrt(dot(g, g)) / start;
        return new Solution(x, it, residual, normal, converged);
    }

    /**
     * A layer inversion's outcome: the recovered input, and the solve that found it.
     *
     * @param input the recovered input, of the layer's input shape
     * @param solution the solve that found it
     */
    public record Inversion(Tensor input, Solution solution) {
    }

    /**
     * {@link #invert(Tensor, Tensor, Tensor, ConvSpec, int[], ConvOptions, Settings)} with the
     * smallest input shape, the fast engine and the default settings.
     *
     * @param output the layer's output: {@code (N, Cout, out...)} or {@code (Cout, out...)}
     * @param weight the layer's weight: {@code (Cout, Cin/groups, k...)}
     * @param bias the layer's bias {@code (Cout)}, or null
     * @param spec the layer's stride, padding, dilation, groups and padding mode
     * @return the recovered input and the solve that found it
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static Inversion invert(Tensor output, Tensor weight, Tensor bias, ConvSpec spec) {
        return invert(output, weight, bias, spec, null, ConvOptions.defaults(), Settings.defaults());
    }

    /**
     * Recovers a convolution layer's input from its output: {@code output = Conv(input, weight,
     * bias, spec)}.
     *
     * @param output the layer's output: {@code (N, Cout, out...)} or {@code (Cout, out...)}
     * @param weight the layer's weight: {@code (Cout, Cin/groups, k...)}
     * @param bias the layer's bias {@code (Cout)}, or null
     * @param spec the layer's stride, padding, dilation, groups and padding mode
     * @param inputShape the input's shape, or null for {@link #defaultInputShape} (with stride s, up to
     *     s - 1 larger inputs give the same output: give the shape the layer saw)
     * @param options the fast engine's options, or null for the exact double-precision loops
     *     ({@link ConvOperator#exact})
     * @param s tolerance, iteration cap, lambda and listener
     * @return the recovered input, of {@code inputShape}, and the solve that found it
     * @throws IllegalArgumentException if the output's shape is not what this input shape gives, or the
     *     bias does not fit
     */
    public static Inversion invert(Tensor output, Tensor weight, Tensor bias, ConvSpec spec, int[] inputShape,
                                   ConvOptions options, Settings s) {
        int[] in = inputShape == null ? defaultInputShape(output.shape(), weight.shape(), spec) : inputShape.clone();
        ConvOperator layer = options == null ? ConvOperator.exact(in, weight, spec) : ConvOperator.of(in, weight, spec, options);
        int[] expected = layer.outputShape();
        if (!Arrays.equals(expected, output.shape())) {
            throw new IllegalArgumentException("the layer's output has shape " + Arrays.toString(output.shape())
                    + " but this convolution of an input " + Arrays.toString(in) + " gives " + Arrays.toString(expected)
                    + "; give the input shape the layer saw");
        }
        layer.problem().checkBias(bias == null ? null : bias.shape());
        double[] y = new double[output.numel()];
        float[] o = output.data();
        int channels = layer.problem().outChannels();
        int perChannel = layer.outputSize() / Math.max(1, layer.problem().batch() * channels);
        for (int i = 0; i < y.length; i++) {
            y[i] = o[i] - (bias == null ? 0 : bias.data()[(i / perChannel) % channels]);
        }
        Solution sol = solve(layer, y, s);
        return new Inversion(sol.toTensor(layer.inputShape()), sol);
    }

    /**
     * The input shape assumed when none is given: the smallest input giving this output (with
     * stride s, up to s - 1 larger inputs give the same output size, and their last cells would be
     * read by no window or guessed: give the shape explicitly then). It starts from the shape the
     * transposed convolution with the same settings restores, which is that smallest input for
     * explicit padding but not for 'same' (which the transposed convolution reads as "out = in x
     * stride": 7 cells at stride 2 give 4, which it takes back to 8), and shrinks each spatial extent
     * while the output stays the same.
     *
     * @param outputShape the layer's output shape
     * @param weightShape the layer's weight: {@code (Cout, Cin/groups, k...)}
     * @param spec the layer's stride, padding, dilation, groups and padding mode
     * @return the smallest input shape giving {@code outputShape}
     */
    public static int[] defaultInputShape(int[] outputShape, int[] weightShape, ConvSpec spec) {
        int[] s = ConvTranspose.outputShape(outputShape, weightShape.clone(), spec.withOutputPadding(0));
        int[] back = Conv.outputShape(s, weightShape, spec);
        if (!Arrays.equals(back, outputShape)) {
            throw new IllegalArgumentException("no input size gives the output " + Arrays.toString(outputShape)
                    + " by the rule the transposed convolution follows (it gives " + Arrays.toString(s) + ", which "
                    + "convolves to " + Arrays.toString(back) + "); give the input shape explicitly");
        }
        for (int d = s.length - (weightShape.length - 2); d < s.length; d++) {
            while (s[d] > 1 && givesOutput(s, d, weightShape, spec, outputShape)) {
                s[d]--;
            }
        }
        return s;
    }

    /** Whether {@code shape} with one cell fewer along {@code dim} still convolves to {@code output}. */
    private static boolean givesOutput(int[] shape, int dim, int[] weightShape, ConvSpec spec, int[] output) {
        int[] smaller = shape.clone();
        smaller[dim]--;
        try {
            return Arrays.equals(Conv.outputShape(smaller, weightShape, spec), output);
        } catch (IllegalArgumentException tooSmall) {
            // smaller than the kernel's span, or than reflect padding allows: no output at all
            return false;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
