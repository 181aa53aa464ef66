package org.convkit.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.convkit.ConvOptions;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.tensor.Tensor;

/**
 * How a 2-D or 3-D kernel separates into 1-D factors: its numerical rank, the rank-1 terms that
 * rebuild it, what separating saves, and the kernel applied as 1-D passes ({@link #apply}).
 *
 * <p><b>2-D.</b> The rank is the number of singular values of the kernel (as a k1 x k2 matrix)
 * above {@code tolerance * sigma_max}; the terms are the first {@code rank} of
 * {@code sigma_i u_i v_i^T}, which is also the best rank-r approximation in the 2-norm and the
 * Frobenius norm (Eckart-Young), see {@link #approximation}.
 *
 * <p><b>3-D.</b> The kernel (k0, k1, k2) is unfolded to a k0 x (k1 k2) matrix; each of its
 * significant singular terms {@code sigma_i a_i (x) P_i} has a plane P_i (k1 x k2) that is
 * decomposed in turn, and a term is kept when its weight {@code sigma_i * s_ij} passes the
 * tolerance relative to the unfolding's sigma_max. The result is a sum of
 * {@code depth (x) column (x) row} terms that rebuilds the kernel; its count, reported as
 * {@link #rank}, is 1 exactly when the kernel separates into three 1-D factors, and otherwise an
 * upper bound on the kernel's tensor rank (the least such count, the CP rank, has no closed form).
 *
 * <p><b>Default tolerance</b>: {@code max(k) * 2^-23}, NumPy's {@code matrix_rank} rule for float32
 * data, since kernels arrive as float32: a kernel that is rank 1 before its elements are rounded to
 * float is still found rank 1, while a real second term must carry at least that fraction of the
 * first.
 *
 * <p><b>How factors are scaled.</b> A rank-1 kernel of integers (up to 2^24) gets integer factors,
 * each but the first reduced by its greatest common divisor ({@code [1, 2, 1] (x) [1, 0, -1]} for
 * Sobel), when they rebuild it exactly. Otherwise each term's factors share its weight equally
 * (each has norm {@code weight^(1/D)}), which turns a Gaussian {@code g g^T} back into g itself, and
 * every factor but the first is signed so its first significant entry is positive.
 */
public final class Separation {
    private final int[] kernel;
    private final double[] values;
    private final double tolerance;
    private final double[] singularValues;
    private final List<Factors> terms;
    private final Svd svd;

    private Separation(int[] kernel, double[] values, double tolerance, double[] singularValues, List<Factors> terms,
                       Svd svd) {
        this.kernel = kernel;
        this.values = values;
        this.tolerance = tolerance;
        this.singularValues = singularValues;
        this.terms = List.copyOf(terms);
        this.svd = svd;
    }

    /**
     * The default relative tolerance for a kernel of these sizes: {@code max(k) * 2^-23}.
     *
     * @param kernelShape the kernel's extents
     * @return the tolerance, relative to the largest singular value
     */
    public static double defaultTolerance(int[] kernelShape) {
        return Arrays.stream(kernelShape).max().orElse(1) * 0x1p-23;
    }

    /**
     * The separation of a kernel under the {@link #defaultTolerance default tolerance}.
     *
     * @param kernel a 2-D {@code (k1, k2)} or 3-D {@code (k0, k1, k2)} kernel
     * @return its rank and factors
     * @throws IllegalArgumentException if the kernel is not 2-D or 3-D, or has a non-finite value
     */
    public static Separation of(Tensor kernel) {
        check(kernel);
        return of(kernel, defaultTolerance(kernel.shape()));
    }

