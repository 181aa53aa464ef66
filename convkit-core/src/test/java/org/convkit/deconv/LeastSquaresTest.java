package org.convkit.deconv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.convkit.ConvOptions;
import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Inverting convolution layers by CGLS: exact recovery when injective, least squares when not. */
class LeastSquaresTest {
    private static final LeastSquares.Settings TIGHT = LeastSquares.Settings.defaults().withTolerance(1e-10)
            .withMaxIterations(2000);

    @Test
    void anInjectiveStridedMultiChannelLayerGivesItsInputBack() {
        // 3 -> 16 channels at stride 2: 16 * 5 * 5 = 400 outputs for 3 * 10 * 10 = 300 inputs
        Tensor x = Tensor.uniform(1, -1, 1, 1, 3, 10, 10);
        Tensor w = Tensor.uniform(2, -1, 1, 16, 3, 3, 3);
        Tensor b = Tensor.uniform(3, -1, 1, 16);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(1);
        Tensor y = Conv.forward(x, w, b, spec);
        List<Double> metrics = new ArrayList<>();
        LeastSquares.Inversion exact = LeastSquares.invert(y, w, b, spec, x.shape(), null,
                TIGHT.withListener((done, total, m) -> metrics.add(m)));
        assertThat(exact.input().shape()).containsExactly(1, 3, 10, 10);
        assertThat(exact.input().maxAbsDiff(x)).isLessThan(1e-4);
        assertThat(exact.solution().converged()).isTrue();
        assertThat(exact.solution().residual()).isLessThan(1e-6);
        assertThat(exact.solution().normalResidual()).isLessThan(1e-9);
        assertThat(metrics).hasSize(exact.solution().iterations());
        // the residual ||Ax - y|| / ||y|| each iteration reached, from CGLS's running r: the last is the solution's
        List<Double> residuals = new ArrayList<>();
        LeastSquares.Inversion again = LeastSquares.invert(y, w, b, spec, x.shape(), null,
                TIGHT.withListener(new IterationListener() {
                    @Override
                    public void iteration(int done, int total, double metric) {
                    }

                    @Override
                    public void iteration(int done, int total, double metric, double residual) {
                        residuals.add(residual);
                    }
                }));
        assertThat(residuals).hasSize(again.solution().iterations());
        assertThat(residuals.get(0)).isGreaterThan(0.1);
        assertThat(residuals.get(residuals.size() - 1)).isLessThan(1e-6);
        assertThat(metrics.get(metrics.size() - 1)).isLessThan(metrics.get(0));

        // the fast float32 engine: its products carry float32 rounding, so stop at a tolerance it can reach
        LeastSquares.Inversion fast = LeastSquares.invert(y, w, b, spec, x.shape(), ConvOptions.defaults(),
                LeastSquares.Settings.defaults().withTolerance(1e-6));
        assertThat(fast.input().maxAbsDiff(x)).isLessThan(1e-4);
    }

    @Test
    void groupedDilatedAndPaddedLayersToo() {
        // 2 groups of 2 -> 16 channels, dilation 3, stride 2, reflect padding, unbatched input: 320 outputs
        // per group for 198 inputs (dilation 2 with stride 2 would read only even cells: not injective)
        Tensor x = Tensor.uniform(4, -1, 1, 4, 9, 11);
        Tensor w = Tensor.uniform(5, -1, 1, 32, 2, 3, 3);
        ConvSpec spec = ConvSpec.defaults().withGroups(2).withDilation(3).withStride(2).withPadding(2)
                .withPaddingMode(PaddingMode.REFLECT);
        Tensor y = Conv.forward(x, w, spec);
        LeastSquares.Inversion inv = LeastSquares.invert(y, w, null, spec, x.shape(), null, TIGHT);
        assertThat(inv.input().maxAbsDiff(x)).isLessThan(1e-4);

        // 1-D and 3-D, default input shapes (these sizes are the smallest giving their outputs)
        Tensor x1 = Tensor.uniform(6, -1, 1, 2, 2, 13); // 13 to 15 cells give 5 outputs
        Tensor w1 = Tensor.uniform(7, -1, 1, 6, 2, 4);
        ConvSpec s1 = ConvSpec.defaults().withStride(3).withPadding(Padding.of(new int[] {1}, new int[] {2}));
        assertThat(LeastSquares.invert(Conv.forward(x1, w1, s1), w1, null, s1, null, null, TIGHT).input()
                .maxAbsDiff(x1)).isLessThan(1e-4);
        Tensor x3 = Tensor.uniform(8, -1, 1, 2, 5, 5, 5);
        Tensor w3 = Tensor.uniform(9, -1, 1, 4, 2, 2, 2, 2);
        ConvSpec s3 = ConvSpec.defaults().withPadding(Padding.same());
        assertThat(LeastSquares.invert(Conv.forward(x3, w3, s3), w3, null, s3, null, null, TIGHT).input()
                .maxAbsDiff(x3)).isLessThan(1e-4);
    }

