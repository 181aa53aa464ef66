package org.convkit.deconv;

import java.util.Arrays;

/**
 * The automatic regularization: the noise-to-signal power ratio estimated from the observed data
 * alone.
 *
 * <p>Noise: the Laplacian (2d+1-point stencil) of every interior cell, of every channel, scaled to
 * unit gain on white noise (divided by the stencil's norm {@code sqrt(4d^2 + 2d)}); its median
 * absolute value times 1.4826 estimates the noise's standard deviation (the MAD, exact for
 * Gaussian noise). The Laplacian removes the blurred, smooth part of the signal, and the median
 * ignores the minority of cells where edges leave a response, which is why it is used rather than
 * the variance of the high-pass (which edges inflate).
 *
 * <p>Signal: the observed variance minus the noise's, floored at a millionth of the observed
 * variance. The ratio is that of white signal and noise, Wiener's classic constant NSR; it tends
 * to regularize a little more than the optimum for natural images (whose spectra fall with
 * frequency), which errs on the safe side. It is floored at 1e-12 so noise-free data still get a
 * finite inverse where the PSF's spectrum vanishes.
 */
public final class NoiseEstimate {
    static final double FLOOR = 1e-12;

    private NoiseEstimate() {
    }

    /**
     * Noise standard deviation of {@code data} laid out (channels, spatial...) with {@code spatial}'s shape.
     *
     * @param data the signal, row-major
     * @param channels the leading channel count
     * @param spatial each channel's extents
     * @return the estimated sigma (0 for a signal too small to estimate from)
     */
    public static double sigma(float[] data, int channels, int[] spatial) {
        int d = spatial.length;
        int vol = data.length / channels;
        int[] stride = new int[d];
        int s = 1;
        for (int a = d - 1; a >= 0; a--) {
            stride[a] = s;
            s *= spatial[a];
        }
        double[] responses = new double[data.length];
        int count = 0;
        double norm = Math.sqrt(4.0 * d * d + 2.0 * d);
        int[] at = new int[d];
        for (int c = 0; c < channels; c++) {
            int off = c * vol;
            Arrays.fill(at, 0);
            for (int k = 0; k < vol; k++) {
                boolean interior = true;
                double lap = -2.0 * d * data[off + k];
                for (int a = 0; a < d && interior; a++) {
                    if (at[a] == 0 || at[a] == spatial[a] - 1) {
                        interior = false;
                    } else {
                        lap += (double) data[off + k - stride[a]] + data[off + k + stride[a]];
                    }
                }
                if (interior) {
                    responses[count++] = Math.abs(lap) / norm;
                }
                for (int a = d - 1; a >= 0; a--) {
                    if (++at[a] < spatial[a]) {
                        break;
                    }
                    at[a] = 0;
                }
            }
        }
        if (count == 0) {
            return 0;
        }
        double[] r = Arrays.copyOf(responses, count);
        Arrays.sort(r);
        double median = count % 2 == 1 ? r[count / 2] : 0.5 * (r[count / 2 - 1] + r[count / 2]);
        return 1.4826 * median;
    }

    /**
     * Noise variance over signal variance, as described above.
     *
     * @param data the signal, row-major
     * @param channels the leading channel count
     * @param spatial each channel's extents
     * @return the ratio, at least the floor that keeps the inverse finite
     */
    public static double noiseToSignal(float[] data, int channels, int[] spatial) {
        double sigma = sigma(data, channels, spatial);
        double mean = 0;
        for (float v : data) {
            mean += v;
        }
        mean /= data.length;
        double var = 0;
        for (float v : data) {
            var += (v - mean) * (v - mean);
        }
        var /= data.length;
        double noise = sigma * sigma;
        double signal = Math.max(var - noise, 1e-6 * var);
        if (!(signal > 0)) {
            return FLOOR;
        }
        return Math.max(noise / signal, FLOOR);
    }
}
