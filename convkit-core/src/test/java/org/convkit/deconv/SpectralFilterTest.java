package org.convkit.deconv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The prepared Wiener and Tikhonov filters, and the residual they take from the spectrum. */
class SpectralFilterTest {
    @Test
    void aPreparedFilterGivesEachSignalTheBitsOfAFreshCall() {
        Tensor psf = Signals.gaussian(1.5, 9, 2);
        Tensor a = Signals.noisy(Signals.blur(Signals.shapes(60, 75), psf, PaddingMode.REFLECT), 0.01, 1);
        Tensor b = Signals.noisy(Signals.blur(Signals.random(2, 60, 75), psf, PaddingMode.REFLECT), 0.03, 2);
        DeconvSettings fixed = DeconvSettings.defaults().withRegularization(0.01).withThreads(2);
        // automatic: each signal gets its own estimate of lambda, so the filter is rebuilt between them
        for (DeconvSettings s : new DeconvSettings[] {fixed, fixed.withAutomaticRegularization()}) {
            SpectralFilter w = Wiener.prepare(a.shape(), psf, s);
            SpectralFilter t = Tikhonov.prepare(a.shape(), psf, s);
            for (Tensor y : new Tensor[] {a, b, a}) {
                assertThat(w.apply(y)).isEqualTo(Wiener.deconvolve(y, psf, s));
                assertThat(t.apply(y)).isEqualTo(Tikhonov.deconvolve(y, psf, s));
            }
        }
        SpectralFilter w = Wiener.prepare(a.shape(), psf, fixed);
        assertThatThrownBy(() -> w.apply(Tensor.zeros(60, 74)))
                .hasMessageContaining("prepared for signals of shape [60, 75] but got one of shape [60, 74]");
    }

    @Test
    void theResidualFromTheSpectrumIsTheFitsMisfitOverTheGrid() {
        // circular: the grid is the signal, so the blur of the estimate on its own is the fit;
        // odd and even last axes (the half spectrum's cells at n/2 count once), 1-D to 3-D, channels
        Tensor[][] cases = {
            {Signals.random(1, 30, 44), Signals.gaussian(1.2, 5, 2)},
            {Signals.random(2, 2, 31, 45), Signals.asymmetric(3, 4)},
            {Signals.random(3, 50), Signals.asymmetric(4)},
            {Signals.random(4, 10, 12, 9), Signals.asymmetric(3, 2, 3)},
        };
        DeconvSettings s = DeconvSettings.defaults().withBorder(PaddingMode.CIRCULAR).withRegularization(0.05);
        for (Tensor[] c : cases) {
            Tensor y = Signals.noisy(Signals.blur(c[0], c[1], PaddingMode.CIRCULAR), 0.02, 7);
            for (Deconvolved d : new Deconvolved[] {Wiener.deconvolve(y, c[1], s), Tikhonov.deconvolve(y, c[1], s)}) {
                Tensor fit = Signals.blur(d.estimate(), c[1], PaddingMode.CIRCULAR);
                double misfit = 0;
                double data = 0;
                for (int k = 0; k < y.numel(); k++) {
                    double e = fit.data()[k] - y.data()[k];
                    misfit += e * e;
                    data += (double) y.data()[k] * y.data()[k];
                }
                // the fit above is float32 from a float32 estimate: agreement to some 1e-6 of ||y||
                assertThat(d.residual()).as("shape %s", java.util.Arrays.toString(y.shape()))
                        .isGreaterThan(1e-3).isCloseTo(Math.sqrt(misfit / data), withinPercentage(0.05));
            }
        }
    }
}
