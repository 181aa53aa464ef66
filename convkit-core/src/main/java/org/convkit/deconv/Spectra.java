package org.convkit.deconv;

/**
 * Element-wise arithmetic on split complex spectra, and the residual a deconvolution reports.
 * A real blur has a Hermitian spectrum, so two real channels can share one complex transform (one
 * as the real part, one as the imaginary part) and come back apart: every method here relies on
 * that to transform channels in pairs, which halves the work of a real transform done as complex.
 */
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

    /** Sum of squared differences and of squared data over the signal's cells, for both channels of a pair. */
    static void accumulate(double[] fitRe, double[] fitIm, double[] dataRe, double[] dataIm, boolean[] mask,
                           double[] sums) {
        for (int k = 0; k < mask.length; k++) {
            if (mask[k]) {
                double a = fitRe[k] - dataRe[k];
                double b = fitIm[k] - dataIm[k];
                sums[0] += a * a + b * b;
                sums[1] += dataRe[k] * dataRe[k] + dataIm[k] * dataIm[k];
            }
        }
    }

    /** ||fit - data|| / ||data|| from {@link #accumulate}'s sums (0 for zero data fitted exactly). */
    static double relative(double[] sums) {
        return sums[0] == 0 ? 0 : Math.sqrt(sums[0] / sums[1]);
    }
}