    /**
     * The separation of a 2-D (k1, k2) or 3-D (k0, k1, k2) kernel under {@code tolerance}, relative to sigma_max.
     *
     * @param kernel a 2-D {@code (k1, k2)} or 3-D {@code (k0, k1, k2)} kernel
     * @param tolerance at least 0: singular values at or below {@code tolerance * sigma_max} count as zero
     * @return its rank and factors
     * @throws IllegalArgumentException if the kernel is not 2-D or 3-D, or the tolerance is negative or not finite
     */
    public static Separation of(Tensor kernel, double tolerance) {
        check(kernel);
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance " + tolerance + " must be a finite number >= 0 (relative to "
                    + "the largest singular value; the default for this kernel is "
                    + defaultTolerance(kernel.shape()) + ")");
        }
        int[] size = kernel.shape();
        double[] k = new double[kernel.numel()];
        for (int i = 0; i < k.length; i++) {
            k[i] = kernel.data()[i];
        }
        return size.length == 2 ? planar(size, k, tolerance) : cubic(size, k, tolerance);
    }

    private static void check(Tensor kernel) {
        int[] s = kernel.shape();
        if (s.length != 2 && s.length != 3) {
            throw new IllegalArgumentException("kernel has shape " + Arrays.toString(s) + " (" + s.length
                    + "-D) but separation needs a 2-D (k1, k2) or 3-D (k0, k1, k2) kernel; drop a weight's "
                    + "(out, in) dimensions first");
        }
        if (kernel.numel() == 0) {
            throw new IllegalArgumentException("kernel has shape " + Arrays.toString(s) + ": it is empty");
        }
        float[] d = kernel.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new IllegalArgumentException("kernel element " + Arrays.toString(Ints.coords(i, s)) + " is "
                        + d[i] + ": a kernel with NaN or infinity has no rank");
            }
        }
    }

    private static Separation planar(int[] size, double[] k, double tolerance) {
        Svd svd = Svd.of(matrix(k, size[0], size[1]));
        int rank = svd.rank(tolerance);
        List<Factors> terms = new ArrayList<>();
        Factors integer = rank == 1 && IntegerFactors.integral(k) ? IntegerFactors.of(k, size) : null;
        if (integer != null) {
            terms.add(integer);
        } else {
            terms.addAll(svdTerms(svd, rank));
        }
        return new Separation(size, k, tolerance, svd.singularValues(), terms, svd);
    }

    private static Separation cubic(int[] size, double[] k, double tolerance) {
        int plane = size[1] * size[2];
        Svd unfolded = Svd.of(matrix(k, size[0], plane));
        double[] sigma = unfolded.singularValues();
        List<Factors> terms = new ArrayList<>();
        for (int i = 0; i < unfolded.rank(tolerance); i++) {
            Svd p = Svd.of(matrix(unfolded.right(i), size[1], size[2]));
            double[] s = p.singularValues();
            for (int j = 0; j < s.length && sigma[i] * s[j] > tolerance * sigma[0]; j++) {
                terms.add(balanced(sigma[i] * s[j], unfolded.left(i), p.left(j), p.right(j)));
            }
        }
        if (terms.size() == 1 && IntegerFactors.integral(k)) {
            Factors integer = IntegerFactors.of(k, size);
            if (integer != null) {
                terms.set(0, integer);
            }
        }
        return new Separation(size, k, tolerance, sigma, terms, null);
    }

    private static List<Factors> svdTerms(Svd svd, int r) {
        double[] sigma = svd.singularValues();
        List<Factors> terms = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            terms.add(balanced(sigma[i], svd.left(i), svd.right(i)));
        }
        return terms;
    }

    /** weight * (x) unit vectors, the weight shared equally and every factor but the first signed positive. */
    private static Factors balanced(double weight, double[]... unit) {
        double share = Math.pow(weight, 1.0 / unit.length);
        double[][] f = new double[unit.length][];
        double sign = 1;
        for (int d = unit.length - 1; d >= 0; d--) {
            f[d] = unit[d].clone();
            double s = d == 0 ? sign : leadingSign(f[d]);
            sign *= d == 0 ? 1 : s;
            for (int i = 0; i < f[d].length; i++) {
                f[d][i] *= share * s;
            }
        }
        return new Factors(f);
    }

    /** The sign of the first entry that is not rounding noise (above 1e-9 of the largest). */
    private static double leadingSign(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        for (double x : v) {
            if (Math.abs(x) > 1e-9 * max) {
                return Math.signum(x);
            }
        }
        return 1;
    }

    private static double[][] matrix(double[] k, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(k, i * cols, m[i], 0, cols);
        }
        return m;
    }

    /**
     * The kernel's sizes.
     *
     * @return a copy
     */
    public int[] kernelShape() {
        return kernel.clone();
    }

    /**
     * The relative tolerance the rank was decided under.
     *
     * @return the tolerance
     */
    public double tolerance() {
        return tolerance;
    }

    /**
     * The number of rank-1 terms kept (2-D: the numerical rank; 3-D: see the class comment). 0 for an all-zero kernel.
     *
     * @return the rank
     */
    public int rank() {
        return terms.size();
    }

    /**
     * True when one term (or none, for an all-zero kernel) rebuilds the kernel: 1-D passes compute it exactly.
     *
     * @return whether the kernel separates
     */
    public boolean separable() {
        return terms.size() <= 1;
    }

    /**
     * Singular values, largest first: the kernel's in 2-D, its depth unfolding's (k0 x k1 k2) in 3-D.
     *
     * @return a copy
     */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /**
     * The rank-1 terms whose sum rebuilds the kernel, largest first.
     *
     * @return an unmodifiable list
     */
    public List<Factors> factors() {
        return terms;
    }

    /**
     * The largest |kernel - sum of the terms| over the kernel's elements.
     *
     * @return the error, in the kernel's units
     */
    public double maxError() {
        return maxError(terms);
    }

    /**
     * The sum of the terms, rounded to float32.
     *
     * @return a new tensor of the kernel's shape
     */
    public Tensor rebuild() {
        return Tensor.of(toFloat(sum(terms)), kernel.clone());
    }

    /**
     * The best approximation of a 2-D kernel by {@code r} rank-1 terms (Eckart-Young: the first r
     * singular terms), with its largest elementwise error. r may pass the numerical rank, up to
     * min(k1, k2), where the error is at rounding level.
     *
     * @param r from 0 to min(k1, k2)
     * @return the terms, the kernel they sum to and its error
     * @throws IllegalArgumentException if r is out of range or the kernel is 3-D
     */
    public Approximation approximation(int r) {
        if (svd == null) {
            throw new IllegalArgumentException("the best rank-" + r + " approximation is computed for 2-D kernels only: "
                    + "a 3-D kernel's best low-rank (CP) approximation has no closed form; use factors() for its exact terms");
        }
        int max = Math.min(kernel[0], kernel[1]);
        if (r < 0 || r > max) {
            throw new IllegalArgumentException("rank " + r + " is outside 0.." + max + " for a " + kernel[0] + " x "
                    + kernel[1] + " kernel");
        }
        List<Factors> t = r == terms.size() ? terms : svdTerms(svd, r);
        return new Approximation(r, t, Tensor.of(toFloat(sum(t)), kernel.clone()), maxError(t));
    }

    /**
     * Weights of the full kernel against the separated form: prod(k) against rank * sum(k).
     *
     * @return the two counts
     */
    public Count parameters() {
        return new Count(Ints.product(kernel), (long) terms.size() * Ints.sum(kernel));
    }

    /**
     * Multiplies per output cell (per channel): prod(k) for the direct kernel against rank * sum(k)
     * for the 1-D passes; for a stride of 1, where every intermediate cell is used by one output.
     *
     * @return the two counts
     */
    public Count multipliesPerOutput() {
        return parameters();
    }

    /**
     * The kernel applied to every channel of {@code input} on its own, as 1-D passes of its factors
     * through {@link org.convkit.Conv}: equal (to float rounding of the factors) to the direct
     * convolution with the kernel as a depthwise weight (C, 1, k...) and groups C, under {@code spec}'s
     * stride, padding (any mode), dilation and flip.
     *
     * @param input {@code (N, C, spatial...)} or unbatched {@code (C, spatial...)}
     * @param spec stride, padding, padding mode, dilation and flip; its groups must be 1
     * @return {@code (N, C, out...)} or {@code (C, out...)}
     * @throws IllegalArgumentException if the shapes do not fit or the spec has groups
     */
    public Tensor apply(Tensor input, ConvSpec spec) {
        return apply(input, spec, ConvOptions.defaults());
    }

    /**
     * {@link #apply(Tensor, ConvSpec)} with the algorithm, threads and tuning of {@code options}.
     *
     * @param input {@code (N, C, spatial...)} or unbatched {@code (C, spatial...)}
     * @param spec stride, padding, padding mode, dilation and flip; its groups must be 1
     * @param options the algorithm, threads and tuning of each pass
     * @return {@code (N, C, out...)} or {@code (C, out...)}
     * @throws IllegalArgumentException if the shapes do not fit or the spec has groups
     */
    public Tensor apply(Tensor input, ConvSpec spec, ConvOptions options) {
        return FactorPasses.apply(terms, kernel, input, spec, options);
    }

    private double maxError(List<Factors> t) {
        double[] s = sum(t);
        double worst = 0;
        for (int i = 0; i < s.length; i++) {
            worst = Math.max(worst, Math.abs(s[i] - values[i]));
        }
        return worst;
    }

    private double[] sum(List<Factors> t) {
        double[] s = new double[values.length];
        for (int i = 0; i < s.length; i++) {
            int[] at = Ints.coords(i, kernel);
            for (Factors f : t) {
                s[i] += f.at(at);
            }
        }
        return s;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * A count for the full kernel and for its separated form.
     *
     * @param full the count for the full kernel
     * @param separable the count for the separated form
     */
    public record Count(long full, long separable) {
        /**
         * separable / full: below 1 when separating pays.
         *
         * @return the ratio
         */
        public double ratio() {
            return (double) separable / full;
        }
    }

    /**
     * A rank-r approximation: its terms, the kernel they sum to, and the largest elementwise error.
     *
     * @param rank the terms used
     * @param factors the terms, largest first
     * @param kernel the kernel they sum to, rounded to float32
     * @param maxError the largest elementwise |kernel - approximation|
     */
    public record Approximation(int rank, List<Factors> factors, Tensor kernel, double maxError) {
    }
}
