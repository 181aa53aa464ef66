package org.convkit.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SvdTest {
    @Property(tries = 200)
    void rebuildsTheMatrixWithOrthonormalVectorsAndSortedValues(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = 1 + r.nextInt(9);
        int n = 1 + r.nextInt(9);
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextDouble(-1, 1);
            }
        }
        Svd s = Svd.of(a);
        double[] sigma = s.singularValues();
        assertThat(sigma).hasSize(Math.min(m, n));
        for (int i = 1; i < sigma.length; i++) {
            assertThat(sigma[i]).isLessThanOrEqualTo(sigma[i - 1]);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int t = 0; t < sigma.length; t++) {
                    v += sigma[t] * s.left(t)[i] * s.right(t)[j];
                }
                assertThat(v).isCloseTo(a[i][j], within(1e-13));
            }
        }
        for (int p = 0; p < sigma.length; p++) {
            for (int q = 0; q < sigma.length; q++) {
                double expected = p == q ? 1 : 0;
                assertThat(dot(s.right(p), s.right(q))).isCloseTo(expected, within(1e-13));
                assertThat(dot(s.left(p), s.left(q))).isCloseTo(expected, within(1e-13));
            }
        }
    }

    @Test
    void knownValues() {
        // [[3, 0], [4, 5]]: A^T A = [[25, 20], [20, 25]], eigenvalues 45 and 5
        double[] sigma = Svd.of(new double[][] {{3, 0}, {4, 5}}).singularValues();
        assertThat(sigma[0]).isCloseTo(Math.sqrt(45), within(1e-14));
        assertThat(sigma[1]).isCloseTo(Math.sqrt(5), within(1e-14));
        // a rank-1 wide matrix: [1 2 3] (x) [1 1]^T has sigma = sqrt(14) * sqrt(2) and nothing else
        double[] wide = Svd.of(new double[][] {{1, 2, 3}, {1, 2, 3}}).singularValues();
        assertThat(wide[0]).isCloseTo(Math.sqrt(28), within(1e-14));
        assertThat(wide[1]).isCloseTo(0, within(1e-15));
    }

    @Test
    void rejectsEmptyAndRaggedMatrices() {
        assertThatThrownBy(() -> Svd.of(new double[0][0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> Svd.of(new double[][] {{1, 2}, {3}})).hasMessageContaining("rectangular");
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    @Test
    void convergesOnTheKernelsThatOnceRotatedForever() {
        // 2-D and 3-D kernels (outer products or uniform noise) whose 4x3 and 5x3 unfoldings the
        // one-ulp orthogonality bound never let go (100 sweeps, then an ArithmeticException): 10 in
        // 400,000 such kernels, made as PlannerAgreementTest makes them
        for (long seed : new long[] {-144290, -126238, -117950}) {
            PlannerAgreementTest.Drawn drawn = PlannerAgreementTest.draw(new SplittableRandom(seed));
            assertThat(Separation.of(drawn.kernel()).rank() == 1).as("seed %d", seed).isEqualTo(drawn.outer());
        }
    }
}
