package org.convkit.algo.winograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The constructed matrices compute correlations, and applying them to batches of tiles is M X M^T. */
class WinogradTransformTest {
    private static final WinogradTransform[] ALL = {
        WinogradTransform.f43(), WinogradTransform.f43Lavin(), WinogradTransform.f23(),
        WinogradTransform.of(6, 3, 0, 1, -1, 0.5, -0.5, 2, -2)
    };

    @Test
    void oneDimensionalTransformsComputeTheCorrelation() {
        SplittableRandom r = new SplittableRandom(1);
        for (WinogradTransform t : ALL) {
            double[] d = new double[t.alpha];
            double[] g = new double[t.r];
            for (int trial = 0; trial < 20; trial++) {
                for (int j = 0; j < t.alpha; j++) {
                    d[j] = r.nextDouble(-1, 1);
                }
                for (int k = 0; k < t.r; k++) {
                    g[k] = r.nextDouble(-1, 1);
                }
                for (int i = 0; i < t.m; i++) {
                    double exact = 0;
                    for (int k = 0; k < t.r; k++) {
                        exact += d[i + k] * g[k];
                    }
                    double y = 0;
                    for (int xi = 0; xi < t.alpha; xi++) {
                        double u = 0;
                        double v = 0;
                        for (int k = 0; k < t.r; k++) {
                            u += t.weight.at(xi, k) * g[k];
                        }
                        for (int j = 0; j < t.alpha; j++) {
                            v += t.input.at(xi, j) * d[j];
                        }
                        y += t.output.at(i, xi) * u * v;
                    }
                    // the matrices are rounded to float (G's 1/3 and 1/15 are not exact)
                    assertThat(y).as("%s output %d", t, i).isCloseTo(exact, within(1e-5));
                }
            }
        }
    }

    @Test
    void theInputTransformOfTheChosenPointsIsExactInFloat() {
        // B^T is applied to every tile in float: its entries should be short dyadic fractions
        WinogradTransform t = WinogradTransform.f43();
        for (int i = 0; i < t.alpha; i++) {
            for (int j = 0; j < t.alpha; j++) {
                double v = t.input.at(i, j) * 4;
                assertThat(v).as("4 B^T[%d][%d]", i, j).isEqualTo(Math.rint(v));
            }
        }
    }

    @Test
    void applyingToABatchIsMTimesTheTileTimesMTransposed() {
        SplittableRandom r = new SplittableRandom(2);
        for (WinogradTransform t : ALL) {
            for (TileTransform m : new TileTransform[] {t.input, t.weight, t.output}) {
                int n = 37;
                int off = 5;
                float[][] src = new float[m.cols * m.cols][off + n];
                for (float[] row : src) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = (float) r.nextDouble(-1, 1);
                    }
                }
                float[][] dst = new float[m.rows * m.rows][off + n];
                m.apply(src, dst, new float[m.cols][off + n], new float[off + n], off, n);
                for (int col = off; col < off + n; col++) {
                    for (int a = 0; a < m.rows; a++) {
                        for (int b = 0; b < m.rows; b++) {
                            double e = 0;
                            double scale = 0;
                            for (int i = 0; i < m.cols; i++) {
                                for (int j = 0; j < m.cols; j++) {
                                    double term = m.at(a, i) * (double) src[i * m.cols + j][col] * m.at(b, j);
                                    e += term;
                                    scale += Math.abs(term);
                                }
                            }
                            // a few float roundings of sums whose terms total `scale`
                            assertThat((double) dst[a * m.rows + b][col]).isCloseTo(e, within(1e-6 * scale));
                        }
                    }
                }
            }
        }
    }

    @Test
    void pointsMustBeDistinctAndEnough() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WinogradTransform.of(4, 3, 0, 1, 1, 2, -2))
                .hasMessageContaining("distinct");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WinogradTransform.of(4, 3, 0, 1, -1))
                .hasMessageContaining("5 finite points");
    }
}
