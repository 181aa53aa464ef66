package org.convkit.deconv;

/** Element-wise arithmetic on interleaved complex spectra, and the residual a deconvolution reports. */
final class Spectra {
    private Spectra() {
    }

    /** s *= h, or its conjugate: the conjugate of a real PSF's spectrum is the flipped PSF's. */
    static void multiply(double[] s, double[] h, boolean conjugate) {
        double sign = conjugate ? -1 : 1;
        for (int k = 0; k < s.length; k += 2) {
            double a = s[k];
            double b = s[k + 1];
            double c = h[k];
            double d = sign * h[k + 1];
            s[k] = a * c - b * d;
            s[k + 1] = a * d + b * c;
        }
    }

    /** out := s * h (interleaved, same length). */
    static void product(double[] s, double[] h, double[] out) {
        for (int k = 0; k < s.length; k += 2) {
            double a = s[k];
            double b = s[k + 1];
            double c = h[k];
            double d = h[k + 1];
            out[k] = a * c - b * d;
            out[k + 1] = a * d + b * c;
        }
    }

    /** Adds the squared differences and the squared data over the signal's cells to sums[0] and sums[1]. */
    static void accumulate(double[] fit, double[] data, boolean[] mask, double[] sums) {
        for (int k = 0; k < mask.length; k++) {
            if (mask[k]) {
                double a = fit[k] - data[k];
                sums[0] += a * a;
                sums[1] += data[k] * data[k];
            }
        }
    }

    /** ||fit - data|| / ||data|| from {@link #accumulate}'s sums (0 for zero data fitted exactly). */
    static double relative(double[] sums) {
        return sums[0] == 0 ? 0 : Math.sqrt(sums[0] / sums[1]);
    }
}
