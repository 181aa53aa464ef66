package org.convkit.deconv;

/** Element-wise arithmetic on split complex spectra, and the residual a deconvolution reports. */
final class Spectra {
    private Spectra() {
    }

    /** (re, im) *= (hr, hi), or its conjugate: the conjugate of a real PSF's spectrum is the flipped PSF's. */
    static void multiply(double[] re, double[] im, double[] hr, double[] hi, boolean conjugate) {
        double sign = conjugate ? -1 : 1;
        for (int k = 0; k < re.length; k++) {
            double a = re[k];
            double b = im[k];
            double c = hr[k];
            double d = sign * hi[k];
            re[k] = a * c - b * d;
            im[k] = a * d + b * c;
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
