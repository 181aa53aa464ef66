package org.convkit.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;

import org.convkit.Conv;
import org.convkit.deconv.DeconvSettings;
import org.convkit.deconv.RichardsonLucy;
import org.convkit.deconv.Tikhonov;
import org.convkit.deconv.Wiener;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Deconvolution on blended tiles against the untiled deconvolution, on a test image blurred and
 * noised: the default margin keeps the tiling's error well below the untiled estimate's own error
 * against the truth. The figures it prints are those docs/scale.md quotes.
 */
class BlendedDeconvolutionTest {
    private static final int H = 150;
    private static final int W = 170;
    private static final int K = 9;

    /** Bars, discs and a smooth background: edges in every direction, flat areas, a gradient. */
    static Tensor testImage() {
        float[] img = new float[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = 0.2 + 0.3 * Math.sin(x / 23.0) * Math.cos(y / 31.0);
                if ((x / 12) % 3 == 0 && y > 20 && y < 70) {
                    v += 0.5;
                }
                double dx = x - 110;
                double dy = y - 100;
                if (dx * dx + dy * dy < 30 * 30) {
                    v += 0.4;
                }
                if (Math.abs(x - 40) + Math.abs(y - 115) < 20) {
                    v += 0.3;
                }
                img[y * W + x] = (float) v;
            }
        }
        return Tensor.of(img, H, W);
    }

    static Tensor gaussianPsf(int k, double sigma) {
        float[] p = new float[k * k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double r2 = (i - k / 2) * (i - k / 2) + (j - k / 2) * (j - k / 2);
                p[i * k + j] = (float) Math.exp(-r2 / (2 * sigma * sigma));
                sum += p[i * k + j];
            }
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= (float) sum;
        }
        return Tensor.of(p, k, k);
    }

    /** The blur as deconv's Frame defines it (true convolution, same, reflect), plus Gaussian noise. */
    static Tensor observe(Tensor truth, Tensor psf, double noise, long seed) {
        ConvSpec blur = ConvSpec.defaults().withFlip(true).withPadding(Padding.same())
                .withPaddingMode(PaddingMode.REFLECT);
        Tensor y = Conv.forward(truth.reshape(1, 1, H, W), psf.reshape(1, 1, K, K), blur);
        float[] d = y.data();
        Random r = new Random(seed);
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (noise * r.nextGaussian());
        }
        return y.reshape(H, W);
    }

    static double rms(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.numel(); i++) {
            double e = a.data()[i] - b.data()[i];
            s += e * e;
        }
        return Math.sqrt(s / a.numel());
    }

    @Test
    void identityBlendsBackToTheInput() {
        Tensor x = Tensor.uniform(3, -1, 1, 2, 23, 30);
        BlendedDeconvolution tiling = new BlendedDeconvolution(2, new int[] {23, 30}, new int[] {8, 10},
                new int[] {3}, new int[] {3, 5}, window -> window);
        Tensor y = tiling.apply(x, 2);
        // the ramps' products sum to one at every cell: a few roundings of the weighted parts
        for (int i = 0; i < x.numel(); i++) {
            assertThat((double) y.data()[i]).isCloseTo(x.data()[i], org.assertj.core.data.Offset.offset(4e-7));
        }
        assertThat(tiling.cores()).hasSize(3 * 3);
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        Tensor truth = testImage();
        Tensor psf = gaussianPsf(K, 1.6);
        Tensor y = observe(truth, psf, 0.01, 5);
        DeconvSettings s = DeconvSettings.defaults().withRegularization(1e-3);
        BlendedDeconvolution tiling = tiling(psf, 40, w -> Wiener.deconvolve(w, psf, s).estimate());
        assertThat(tiling.apply(y, 3).data()).isEqualTo(tiling.apply(y, 1).data());
    }

    private static BlendedDeconvolution tiling(Tensor psf, int core, BlendedDeconvolution.Method m) {
        int[] spatial = {H, W};
        int[] c = {core};
        return new BlendedDeconvolution(1, spatial, c, BlendedDeconvolution.defaultMargin(psf.shape()),
                BlendedDeconvolution.defaultBlend(psf.shape(), c, spatial), m);
    }

    @Test
    void defaultMarginKeepsTheTilingErrorBelowTheEstimatesOwnError() {
        Tensor truth = testImage();
        Tensor psf = gaussianPsf(K, 1.6);
        Tensor y = observe(truth, psf, 0.01, 7);
        DeconvSettings wiener = DeconvSettings.defaults().withRegularization(1e-2);
        DeconvSettings tikhonov = DeconvSettings.defaults().withRegularization(1e-2);
        DeconvSettings rl = DeconvSettings.defaults().withIterations(20);
        BlendedDeconvolution.Method[] methods = {
            w -> Wiener.deconvolve(w, psf, wiener).estimate(),
            w -> Tikhonov.deconvolve(w, psf, tikhonov).estimate(),
            w -> RichardsonLucy.deconvolve(w, psf, rl).estimate()};
        String[] names = {"wiener nsr 1e-2", "tikhonov 1e-2", "richardson-lucy 20"};
        int checked = 0;
        for (int m = 0; m < methods.length; m++) {
            Tensor untiled = methods[m].deconvolve(y);
            double own = rms(untiled, truth);
            for (int core : new int[] {32, 64}) {
                Tensor tiled = tiling(psf, core, methods[m]).apply(y, 2);
                double seam = rms(tiled, untiled);
                System.out.printf(Locale.ROOT, "blended %s, %dx%d image, PSF %dx%d, tile %d, margin %d, blend %d: "
                        + "rms(tiled - untiled) %.2e, rms(untiled - truth) %.2e, ratio %.3f%n", names[m], H, W, K, K,
                        core, 3 * K, Math.min(K, core / 2), seam, own, seam / own);
                assertThat(seam).as("%s tile %d", names[m], core).isLessThan(0.1 * own);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void withoutAMarginTheSeamsShow() {
        Tensor truth = testImage();
        Tensor psf = gaussianPsf(K, 1.6);
        Tensor y = observe(truth, psf, 0.01, 7);
        DeconvSettings s = DeconvSettings.defaults().withRegularization(1e-2);
        BlendedDeconvolution.Method m = w -> Wiener.deconvolve(w, psf, s).estimate();
        Tensor untiled = m.deconvolve(y);
        Tensor bare = new BlendedDeconvolution(1, new int[] {H, W}, new int[] {32}, new int[] {0}, new int[] {0}, m)
                .apply(y, 2);
        Tensor blended = tiling(psf, 32, m).apply(y, 2);
        System.out.printf(Locale.ROOT, "wiener tile 32: rms(tiled - untiled) without margin or blend %.2e, "
                + "with the defaults %.2e%n", rms(bare, untiled), rms(blended, untiled));
        assertThat(rms(bare, untiled)).isGreaterThan(10 * rms(blended, untiled));
    }
}
