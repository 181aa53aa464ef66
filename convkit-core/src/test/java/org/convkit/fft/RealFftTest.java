package org.convkit.fft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The project's FFT against the DFT's definition in double with compensated sums (so the
 * reference is exact to about an ulp per value, not sqrt(n) ulps), twiddles taken mod n so their
 * angles are exact. The budget, relative to the expected values' 2-norm:
 * {@code ||fft - dft||_2 <= C 2^-53 log2(V) ||dft||_2} for the spectrum, and twice that for
 * {@code ||inverse(forward(x)) - x||_2}.
 * C = 4 for 5-smooth lengths (the sizes grids are padded to): a radix-r stage's butterflies and
 * twiddle products cost a few roundings per cell, and the errors of log2 V stages add at worst
 * linearly. C = 16 when a length has a larger prime factor (only circular borders of such sizes
 * use them): Bluestein's chirp-z does three transforms of a power of two at least 2n - 1 and two
 * chirp products, and measured up to 10 times 2^-53 log2(V). The measured worst is printed.
 */
class RealFftTest {
    static final double C = 4;
    static final double C_BLUESTEIN = 16;
    static final double EPS = 0x1p-53;

    @Test
    void complexLinesMatchTheDefinitionAtEveryLength() {
        SplittableRandom r = new SplittableRandom(7);
        int checked = 0;
        double worst = 0;
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 22, 31, 49, 64, 100, 127, 210, 243, 288,
                                1000, 1024, 1080}) {
            double[] a = random(r, 2 * n);
            double[] expected = dft(a, new int[] {n});
            PanelFft fft = new PanelFft(n);
            double c = FftSizes.isSmooth(n) ? 1 : C_BLUESTEIN / C;
            for (int[] panel : new int[][] {{1, 1}, {3, 1}, {16, 1}, {2, 3}}) {
                // a panel of lanes x rowsPerCell lines at row offset 2; line (q, l) holds the input times (q lanes + l + 1)
                int lanes = panel[0];
                int rpc = panel[1];
                int off = 2;
                double[][] re = new double[off + n * rpc][lanes];
                double[][] im = new double[off + n * rpc][lanes];
                for (int t = 0; t < n; t++) {
                    for (int q = 0; q < rpc; q++) {
                        for (int l = 0; l < lanes; l++) {
                            re[off + t * rpc + q][l] = (q * lanes + l + 1) * a[2 * t];
                            im[off + t * rpc + q][l] = (q * lanes + l + 1) * a[2 * t + 1];
                        }
                    }
                }
                double[][] sRe = new double[fft.scratchRows(rpc)][lanes];
                double[][] sIm = new double[fft.scratchRows(rpc)][lanes];
                fft.forward(re, im, off, rpc, sRe, sIm);
                for (int q = 0; q < rpc; q++) {
                    for (int l = 0; l < lanes; l++) {
                        double[] got = new double[2 * n];
                        double[] want = new double[2 * n];
                        for (int t = 0; t < n; t++) {
                            got[2 * t] = re[off + t * rpc + q][l];
                            got[2 * t + 1] = im[off + t * rpc + q][l];
                            want[2 * t] = (q * lanes + l + 1) * expected[2 * t];
                            want[2 * t + 1] = (q * lanes + l + 1) * expected[2 * t + 1];
                        }
                        worst = Math.max(worst, check(got, want, n, c));
                    }
                }
                fft.inverse(re, im, off, rpc, sRe, sIm);
                for (int q = 0; q < rpc; q++) {
                    for (int l = 0; l < lanes; l++) {
                        double[] got = new double[2 * n];
                        double[] want = new double[2 * n];
                        for (int t = 0; t < n; t++) {
                            got[2 * t] = re[off + t * rpc + q][l] / n;
                            got[2 * t + 1] = im[off + t * rpc + q][l] / n;
                            want[2 * t] = (q * lanes + l + 1) * a[2 * t];
                            want[2 * t + 1] = (q * lanes + l + 1) * a[2 * t + 1];
                        }
                        worst = Math.max(worst, check(got, want, n, 2 * c));
                    }
                }
            }
            checked++;
        }
        System.out.printf("complex lines: worst error %.2f of the budget%n", worst);
        assertThat(checked).isEqualTo(25);
    }

    @Test
    void realGridsMatchTheHalfOfTheirComplexSpectrum() {
        SplittableRandom r = new SplittableRandom(8);
        int checked = 0;
        double worst = 0;
        for (int[] shape : new int[][] {{1}, {2}, {7}, {16}, {45}, {6, 5}, {5, 6}, {1, 8}, {8, 1}, {11, 13}, {4, 3, 5},
                                        {3, 20, 2}, {9, 9, 9}, {2, 3, 4, 5}, {64, 60}, {200, 181}, {33, 50}, {35, 7, 2}}) {
            int v = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            double[] x = random(r, v);
            double[] complex = new double[2 * v];
            for (int k = 0; k < v; k++) {
                complex[2 * k] = x[k];
            }
            double[] full = dft(complex, shape);
            double c = Arrays.stream(shape).allMatch(FftSizes::isSmooth) ? 1 : C_BLUESTEIN / C;
            for (int threads : new int[] {1, 2, 3}) {
                RealFft fft = new RealFft(shape, threads);
                double[] s = new double[fft.spectrumDoubles()];
                fft.forward(x, s);
                double[] expected = halfOf(full, shape);
                worst = Math.max(worst, check(s, expected, v, c));
                double[] back = new double[v];
                fft.inverse(s, back);
                worst = Math.max(worst, check(back, x, v, 2 * c));
                checked++;
            }
        }
        System.out.printf("real grids: worst error %.2f of the budget%n", worst);
        assertThat(checked).isEqualTo(54);
    }

    @Test
    void gridsOfMostlyZeroRowsMatchTheDefinition() {
        // rows 0-3, 50 and 97-99 hold values: panels of 32 rows are then nonzero, nonzero, zero (skipped), nonzero
        SplittableRandom r = new SplittableRandom(10);
        int checked = 0;
        for (int[] shape : new int[][] {{100, 40}, {100, 39}, {4, 25, 40}}) {
            int v = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            int n = shape[shape.length - 1];
            double[] x = new double[v];
            for (int row : new int[] {0, 1, 2, 3, 50, 97, 98, 99}) {
                for (int t = 0; t < n; t++) {
                    x[row * n + t] = r.nextDouble(-1, 1);
                }
            }
            double[] complex = new double[2 * v];
            for (int k = 0; k < v; k++) {
                complex[2 * k] = x[k];
            }
            double[] expected = halfOf(dft(complex, shape), shape);
            for (int threads : new int[] {1, 2}) {
                RealFft fft = new RealFft(shape, threads);
                double[] s = new double[fft.spectrumDoubles()];
                Arrays.fill(s, Double.NaN);
                fft.forward(x, s);
                check(s, expected, v, 1);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void convolutionAndInverseOfAProductAreTheSeparateStepsBitwise() {
        SplittableRandom r = new SplittableRandom(11);
        int checked = 0;
        for (int[] shape : new int[][] {{45}, {1, 30}, {30, 1}, {64, 60}, {33, 50}, {1, 7, 9}, {12, 1, 10}, {9, 10, 11},
                                        {2, 3, 4, 5}}) {
            int v = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            double[] x = random(r, v);
            for (int threads : new int[] {1, 3}) {
                RealFft fft = new RealFft(shape, threads);
                int n = fft.spectrumDoubles();
                double[] f = random(r, n);
                for (boolean conjugate : new boolean[] {false, true}) {
                    double[] s = new double[n];
                    fft.forward(x, s);
                    double[] kept = s.clone();
                    RealFft.multiply(s, f, conjugate, s);
                    double[] expected = new double[v];
                    fft.inverse(s, expected);

                    double[] got = new double[v];
                    fft.convolve(x, f, conjugate, new double[n], got);
                    assertThat(got).as("convolve %s, %d threads", Arrays.toString(shape), threads).isEqualTo(expected);
                    double[] inPlace = x.clone();
                    fft.convolve(inPlace, f, conjugate, new double[n], inPlace);
                    assertThat(inPlace).isEqualTo(expected);

                    double[] spectrum = kept.clone();
                    Arrays.fill(got, Double.NaN);
                    fft.inverseOfProduct(spectrum, f, conjugate, new double[n], got);
                    assertThat(got).as("inverseOfProduct %s", Arrays.toString(shape)).isEqualTo(expected);
                    assertThat(spectrum).as("the spectrum is kept").isEqualTo(kept);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(36);
    }

    @Test
    void resultsAreBitwiseTheSameForAnyThreadCount() {
        SplittableRandom r = new SplittableRandom(9);
        for (int[] shape : new int[][] {{300, 250}, {40, 36, 50}, {1 << 16}, {97, 1000}}) {
            int v = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            double[] x = random(r, v);
            double[] one = null;
            for (int threads : new int[] {1, 2, 5}) {
                RealFft fft = new RealFft(shape, threads);
                double[] s = new double[fft.spectrumDoubles()];
                fft.forward(x, s);
                double[] back = new double[v];
                fft.inverse(s.clone(), back);
                double[] both = Arrays.copyOf(s, s.length + v);
                System.arraycopy(back, 0, both, s.length, v);
                if (one == null) {
                    one = both;
                } else {
                    assertThat(both).as("shape %s on %d threads", Arrays.toString(shape), threads).isEqualTo(one);
                }
            }
        }
    }

    @Test
    void fastSizesAreFiveSmoothAndSmall() {
        assertThat(FftSizes.fastSize(1)).isEqualTo(1);
        assertThat(FftSizes.fastSize(11)).isEqualTo(12);
        assertThat(FftSizes.fastSize(1054)).isEqualTo(1080);
        assertThat(FftSizes.fastSize(2078)).isEqualTo(2160);
        for (int n = 1; n < 5000; n++) {
            int m = FftSizes.fastSize(n);
            assertThat(m).isGreaterThanOrEqualTo(n);
            assertThat(FftSizes.isSmooth(m)).as("fastSize(%d) = %d", n, m).isTrue();
            // never more than the next power of two, and never far above n
            assertThat(m).isLessThanOrEqualTo(Integer.highestOneBit(Math.max(1, 2 * n - 1)));
            assertThat((double) m).isLessThanOrEqualTo(1.25 * n + 1);
        }
    }

    @Test
    void badShapesAreRejectedWithTheFix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RealFft(new int[] {4, 0}, 1))
                .hasMessageContaining("empty dimension 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RealFft(new int[] {4}, 0))
                .hasMessageContaining("threads must be at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RealFft(new int[] {4, 4}, 1)
                .forward(new double[15], new double[24])).hasMessageContaining("16 real cells");
    }

    /**
     * The error as a fraction of its budget, {@code factor * C * 2^-53 * log2(V) * ||expected||_2}
     * (asserted at most 1).
     */
    private static double check(double[] got, double[] expected, int v, double factor) {
        double err = 0;
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
            err += (got[k] - expected[k]) * (got[k] - expected[k]);
            norm += expected[k] * expected[k];
        }
        double budget = factor * C * EPS * Math.max(1, Math.log(v) / Math.log(2)) * Math.sqrt(norm);
        double ratio = Math.sqrt(err) / budget;
        assertThat(ratio).as("error %.3g against budget %.3g", Math.sqrt(err), budget).isLessThanOrEqualTo(1);
        return ratio;
    }

    /** The half spectrum (last axis n/2 + 1) of a full interleaved spectrum. */
    private static double[] halfOf(double[] full, int[] shape) {
        int d = shape.length;
        int n = shape[d - 1];
        int h = n / 2 + 1;
        int rows = full.length / 2 / n;
        double[] out = new double[2 * rows * h];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(full, 2 * r * n, out, 2 * r * h, 2 * h);
        }
        return out;
    }

    /** The N-D DFT of an interleaved complex grid by its definition, axis by axis, in double. */
    static double[] dft(double[] a, int[] shape) {
        double[] cur = a.clone();
        int v = cur.length / 2;
        int inner = v;
        for (int n : shape) {
            inner /= n;
            int outer = v / (inner * n);
            double[] next = new double[cur.length];
            double[] cos = new double[n];
            double[] sin = new double[n];
            for (int j = 0; j < n; j++) {
                cos[j] = Math.cos(-2 * Math.PI * j / n);
                sin[j] = Math.sin(-2 * Math.PI * j / n);
            }
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    for (int f = 0; f < n; f++) {
                        double[] re = new double[2];
                        double[] im = new double[2];
                        for (int t = 0; t < n; t++) {
                            int w = (int) ((long) f * t % n);
                            int at = 2 * ((o * n + t) * inner + i);
                            add(re, cur[at] * cos[w]);
                            add(re, -cur[at + 1] * sin[w]);
                            add(im, cur[at] * sin[w]);
                            add(im, cur[at + 1] * cos[w]);
                        }
                        int to = 2 * ((o * n + f) * inner + i);
                        next[to] = re[0] + re[1];
                        next[to + 1] = im[0] + im[1];
                    }
                }
            }
            cur = next;
        }
        return cur;
    }

    /** Neumaier's compensated sum: s[0] the sum, s[1] the rounding errors so far, so a long sum stays exact to an ulp. */
    private static void add(double[] s, double x) {
        double t = s[0] + x;
        s[1] += Math.abs(s[0]) >= Math.abs(x) ? (s[0] - t) + x : (x - t) + s[0];
        s[0] = t;
    }

    static double[] random(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }
}