    @Test
    void aNonInjectiveLayerGivesTheLeastSquaresAnswer() {
        // 3 -> 8 channels at stride 2: 8 * 25 = 200 outputs for 300 inputs, and y is not an output of it
        Tensor w = Tensor.uniform(10, -1, 1, 8, 3, 3, 3);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(1);
        int[] in = {1, 3, 10, 10};
        ConvOperator layer = ConvOperator.exact(in, w, spec);
        SplittableRandom r = new SplittableRandom(11);
        double[] y = new double[layer.outputSize()];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextDouble(-1, 1);
        }
        LeastSquares.Solution s = LeastSquares.solve(layer, y, TIGHT);
        double[] fit = new double[y.length];
        layer.apply(s.x(), fit);
        double[] misfit = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            misfit[i] = fit[i] - y[i];
        }
        double[] normal = new double[layer.inputSize()];
        layer.applyAdjoint(misfit, normal);
        double[] aty = new double[layer.inputSize()];
        layer.applyAdjoint(y, aty);
        assertThat(norm(normal)).isLessThan(1e-8 * norm(aty));
        assertThat(s.normalResidual()).isLessThan(1e-8);
        // 200 equations, 300 unknowns: with generic weights every y is reached, so the fit is exact...
        assertThat(s.residual()).isLessThan(1e-6);

        // ...while 3 -> 2 channels (50 equations) cannot fit a generic y: the residual stays, orthogonal to the range
        Tensor w2 = Tensor.uniform(12, -1, 1, 2, 3, 3, 3);
        ConvOperator narrow = ConvOperator.exact(in, w2, spec);
        ConvOperator wide = ConvOperator.exact(new int[] {1, 2, 5, 5}, Tensor.uniform(13, -1, 1, 3, 2, 3, 3),
                ConvSpec.defaults().withPadding(1));
        double[] z = new double[wide.outputSize()];
        for (int i = 0; i < z.length; i++) {
            z[i] = r.nextDouble(-1, 1);
        }
        LeastSquares.Solution t = LeastSquares.solve(wide, z, TIGHT);
        assertThat(t.residual()).isGreaterThan(0.1);
        double[] tfit = new double[z.length];
        wide.apply(t.x(), tfit);
        for (int i = 0; i < z.length; i++) {
            tfit[i] -= z[i];
        }
        double[] tn = new double[wide.inputSize()];
        wide.applyAdjoint(tfit, tn);
        double[] atz = new double[wide.inputSize()];
        wide.applyAdjoint(z, atz);
        assertThat(norm(tn)).isLessThan(1e-8 * norm(atz));
        assertThat(narrow.outputSize()).isEqualTo(50);
    }

    @Test
    void cglsFromZeroReturnsTheMinimumNormInputOfALayerWithManyInverses() {
        // 3 -> 2 channels: 50 outputs for 75 inputs, so a 25-dimensional family of inputs gives y
        int[] in = {1, 3, 5, 5};
        Tensor w = Tensor.uniform(19, -1, 1, 2, 3, 3, 3);
        ConvSpec spec = ConvSpec.defaults().withPadding(1);
        Tensor x = Tensor.uniform(20, -1, 1, in);
        Tensor y = Conv.forward(x, w, spec);
        LeastSquares.Inversion inv = LeastSquares.invert(y, w, null, spec, in, null, TIGHT);
        assertThat(inv.input().maxAbsDiff(x)).isGreaterThan(0.1);

        // the minimum-norm solution from the dense matrix: x* = A^T (A A^T)^-1 y
        ConvOperator layer = ConvOperator.exact(in, w, spec);
        int n = layer.inputSize();
        int m = layer.outputSize();
        double[][] a = new double[m][n];
        double[] e = new double[n];
        double[] col = new double[m];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            layer.apply(e, col);
            e[j] = 0;
            for (int i = 0; i < m; i++) {
                a[i][j] = col[i];
            }
        }
        double[][] gram = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                gram[i][k] = dot(a[i], a[k]);
            }
            gram[i][m] = y.data()[i];
        }
        double[] z = gaussianElimination(gram);
        double[] best = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                best[j] += a[i][j] * z[i];
            }
        }
        double[] got = inv.solution().x();
        double worst = 0;
        for (int j = 0; j < n; j++) {
            worst = Math.max(worst, Math.abs(got[j] - best[j]));
        }
        assertThat(worst).isLessThan(1e-6);
        assertThat(norm(got)).isLessThan(norm(toDoubles(x)));
        assertThat(Uniqueness.whyNot(in, w, spec)).isEqualTo("the layer maps 75 input values to 50 output values "
                + "(per image), so many inputs give the same output");
    }

    @Test
    void uniquenessFailsOnCountsAndOnCellsNoWindowReads() {
        ConvSpec s2 = ConvSpec.defaults().withStride(2).withPadding(1);
        assertThat(Uniqueness.whyNot(new int[] {1, 3, 10, 10}, Tensor.uniform(1, -1, 1, 16, 3, 3, 3), s2)).isNull();
        // 1-D, stride 3 over a kernel of 2: every third cell is skipped
        String skipped = Uniqueness.whyNot(new int[] {1, 9}, Tensor.uniform(2, -1, 1, 4, 1, 2),
                ConvSpec.defaults().withStride(3));
        assertThat(skipped).startsWith("3 of 9 input values are read by no window (stride 3");
        // groups: 2 groups of 4 -> 2 channels each
        assertThat(Uniqueness.whyNot(new int[] {8, 6, 6}, Tensor.uniform(3, -1, 1, 4, 4, 3, 3),
                ConvSpec.defaults().withGroups(2).withPadding(1))).contains("144 input values to 72 output values "
                + "in each of its 2 groups");
    }

    private static double[] toDoubles(Tensor t) {
        double[] d = new double[t.numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.data()[i];
        }
        return d;
    }

    /** Solves the augmented system {@code [M | b]} in place by elimination with partial pivoting. */
    private static double[] gaussianElimination(double[][] mb) {
        int m = mb.length;
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(mb[r][c]) > Math.abs(mb[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = mb[c];
            mb[c] = mb[pivot];
            mb[pivot] = t;
            for (int r = c + 1; r < m; r++) {
                double f = mb[r][c] / mb[c][c];
                for (int k = c; k <= m; k++) {
                    mb[r][k] -= f * mb[c][k];
                }
            }
        }
        double[] z = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = mb[r][m];
            for (int k = r + 1; k < m; k++) {
                s -= mb[r][k] * z[k];
            }
            z[r] = s / mb[r][r];
        }
        return z;
    }

    @Test
    void theTikhonovTermSolvesTheRegularizedNormalEquations() {
        Tensor x = Tensor.uniform(14, -1, 1, 1, 3, 8, 8);
        Tensor w = Tensor.uniform(15, -1, 1, 16, 3, 3, 3);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(1);
        Tensor y = Conv.forward(x, w, spec);
        double lambda = 0.5;
        LeastSquares.Inversion reg = LeastSquares.invert(y, w, null, spec, x.shape(), null, TIGHT.withRegularization(lambda));
        ConvOperator layer = ConvOperator.exact(x.shape(), w, spec);
        double[] xr = reg.solution().x();
        double[] ax = new double[layer.outputSize()];
        layer.apply(xr, ax);
        double[] yd = new double[ax.length];
        for (int i = 0; i < ax.length; i++) {
            yd[i] = y.data()[i];
            ax[i] -= yd[i];
        }
        double[] g = new double[xr.length];
        layer.applyAdjoint(ax, g);
        for (int i = 0; i < g.length; i++) {
            g[i] += lambda * xr[i];
        }
        double[] aty = new double[xr.length];
        layer.applyAdjoint(yd, aty);
        assertThat(norm(g)).isLessThan(1e-8 * norm(aty));
        // the penalty shrinks the answer and costs some fit
        double[] truth = new double[xr.length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = x.data()[i];
        }
        assertThat(norm(xr)).isLessThan(norm(truth));
        assertThat(reg.solution().residual()).isGreaterThan(1e-4);
    }

    @Test
    void theFastOperatorIsTheAdjointPairTheExactOneIs() {
        Tensor w = Tensor.uniform(16, -1, 1, 6, 2, 3, 3);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(1).withGroups(2)
                .withPaddingMode(PaddingMode.CIRCULAR);
        int[] in = {2, 4, 7, 9};
        ConvOperator fast = ConvOperator.of(in, w, spec, ConvOptions.defaults());
        ConvOperator exact = ConvOperator.exact(in, w, spec);
        SplittableRandom r = new SplittableRandom(17);
        double[] x = new double[fast.inputSize()];
        double[] y = new double[fast.outputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextDouble(-1, 1);
        }
        double[] ax = new double[y.length];
        double[] aty = new double[x.length];
        double[] ax2 = new double[y.length];
        fast.apply(x, ax);
        fast.applyAdjoint(y, aty);
        exact.apply(x, ax2);
        assertThat(dot(ax, y)).isCloseTo(dot(x, aty), org.assertj.core.data.Offset.offset(1e-4));
        for (int i = 0; i < ax.length; i++) {
            assertThat(ax[i]).isCloseTo(ax2[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void theDefaultInputShapeIsTheSmallestAndOthersAreGivenExplicitly() {
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(1);
        // inputs of 9 and 10 cells both give 5 outputs: the default is 9
        assertThat(LeastSquares.defaultInputShape(new int[] {1, 8, 5, 5}, new int[] {8, 3, 3, 3}, spec))
                .containsExactly(1, 3, 9, 9);
        assertThat(LeastSquares.defaultInputShape(new int[] {8, 5}, new int[] {8, 3, 3},
                ConvSpec.defaults().withStride(2).withPadding(Padding.same()))).containsExactly(3, 9);
        // 'same' at stride 2: 7 cells give 4 (as do 8); the transposed convolution's rule says 8
        assertThat(LeastSquares.defaultInputShape(new int[] {1, 3, 4, 4}, new int[] {3, 3, 3, 3},
                ConvSpec.defaults().withStride(2).withPadding(Padding.same()))).containsExactly(1, 3, 7, 7);
        Tensor w = Tensor.uniform(18, -1, 1, 8, 3, 3, 3);
        Tensor y = Tensor.zeros(1, 8, 5, 5);
        assertThatThrownBy(() -> LeastSquares.invert(y, w, null, spec, new int[] {1, 3, 12, 12}, null, TIGHT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 8, 5, 5]")
                .hasMessageContaining("[1, 8, 6, 6]").hasMessageContaining("input shape");
        assertThatThrownBy(() -> LeastSquares.invert(y, w, Tensor.zeros(3), spec, null, null, TIGHT))
                .hasMessageContaining("bias");
        assertThatThrownBy(() -> TIGHT.withRegularization(-0.5)).hasMessageContaining("-0.5");
        assertThatThrownBy(() -> TIGHT.withTolerance(1)).hasMessageContaining("[0, 1)");
        // an all-zero output is explained by the zero input at once
        LeastSquares.Inversion zero = LeastSquares.invert(y, w, null, spec, null, null, TIGHT);
        assertThat(zero.solution().iterations()).isZero();
        assertThat(zero.solution().converged()).isTrue();
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
