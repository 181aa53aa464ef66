package org.convkit.deconv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Wiener, Tikhonov and Richardson-Lucy against blurs made by the library's own convolution
 * ({@link Signals#blur}), so the PSF conventions are checked against an independent computation.
 */
class DeconvolutionTest {
    private static final DeconvSettings CIRCULAR_EXACT =
            DeconvSettings.defaults().withBorder(PaddingMode.CIRCULAR).withRegularization(1e-10);

    @Test
    void aCircularBlurIsUndoneByTheRegularizedInverseEvenForAnAsymmetricPsf() {
        Tensor truth = Signals.random(1, 30, 44);
        for (Tensor psf : List.of(Signals.asymmetric(3, 4), Signals.asymmetric(5, 5), Signals.gaussian(0.6, 5, 2))) {
            Tensor blurred = Signals.blur(truth, psf, PaddingMode.CIRCULAR);
            assertThat(blurred.maxAbsDiff(truth)).as("the blur changes the signal").isGreaterThan(0.05);
            Deconvolved w = Wiener.deconvolve(blurred, psf, CIRCULAR_EXACT);
            Deconvolved t = Tikhonov.deconvolve(blurred, psf, CIRCULAR_EXACT);
            assertThat(w.estimate().maxAbsDiff(truth)).as("wiener, psf %s", psf).isLessThan(1e-3);
            assertThat(t.estimate().maxAbsDiff(truth)).as("tikhonov, psf %s", psf).isLessThan(1e-3);
            assertThat(w.residual()).isLessThan(1e-5);
            assertThat(w.iterations()).isZero();
        }
    }

    @Test
    void theFlippedPsfDoesNotUndoAnAsymmetricBlur() {
        // the check above could not fail on a symmetric PSF; this shows the conjugate matters
        Tensor truth = Signals.random(2, 30, 44);
        Tensor psf = Signals.asymmetric(3, 4);
        Tensor flipped = Tensor.zeros(3, 4);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                flipped.set(psf.get(2 - i, 3 - j), i, j);
            }
        }
        Tensor blurred = Signals.blur(truth, psf, PaddingMode.CIRCULAR);
        assertThat(Wiener.deconvolve(blurred, flipped, CIRCULAR_EXACT).estimate().maxAbsDiff(truth)).isGreaterThan(0.1);
    }

    @Test
    void richardsonLucyCorrelatesWithTheFlippedPsf() {
        // with an asymmetric PSF, correlating with the PSF itself instead of its flip converges to the wrong place
        Tensor truth = Signals.random(10, 24, 28);
        Tensor psf = Signals.asymmetric(3, 4);
        Tensor blurred = Signals.blur(truth, psf, PaddingMode.CIRCULAR);
        Deconvolved rl = RichardsonLucy.deconvolve(blurred, psf,
                DeconvSettings.defaults().withBorder(PaddingMode.CIRCULAR).withIterations(200));
        // measured: residual 2.6e-6 and error 2.5e-5 as written; 7.9e-4 and 2.6e-3 with the PSF unflipped
        assertThat(rl.residual()).isLessThan(1e-4);
        assertThat(rl.estimate().maxAbsDiff(truth)).isLessThan(5e-4);
    }

    @Test
    void richardsonLucyTellsItsListenerTheResidualOfEachIteration() {
        Tensor truth = Signals.random(10, 24, 28);
        Tensor psf = Signals.asymmetric(3, 4);
        Tensor blurred = Signals.blur(truth, psf, PaddingMode.CIRCULAR);
        List<Double> residuals = new ArrayList<>();
        Deconvolved rl = RichardsonLucy.deconvolve(blurred, psf, DeconvSettings.defaults()
                .withBorder(PaddingMode.CIRCULAR).withIterations(40).withListener(new IterationListener() {
                    @Override
                    public void iteration(int done, int total, double metric) {
                        throw new AssertionError("the residual should be reported");
                    }

                    @Override
                    public void iteration(int done, int total, double metric, double residual) {
                        assertThat(done).isEqualTo(residuals.size() + 1);
                        assertThat(total).isEqualTo(40);
                        residuals.add(residual);
                    }
                }));
        assertThat(residuals).hasSize(40);
        assertThat(residuals.get(39)).isLessThan(residuals.get(0) / 10);
        // the last one is that of the estimate the last iteration started from: a little above the final one
        assertThat(residuals.get(39)).isGreaterThanOrEqualTo(rl.residual()).isLessThan(2 * rl.residual());
    }

    @Test
    void oneAndThreeDimensionsAndEvenOrOddSizes() {
        Tensor t1 = Signals.random(3, 2, 37);
        Tensor p1 = Signals.asymmetric(4);
        Tensor r1 = Tikhonov.deconvolve(Signals.blur(t1, p1, PaddingMode.CIRCULAR), p1, CIRCULAR_EXACT).estimate();
        assertThat(r1.shape()).containsExactly(2, 37);
        assertThat(r1.maxAbsDiff(t1)).isLessThan(1e-3);

        Tensor t3 = Signals.random(4, 6, 10, 9);
        Tensor p3 = Signals.asymmetric(3, 2, 3);
        Tensor r3 = Wiener.deconvolve(Signals.blur(t3, p3, PaddingMode.CIRCULAR), p3, CIRCULAR_EXACT).estimate();
        assertThat(r3.maxAbsDiff(t3)).isLessThan(1e-3);

        Tensor t3c = Signals.random(5, 3, 4, 6, 5);
        Tensor r3c = Wiener.deconvolve(Signals.blur(t3c, p3, PaddingMode.CIRCULAR), p3, CIRCULAR_EXACT).estimate();
        assertThat(r3c.maxAbsDiff(t3c)).isLessThan(1e-3);
    }

    @Test
    void channelsAreDeconvolvedIndependently() {
        // three channels: one pair shares a transform, the third goes alone; each must equal its own run
        Tensor y = Signals.noisy(Signals.blur(Signals.random(6, 3, 20, 24), Signals.gaussian(1, 5, 2),
                PaddingMode.REFLECT), 0.01, 9);
        Tensor psf = Signals.gaussian(1, 5, 2);
        DeconvSettings s = DeconvSettings.defaults().withRegularization(0.01).withIterations(5);
        Tensor wAll = Wiener.deconvolve(y, psf, s).estimate();
        Tensor rlAll = RichardsonLucy.deconvolve(y, psf, s).estimate();
        for (int c = 0; c < 3; c++) {
            Tensor one = channel(y, c);
            assertThat(channel(wAll, c).maxAbsDiff(Wiener.deconvolve(one, psf, s).estimate())).isLessThan(1e-5);
            assertThat(channel(rlAll, c).maxAbsDiff(RichardsonLucy.deconvolve(one, psf, s).estimate())).isLessThan(1e-5);
        }
    }

    @Test
    void withNoiseEveryMethodRaisesThePsnr() {
        Tensor truth = Signals.shapes(64, 72);
        Tensor psf = Signals.gaussian(1.5, 9, 2);
        Tensor observed = Signals.noisy(Signals.blur(truth, psf, PaddingMode.REFLECT), 0.01, 42);
        double before = Signals.psnr(truth, observed);
        Deconvolved wiener = Wiener.deconvolve(observed, psf);
        List<double[]> progress = new ArrayList<>();
        Deconvolved rl = RichardsonLucy.deconvolve(observed, psf, DeconvSettings.defaults().withIterations(30)
                .withListener((done, total, metric) -> progress.add(new double[] {done, total, metric})));
        Deconvolved rltv = RichardsonLucy.deconvolve(observed, psf,
                DeconvSettings.defaults().withIterations(100).withTotalVariation(0.002));
        Deconvolved tik = Tikhonov.deconvolve(observed, psf, DeconvSettings.defaults());
        assertThat(Signals.psnr(truth, wiener.estimate())).as("wiener").isGreaterThan(before + 1.5);
        assertThat(Signals.psnr(truth, rl.estimate())).as("richardson-lucy").isGreaterThan(before + 1.5);
        assertThat(Signals.psnr(truth, rltv.estimate())).as("richardson-lucy tv").isGreaterThan(before + 1.5);
        assertThat(Signals.psnr(truth, tik.estimate())).as("tikhonov").isGreaterThan(before + 1.5);
        for (float v : rl.estimate().data()) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
        for (float v : rltv.estimate().data()) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
        assertThat(wiener.regularization()).isBetween(1e-5, 1e-1);
        assertThat(rl.iterations()).isEqualTo(30);
        assertThat(progress).hasSize(30);
        assertThat(progress.get(29)[0]).isEqualTo(30);
        assertThat(progress.get(0)[1]).isEqualTo(30);
        assertThat(progress.get(29)[2]).isLessThan(progress.get(0)[2]);
    }

    @Test
    void totalVariationHoldsBackTheNoiseThatLongRunsAmplify() {
        Tensor truth = Signals.shapes(64, 72);
        Tensor psf = Signals.gaussian(1.5, 9, 2);
        Tensor observed = Signals.noisy(Signals.blur(truth, psf, PaddingMode.REFLECT), 0.05, 42);
        DeconvSettings long300 = DeconvSettings.defaults().withIterations(300);
        double plain = Signals.psnr(truth, RichardsonLucy.deconvolve(observed, psf, long300).estimate());
        double tv = Signals.psnr(truth,
                RichardsonLucy.deconvolve(observed, psf, long300.withTotalVariation(0.002)).estimate());
        assertThat(tv).isGreaterThan(plain + 2).isGreaterThan(Signals.psnr(truth, observed));
    }

    @Test
    void reflectingTheBorderAvoidsTheRingingACircularAssumptionMakes() {
        Tensor truth = Signals.shapes(48, 48);
        Tensor psf = Signals.gaussian(1.5, 9, 2);
        Tensor observed = Signals.blur(truth, psf, PaddingMode.REFLECT);
        DeconvSettings s = DeconvSettings.defaults().withRegularization(1e-4);
        double reflect = Signals.psnr(truth, Wiener.deconvolve(observed, psf, s).estimate());
        double circular = Signals.psnr(truth, Wiener.deconvolve(observed, psf, s.withBorder(PaddingMode.CIRCULAR)).estimate());
        assertThat(reflect).isGreaterThan(circular + 3);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        // 200 x 200 is above RealFft.PARALLEL_MIN_CELLS (2^15 cells), so the transforms do split their lines
        Tensor observed = Signals.noisy(Signals.blur(Signals.shapes(200, 200), Signals.gaussian(1.5, 9, 2),
                PaddingMode.REFLECT), 0.01, 5);
        Tensor psf = Signals.gaussian(1.5, 9, 2);
        DeconvSettings one = DeconvSettings.defaults().withIterations(3).withTotalVariation(0.002).withThreads(1);
        DeconvSettings three = one.withThreads(3);
        // (RL's element-wise steps run in 2 chunks of RichardsonLucy.CHUNK cells on this 225^2 grid)
        for (DeconvSettings s : new DeconvSettings[] {one, one.withTotalVariation(0)}) {
            Deconvolved a = RichardsonLucy.deconvolve(observed, psf, s.withThreads(3));
            Deconvolved b = RichardsonLucy.deconvolve(observed, psf, s);
            assertThat(a.estimate()).isEqualTo(b.estimate());
            assertThat(a.residual()).isEqualTo(b.residual());
        }
        for (Penalty p : Penalty.values()) {
            Deconvolved a = Wiener.deconvolve(observed, psf, three.withPenalty(p));
            Deconvolved b = Wiener.deconvolve(observed, psf, one.withPenalty(p));
            assertThat(a.estimate()).isEqualTo(b.estimate());
            assertThat(a.residual()).isEqualTo(b.residual());
        }
        assertThatThrownBy(() -> one.withThreads(0)).hasMessageContaining("threads must be at least 1, got 0");
    }

    @Test
    void theNoiseEstimateFindsTheNoiseLevel() {
        Tensor flat = Signals.noisy(Tensor.full(0.5f, 96, 96), 0.05, 3);
        assertThat(NoiseEstimate.sigma(flat.data(), 1, new int[] {96, 96})).isCloseTo(0.05,
                org.assertj.core.data.Offset.offset(0.004));
        Tensor blurred = Signals.blur(Signals.shapes(96, 96), Signals.gaussian(1.5, 9, 2), PaddingMode.REFLECT);
        double clean = NoiseEstimate.sigma(blurred.data(), 1, new int[] {96, 96});
        double dirty = NoiseEstimate.sigma(Signals.noisy(blurred, 0.02, 4).data(), 1, new int[] {96, 96});
        assertThat(clean).isLessThan(0.002);
        assertThat(dirty).isCloseTo(0.02, org.assertj.core.data.Offset.offset(0.003));
    }

    @Test
    void notANumberPropagates() {
        Tensor y = Signals.blur(Signals.random(7, 16, 16), Signals.gaussian(1, 5, 2), PaddingMode.REFLECT);
        y.data()[5] = Float.NaN;
        Tensor x = Wiener.deconvolve(y, Signals.gaussian(1, 5, 2), DeconvSettings.defaults().withRegularization(0.01))
                .estimate();
        assertThat(x.data()[5]).isNaN();
    }

    @Test
    void badInputIsRefusedWithTheNumbers() {
        Tensor y = Signals.random(8, 3, 16, 16);
        assertThatThrownBy(() -> Wiener.deconvolve(y, Signals.gaussian(1, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 16, 16]")
                .hasMessageContaining("rank 3").hasMessageContaining("1-D PSF");
        assertThatThrownBy(() -> Wiener.deconvolve(Signals.random(8, 2, 3, 16, 16), Signals.gaussian(1, 3, 2)))
                .hasMessageContaining("rank 4");
        assertThatThrownBy(() -> Wiener.deconvolve(y, Tensor.zeros(3, 3))).hasMessageContaining("all zeros");
        assertThatThrownBy(() -> DeconvSettings.defaults().withRegularization(-1)).hasMessageContaining("-1.0")
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> DeconvSettings.defaults().withIterations(0)).hasMessageContaining("at least 1");
        Tensor signed = Signals.gaussian(1, 3, 2);
        signed.data()[0] = -0.1f;
        assertThatThrownBy(() -> RichardsonLucy.deconvolve(y, signed, DeconvSettings.defaults()))
                .hasMessageContaining("nonnegative PSF").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> RichardsonLucy.deconvolve(y, Signals.gaussian(1, 3, 2),
                DeconvSettings.defaults().withTotalVariation(0.3))).hasMessageContaining("below 1/(2d) = 0.25");
    }

    private static Tensor channel(Tensor t, int c) {
        int[] s = t.shape();
        int vol = t.numel() / s[0];
        float[] d = new float[vol];
        System.arraycopy(t.data(), c * vol, d, 0, vol);
        return Tensor.of(d, java.util.Arrays.copyOfRange(s, 1, s.length));
    }
}
