package org.convkit.deconv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The transforms against the DFT's definition, summed in double: radix-2 and Bluestein lengths, and N-D grids. */
class FftTest {
    @Test
    void everyLengthMatchesTheDefinition() {
        SplittableRandom r = new SplittableRandom(7);
        int checked = 0;
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 31, 64, 100, 127, 243}) {
            double[] re = random(r, n);
            double[] im = random(r, n);
            double[][] expected = dft(re, im, new int[] {n});
            Fft fft = new Fft(n);
            double[] fr = re.clone();
            double[] fi = im.clone();
            fft.forward(fr, fi);
            assertClose(fr, expected[0], 1e-12 * n);
            assertClose(fi, expected[1], 1e-12 * n);
            fft.inverse(fr, fi);
            assertClose(fr, re, 1e-13 * n);
            assertClose(fi, im, 1e-13 * n);
            checked++;
        }
        assertThat(checked).isEqualTo(18);
    }

    @Test
    void gridsTransformAlongEveryAxis() {
        SplittableRandom r = new SplittableRandom(8);
        for (int[] shape : new int[][] {{6, 5}, {4, 3, 5}, {1, 8}, {7}}) {
            int v = 1;
            for (int s : shape) {
                v *= s;
            }
            double[] re = random(r, v);
            double[] im = random(r, v);
            double[][] expected = dft(re, im, shape);
            GridFft fft = new GridFft(shape);
            double[] fr = re.clone();
            double[] fi = im.clone();
            fft.forward(fr, fi);
            assertClose(fr, expected[0], 1e-11);
            assertClose(fi, expected[1], 1e-11);
            fft.inverse(fr, fi);
            assertClose(fr, re, 1e-12);
            assertClose(fi, im, 1e-12);
        }
    }

    /** The N-D DFT by its definition: every input cell times exp(-2 pi i sum_d f_d t_d / n_d). */
    private static double[][] dft(double[] re, double[] im, int[] shape) {
        int v = re.length;
        double[] outRe = new double[v];
        double[] outIm = new double[v];
        for (int f = 0; f < v; f++) {
            int[] fc = coords(f, shape);
            for (int t = 0; t < v; t++) {
                int[] tc = coords(t, shape);
                double phase = 0;
                for (int d = 0; d < shape.length; d++) {
                    phase += (double) ((long) fc[d] * tc[d] % shape[d]) / shape[d];
                }
                double a = -2 * Math.PI * phase;
                outRe[f] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                outIm[f] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
        }
        return new double[][] {outRe, outIm};
    }

    private static int[] coords(int k, int[] shape) {
        int[] c = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = k % shape[d];
            k /= shape[d];
        }
        return c;
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(-1, 1);
        }
        return a;
    }

    private static void assertClose(double[] got, double[] want, double tol) {
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(tol));
        }
    }
}
