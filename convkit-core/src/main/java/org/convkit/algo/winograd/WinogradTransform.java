package org.convkit.algo.winograd;

import java.util.Arrays;

/**
 * The three matrices of Winograd's minimal filtering algorithm F(m, r), which computes m outputs of
 * an r-tap correlation from a tile of {@code alpha = m + r - 1} inputs with alpha multiplications:
 * {@code y = A^T [(G g) . (B^T d)]}. Nested on both axes it gives F(m x m, r x r):
 * {@code Y = A^T [(G g G^T) . (B^T d B)] A}.
 *
 * <p>The matrices are built, not copied from a paper, by the Toom-Cook construction on alpha - 1
 * finite points and the point at infinity: the correlation is the transpose of the polynomial
 * product of the kernel and the output, so A^T is the output's evaluation matrix transposed, G the
 * kernel's evaluation matrix and B^T the transposed inverse of the product's evaluation matrix. Each
 * finite point's factor {@code f = prod (p - q)} over the other finite points is moved from B^T into
 * G, which leaves B^T (applied to every input tile, in float) with small exact entries and puts the
 * fractions into G (applied once per call to the weights).
 */
final class WinogradTransform {
    final int m;
    final int r;
    final int alpha;
    /** m x alpha: the output transform. */
    final TileTransform output;
    /** alpha x r: the weight transform. */
    final TileTransform weight;
    /** alpha x alpha: the input transform. */
    final TileTransform input;
    /**
     * alpha x m, A: takes an m x m tile of the output's gradient into the transformed domain, and
     * r x alpha, G^T: brings a transformed weight gradient back; the adjoints of the output and
     * weight transforms, which the weight gradient {@code dg = G^T [sum over tiles (A dY A^T) . (B^T d B)] G}
     * runs through.
     */
    final TileTransform outputAdjoint;
    final TileTransform weightAdjoint;
    private final double[] points;

    private WinogradTransform(int m, int r, double[] points) {
        this.m = m;
        this.r = r;
        this.alpha = m + r - 1;
        if (points.length != alpha - 1) {
            throw new IllegalArgumentException("F(" + m + ", " + r + ") needs " + (alpha - 1) + " finite points, got "
                    + points.length);
        }
        this.points = points.clone();
        double[][] vx = evaluation(points, m);
        double[][] vg = evaluation(points, r);
        double[][] vinv = invert(evaluation(points, alpha));
        double[][] at = new double[m][alpha];
        double[][] g = new double[alpha][r];
        double[][] bt = new double[alpha][alpha];
        for (int xi = 0; xi < alpha; xi++) {
            double f = factor(points, xi);
            for (int i = 0; i < m; i++) {
                at[i][xi] = vx[xi][i];
            }
            for (int k = 0; k < r; k++) {
                g[xi][k] = vg[xi][k] / f;
            }
            for (int j = 0; j < alpha; j++) {
                bt[xi][j] = clean(vinv[j][xi] * f);
            }
        }
        this.output = new TileTransform(at);
        this.weight = new TileTransform(g);
        this.input = new TileTransform(bt);
        this.outputAdjoint = new TileTransform(transpose(at));
        this.weightAdjoint = new TileTransform(transpose(g));
    }

    /**
     * F(4, 3) on the points 0, 1, -1, 1/2, -2 (and infinity): 6 x 6 tiles, 2.25 multiplications
     * per output instead of 9. Replacing Lavin's 2 by 1/2 lowers the transforms' amplification of
     * rounding error (the error table in {@link WinogradConv} was measured with both).
     */
    static WinogradTransform f43() {
        return new WinogradTransform(4, 3, new double[] {0, 1, -1, 0.5, -2});
    }

    /** F(4, 3) on Lavin and Gray's points 0, 1, -1, 2, -2: kept to measure the choice against. */
    static WinogradTransform f43Lavin() {
        return new WinogradTransform(4, 3, new double[] {0, 1, -1, 2, -2});
    }

    /** F(2, 3) on 0, 1, -1: 4 x 4 tiles, 4 multiplications per output, and less rounding error. */
    static WinogradTransform f23() {
        return new WinogradTransform(2, 3, new double[] {0, 1, -1});
    }

    /** Any F(m, r) on the given alpha - 1 distinct finite points. */
    static WinogradTransform of(int m, int r, double... points) {
        return new WinogradTransform(m, r, points);
    }

    /**
     * Rows: the finite points, then infinity; columns: the powers 0 .. n-1. Evaluating a polynomial
     * of degree n - 1 at infinity means taking its leading coefficient.
     */
    private static double[][] evaluation(double[] points, int n) {
        double[][] v = new double[points.length + 1][n];
        for (int xi = 0; xi < points.length; xi++) {
            double pow = 1;
            for (int j = 0; j < n; j++) {
                v[xi][j] = pow;
                pow *= points[xi];
            }
        }
        v[points.length][n - 1] = 1;
        return v;
    }

    /** prod (p_xi - p_j) over the other finite points; 1 for the point at infinity. */
    private static double factor(double[] points, int xi) {
        if (xi == points.length) {
            return 1;
        }
        double f = 1;
        for (int j = 0; j < points.length; j++) {
            if (j != xi) {
                f *= points[xi] - points[j];
            }
        }
        return f;
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

    /** Gauss-Jordan with partial pivoting: the matrices are tiny and well enough conditioned. */
    private static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(w[i][c]) > Math.abs(w[pivot][c])) {
                    pivot = i;
                }
            }
            if (w[pivot][c] == 0) {
                throw new IllegalArgumentException("the Winograd points must be distinct");
            }
            double[] t = w[c];
            w[c] = w[pivot];
            w[pivot] = t;
            double d = w[c][c];
            for (int j = 0; j < 2 * n; j++) {
                w[c][j] /= d;
            }
            for (int i = 0; i < n; i++) {
                if (i != c && w[i][c] != 0) {
                    double f = w[i][c];
                    for (int j = 0; j < 2 * n; j++) {
                        w[i][j] -= f * w[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][];
        for (int i = 0; i < n; i++) {
            inv[i] = Arrays.copyOfRange(w[i], n, 2 * n);
        }
        return inv;
    }

    /**
     * B^T's entries are exact dyadic rationals once scaled; elimination leaves ~1e-16 noise on them
     * (and on its zeros, which would cost a multiply per tile), so snap to the nearest 2^-20.
     */
    private static double clean(double v) {
        double s = Math.rint(v * 0x1p20) / 0x1p20;
        return Math.abs(s - v) < 1e-9 ? s : v;
    }

    @Override
    public String toString() {
        return "F(" + m + "x" + m + ", " + r + "x" + r + ") on points " + Arrays.toString(points) + " and infinity";
    }
}
