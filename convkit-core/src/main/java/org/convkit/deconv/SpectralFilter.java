package org.convkit.deconv;

import java.util.Arrays;

import org.convkit.fft.RealFft;
import org.convkit.tensor.Tensor;

/**
 * A prepared regularized inverse filter {@code X = conj(H) Y / (|H|^2 + lambda |L|^2)}, the
 * {@link Wiener} and {@link Tikhonov} filters, for signals of one shape: made by
 * {@link Wiener#prepare} or {@link Tikhonov#prepare}, it holds the grid, the transform plan, the
 * PSF's spectrum H, the penalty's power |L|^2 and its buffers, so that each {@link #apply} (an
 * image of a batch, a frame of a series, a benchmark's repeat) costs one forward and one inverse
 * transform per channel and allocates only the estimate it returns.
 *
 * <p>It minimizes {@code ||h * x - y||^2 + lambda ||L x||^2} over the periodic grid exactly.
 * {@code |H|^2} is {@code H conj(H)}, and the numerator uses {@code conj(H)} (the flipped PSF),
 * which is what makes it right for asymmetric PSFs: {@code H / (H^2 + lambda)} is only equal to it
 * for a real, symmetric PSF. Where the denominator is exactly 0 (no regularization and a frequency
 * the PSF erases) the estimate has nothing at that frequency.
 *
 * <p>With automatic regularization lambda is estimated from each signal applied, and the filter is
 * rebuilt (one pass over the spectrum, no transform) when it changes. The residual it reports is
 * taken over the grid from the spectrum ({@link Residual}).
 *
 * <p>Calls are serialized (the plan's panels and the buffers are per filter), so an instance may be
 * shared between threads, which then take turns; a filter per thread runs them side by side.
 */
public final class SpectralFilter {
    private final Frame frame;
    private final int[] shape;
    private final double fixed;
    private final RealFft fft;
    private final double[] h;
    /** |L|^2 per complex cell, or null for the identity penalty. */
    private final double[] power;
    private final double[] g;
    /** |H G - 1|^2 times each cell's multiplicity in the full spectrum: the residual's weights. */
    private final double[] misfitWeight;
    private final double[] y;
    private final double[] x;
    private final double[] spectrum;
    private final double[] work;
    private final Residual residual;
    private final int threads;
    private double built = Double.NaN;

    private SpectralFilter(int[] shape, Tensor psf, DeconvSettings s, Penalty defaultPenalty) {
        frame = Frame.of(shape, psf.data(), psf.shape(), s.border());
        this.shape = shape.clone();
        fixed = s.automaticRegularization() ? Double.NaN : s.regularization();
        Penalty penalty = s.penalty() == null ? defaultPenalty : s.penalty();
        threads = s.threads();
        fft = new RealFft(frame.grid, threads);
        int n = fft.spectrumDoubles();
        y = new double[frame.gridVolume];
        x = new double[frame.gridVolume];
        spectrum = new double[n];
        work = new double[n];
        h = frame.transferFunction(psf.data(), fft, y);
        power = penalty == Penalty.LAPLACIAN ? frame.laplacianPower(fft) : null;
        g = new double[n];
        misfitWeight = new double[n / 2];
        residual = new Residual(frame.gridVolume, frame.grid[frame.dims - 1], s.threads());
        if (!Double.isNaN(fixed)) {
            build(fixed);
        }
    }

    static SpectralFilter prepare(int[] shape, Tensor psf, DeconvSettings s, Penalty defaultPenalty) {
        return new SpectralFilter(shape, psf, s, defaultPenalty);
    }

    /**
     * The shape of the signals this filter takes.
     *
     * @return a copy
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Deconvolves one signal of the prepared shape, every channel through the same filter.
     *
     * @param observed the blurred signal, of {@link #shape}
     * @return the estimate, of the observed shape, with the regularization, iterations (0) and residual
     * @throws IllegalArgumentException if the signal's shape is not the prepared one
     */
    public synchronized Deconvolved apply(Tensor observed) {
        if (!Arrays.equals(observed.shape(), shape)) {
            throw new IllegalArgumentException("this filter was prepared for signals of shape " + Arrays.toString(shape)
                    + " but got one of shape " + Arrays.toString(observed.shape()) + "; prepare one for that shape");
        }
        double lambda = Double.isNaN(fixed)
                ? NoiseEstimate.noiseToSignal(observed.data(), frame.channels, frame.spatial) : fixed;
        if (Double.compare(lambda, built) != 0) {
            build(lambda);
        }
        float[] out = new float[observed.numel()];
        residual.clear();
        int length = frame.grid[frame.dims - 1];
        for (int c = 0; c < frame.channels; c++) {
            frame.pad(observed.data(), c, y, threads);
            fft.forward(y, spectrum);
            // the residual h * x - y is (H G - 1) Y: from the spectrum, with no inverse transform of the fit
            residual.addSpectrum(spectrum, misfitWeight, length);
            fft.inverseOfProduct(spectrum, g, false, work, x);
            frame.crop(x, out, c, threads);
        }
        return new Deconvolved(Tensor.of(out, observed.shape()), lambda, 0, residual.relative());
    }

    /** The filter G and the residual's weights for this lambda. */
    private void build(double lambda) {
        int half = frame.grid[frame.dims - 1] / 2 + 1;
        int length = frame.grid[frame.dims - 1];
        for (int k = 0; k < g.length; k += 2) {
            double hr = h[k];
            double hi = h[k + 1];
            double den = hr * hr + hi * hi + lambda * (power == null ? 1 : power[k / 2]);
            double gr = 0;
            double gi = 0;
            if (den != 0) {
                gr = hr / den;
                gi = -hi / den;
            }
            g[k] = gr;
            g[k + 1] = gi;
            // H G - 1, with G's product as RealFft.multiply computes it
            double fr = gr * hr - gi * hi - 1;
            double fi = gr * hi + gi * hr;
            misfitWeight[k / 2] = Residual.multiplicity((k / 2) % half, length) * (fr * fr + fi * fi);
        }
        built = lambda;
    }
}
