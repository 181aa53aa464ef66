package org.convkit.kernel;

import java.util.Arrays;

/**
 * The singular value decomposition {@code A = sum_i sigma_i u_i v_i^T} of a small dense matrix, in
 * double, by one-sided Jacobi (Hestenes) rotations: columns of A are rotated in pairs until all are
 * orthogonal to working precision; their norms are then the singular values. It is among the most
 * accurate SVDs for small matrices (no bidiagonalization, orthogonality to rounding level), short
 * enough to write out, and kernels are at most a few dozen taps a side, where its O(m n^2) sweeps cost
 * nothing. Written here because the core has no dependencies. Immutable.
 */
public final class Svd {
    /** Sweeps after which a matrix that still rotates is reported, not looped on (convergence is quadratic: ~10 suffice). */
    private static final int MAX_SWEEPS = 100;
    private static final double EPS = 0x1p-52;

    private final double[] sigma;
    private final double[][] u;
    private final double[][] v;

    private Svd(double[] sigma, double[][] u, double[][] v) {
        this.sigma = sigma;
        this.u = u;
        this.v = v;
    }

    /**
     * The SVD of {@code a} (rows x columns, rectangular, not ragged): singular values in decreasing order.
     *
     * @param a the matrix, by rows
     * @return its decomposition
     * @throws IllegalArgumentException if the matrix is empty or ragged
     */
    public static Svd of(double[][] a) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("matrix is empty (" + m + " x " + n + "): nothing to decompose");
        }
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("matrix rows have " + n + " and " + row.length + " columns: it must be rectangular");
            }
        }
        if (m >= n) {
            return tall(a, m, n);
        }
        // A^T = U S V^T  gives  A = V S U^T: the wide case is the tall one transposed
        Svd t = tall(transpose(a), n, m);
        return new Svd(t.sigma, t.v, t.u);
    }

    /** Jacobi on the columns of a tall (m >= n) matrix. */
    private static Svd tall(double[][] a, int m, int n) {
        double[][] col = new double[n][m]; // columns of the rotated A, stored as rows for locality
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                col[j][i] = a[i][j];
            }
        }
        // a column whose norm is at rounding level of the whole matrix is zero to working precision:
        // rotating it against the others only stirs its noise and never converges
        double negligible = 0;
        for (double[] c : col) {
            negligible += dot(c, c);
        }
        negligible *= EPS * EPS;
        double[][] vcol = new double[n][n];
        for (int j = 0; j < n; j++) {
            vcol[j][j] = 1;
        }
        for (int sweep = 0; ; sweep++) {
            if (sweep == MAX_SWEEPS) {
                throw new ArithmeticException("one-sided Jacobi did not converge in " + MAX_SWEEPS
                        + " sweeps (matrix " + m + " x " + n + "): does it hold NaN or infinity?");
            }
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = dot(col[p], col[p]);
                    double beta = dot(col[q], col[q]);
                    double gamma = dot(col[p], col[q]);
                    // orthogonal to working precision: a dot product of m terms is good to about m
                    // ulps, so a bound of one ulp was sometimes never reached (rare 4x3 and 5x3
                    // matrices rotated back and forth for 100 sweeps)
                    if (gamma == 0 || Math.abs(gamma) <= m * EPS * Math.sqrt(alpha * beta)
                            || alpha <= negligible || beta <= negligible) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    rotate(col[p], col[q], c, s);
                    rotate(vcol[p], vcol[q], c, s);
                }
            }
            if (!rotated) {
                break;
            }
        }
        Integer[] order = new Integer[n];
        double[] norm = new double[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
            norm[j] = Math.sqrt(dot(col[j], col[j]));
        }
        Arrays.sort(order, (x, y) -> Double.compare(norm[y], norm[x]));
        double[] sigma = new double[n];
        double[][] u = new double[n][];
        double[][] v = new double[n][];
        for (int r = 0; r < n; r++) {
            int j = order[r];
            sigma[r] = norm[j];
            u[r] = new double[m];
            if (norm[j] > 0) {
                for (int i = 0; i < m; i++) {
                    u[r][i] = col[j][i] / norm[j];
                }
            }
            v[r] = vcol[j];
        }
        return new Svd(sigma, u, v);
    }

    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int i = 0; i < x.length; i++) {
            double a = x[i];
            double b = y[i];
            x[i] = c * a - s * b;
            y[i] = s * a + c * b;
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /**
     * min(rows, columns) singular values, largest first.
     *
     * @return a copy
     */
    public double[] singularValues() {
        return sigma.clone();
    }

    /**
     * Left singular vector i (length rows); zero when sigma_i is zero.
     *
     * @param i from 0, in the singular values' order
     * @return a copy
     */
    public double[] left(int i) {
        return u[i].clone();
    }

    /**
     * Right singular vector i (length columns), unit length.
     *
     * @param i from 0, in the singular values' order
     * @return a copy
     */
    public double[] right(int i) {
        return v[i].clone();
    }

    /**
     * Singular values above {@code relativeTolerance * sigma_max}.
     *
     * @param relativeTolerance the cut, relative to the largest singular value
     * @return the numerical rank
     */
    public int rank(double relativeTolerance) {
        int r = 0;
        while (r < sigma.length && sigma[r] > relativeTolerance * sigma[0]) {
            r++;
        }
        return r;
    }
}
