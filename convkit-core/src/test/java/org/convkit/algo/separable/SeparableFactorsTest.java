package org.convkit.algo.separable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.junit.jupiter.api.Test;

/**
 * The factorization finds the classic separable kernels rank 1 and rebuilds them, refuses random and
 * nearly-rank-1 ones, and handles signs, zeros and 3-D.
 */
class SeparableFactorsTest {
    @Test
    void sobelPrewittBoxAndGaussianAreRankOneAndRebuilt() {
        float[][] kernels = {
            outer(f(1, 2, 1), f(1, 0, -1)),         // Sobel x
            outer(f(1, 0, -1), f(1, 2, 1)),         // Sobel y
            outer(f(1, 1, 1), f(1, 0, -1)),         // Prewitt x
            outer(f(-1, 0, 1), f(1, 1, 1)),         // Prewitt y, negative corner
            outer(f(1, 1, 1, 1, 1), f(1, 1, 1, 1, 1)), // box 5x5 (unnormalized)
            box(7, 1f / 49),                        // box 7x7, normalized
            outer(gauss(31, 5), gauss(31, 5)),      // the suite's 31x31
            outer(gauss(5, 1), gauss(9, 2.5)),      // anisotropic
            scale(outer(gauss(15, 3), gauss(15, 3)), -3.7f),
        };
        int[][] shapes = {{3, 3}, {3, 3}, {3, 3}, {3, 3}, {5, 5}, {7, 7}, {31, 31}, {5, 9}, {15, 15}};
        for (int i = 0; i < kernels.length; i++) {
            ConvProblem p = problem(shapes[i]);
            SeparableFactors f = SeparableConv.factor(p, kernels[i]);
            assertThat(f).as("kernel %d", i).isNotNull();
            assertRebuilds(f, shapes[i], kernels[i], SeparableFactors.TOLERANCE);
        }
    }

    @Test
    void integerKernelsAreRebuiltExactly() {
        float[] sobel = outer(f(1, 2, 1), f(1, 0, -1));
        assertRebuilds(SeparableConv.factor(problem(new int[] {3, 3}), sobel), new int[] {3, 3}, sobel, 0);
    }

    @Test
    void randomAndNearlyRankOneKernelsAreRefused() {
        SplittableRandom r = new SplittableRandom(5);
        int refused = 0;
        for (int t = 0; t < 50; t++) {
            int[] k = {2 + r.nextInt(6), 2 + r.nextInt(6)};
            float[] w = new float[k[0] * k[1]];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextDouble(-1, 1);
            }
            assertThat(SeparableConv.factor(problem(k), w)).isNull();
            refused++;
        }
        // a Gaussian with one element nudged by 1e-4: a good approximation, not the same convolution
        float[] g = outer(gauss(9, 2), gauss(9, 2));
        g[30] *= 1.0001f;
        assertThat(SeparableConv.factor(problem(new int[] {9, 9}), g)).isNull();
        assertThat(refused).isEqualTo(50);
    }

    @Test
    void everySliceMustBeRankOneAndZeroSlicesAre() {
        // (out 2, in 2) slices: Sobel, zero, box, Gaussian
        ConvProblem p = ConvProblem.conv(new int[] {1, 2, 8, 8}, new int[] {2, 2, 3, 3}, ConvSpec.defaults());
        float[] w = concat(outer(f(1, 2, 1), f(1, 0, -1)), new float[9], box(3, 1f / 9), outer(gauss(3, 1), gauss(3, 1)));
        SeparableFactors f = SeparableConv.factor(p, w);
        assertThat(f).isNotNull();
        assertThat(f.slices()).isEqualTo(4);
        assertThat(f.factor(1, 0)).containsOnly(0f);
        w[30] = 0.5f; // spoil the last slice
        StringBuilder why = new StringBuilder();
        assertThat(SeparableFactors.factor(p, w, why)).isNull();
        assertThat(why.toString()).contains("[1, 1]").contains("not rank 1");
    }

    @Test
    void threeDimensionalOuterProductsAreFound() {
        ConvProblem p = ConvProblem.conv(new int[] {1, 1, 6, 6, 6}, new int[] {1, 1, 3, 4, 5}, ConvSpec.defaults());
        SplittableRandom r = new SplittableRandom(9);
        for (int t = 0; t < 20; t++) {
            float[] a = random(r, 3);
            float[] b = random(r, 4);
            float[] c = random(r, 5);
            float[] w = new float[60];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 5; k++) {
                        w[(i * 4 + j) * 5 + k] = a[i] * b[j] * c[k];
                    }
                }
            }
            SeparableFactors f = SeparableConv.factor(p, w);
            assertThat(f).isNotNull();
            assertRebuilds(f, new int[] {3, 4, 5}, w, SeparableFactors.TOLERANCE);
        }
    }

    /** Every element of the product of the factors is within tol ulps of the kernel's (tol 0: exactly). */
    private static void assertRebuilds(SeparableFactors f, int[] k, float[] w, double tol) {
        for (int t = 0; t < w.length; t++) {
            double prod = 1;
            int rest = t;
            for (int d = k.length - 1; d >= 0; d--) {
                prod *= f.factor(0, d)[rest % k[d]];
                rest /= k[d];
            }
            assertThat(Math.abs(prod - w[t])).as("element %d", t).isLessThanOrEqualTo(tol * 0x1p-24 * Math.abs(w[t]));
        }
    }

    static ConvProblem problem(int[] k) {
        int[] in = new int[k.length + 2];
        int[] w = new int[k.length + 2];
        in[0] = 1;
        in[1] = 1;
        w[0] = 1;
        w[1] = 1;
        for (int d = 0; d < k.length; d++) {
            in[d + 2] = k[d];
            w[d + 2] = k[d];
        }
        return ConvProblem.conv(in, w, ConvSpec.defaults());
    }

    static float[] f(float... v) {
        return v;
    }

    static float[] gauss(int n, double sigma) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            double x = i - (n - 1) / 2.0;
            g[i] = (float) Math.exp(-x * x / (2 * sigma * sigma));
        }
        return g;
    }

    static float[] outer(float[] a, float[] b) {
        float[] w = new float[a.length * b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                w[i * b.length + j] = a[i] * b[j];
            }
        }
        return w;
    }

    static float[] box(int n, float v) {
        float[] w = new float[n * n];
        java.util.Arrays.fill(w, v);
        return w;
    }

    static float[] scale(float[] w, float s) {
        float[] o = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            o[i] = w[i] * s;
        }
        return o;
    }

    static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
