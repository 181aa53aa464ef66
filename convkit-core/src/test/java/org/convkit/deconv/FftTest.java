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
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 22, 31, 49, 64, 100, 127, 210, 243, 288}) {
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
        assertThat(checked).isEqualTo(22);
    }

    @Test
    void fastSizesHaveOnlySmallPrimeFactors() {
        assertThat(Fft.fastSize(282)).isEqualTo(288);
        assertThat(Fft.fastSize(11)).isEqualTo(12);
        assertThat(Fft.fastSize(282)).isEqualTo(288);
        assertThat(Fft.fastSize(25)).isEqualTo(27);
        assertThat(Fft.fastSize(1)).isEqualTo(1);
        assertThat(Fft.radices(288)).containsExactly(4, 4, 2, 3, 3);
        assertThat(Fft.radices(210)).containsExactly(2, 3, 5, 7);
        assertThat(Fft.radices(22)).isNull();
    }

    @Test
    void gridsTransformAlongEveryAxis() {
        SplittableRandom r = new SplittableRandom(8);
        for (int[] shape : new int[][] {{6, 5}, {4, 3, 5}, {1, 8}, {7}, {11, 13}, {3, 20, 2}}) {
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

    @Test
    void realGridsKeepTheHalfSpectrumAndComeBack() {
        SplittableRandom r = new SplittableRandom(9);
        int checked = 0;
        for (int[] shape : new int[][] {{6, 5}, {7, 8}, {3, 4, 6}, {9}, {10}, {1, 10}, {5, 1}, {3, 3, 3}}) {
            int v = 1;
            for (int s : shape) {
                v *= s;
            }
            double[] x = random(r, v);
            double[][] full = dft(x, new double[v], shape);
            RealGridFft fft = new RealGridFft(shape);
            int[] hs = fft.spectrumShape();
            assertThat(hs[hs.length - 1]).isEqualTo(shape[shape.length - 1] / 2 + 1);
            double[] sr = new double[fft.spectrumVolume()];
            double[] si = new double[fft.spectrumVolume()];
            fft.forward(x, sr, si);
            int half = hs[hs.length - 1];
            int last = shape[shape.length - 1];
            for (int k = 0; k < sr.length; k++) {
                int row = k / half;
                int col = k % half;
                int f = row * last + col;
                assertThat(sr[k]).as("re %d of %s", k, java.util.Arrays.toString(shape))
                        .isCloseTo(full[0][f], org.assertj.core.data.Offset.offset(1e-11));
                assertThat(si[k]).as("im %d", k).isCloseTo(full[1][f], org.assertj.core.data.Offset.offset(1e-11));
            }
            double[] back = new double[v];
            fft.inverse(sr, si, back);
            assertClose(back, x, 1e-12);
            checked++;
        }
        assertThat(checked).isEqualTo(8);
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
