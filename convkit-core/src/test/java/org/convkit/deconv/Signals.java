package org.convkit.deconv;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/** Test signals: drawn shapes, PSFs, the blur done by the library's own convolution, noise, PSNR. */
final class Signals {
    private Signals() {
    }

    /** Rectangles, a disc and stripes on a dark background, values in [0, 1]. */
    static Tensor shapes(int h, int w) {
        float[] d = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double v = 0.1;
                if (i > h / 8 && i < h / 2 && j > w / 8 && j < w / 2) {
                    v = 0.8;
                }
                double di = i - 0.65 * h;
                double dj = j - 0.6 * w;
                if (di * di + dj * dj < (h * w) / 40.0) {
                    v = 0.55;
                }
                if (j > 3 * w / 4 && i < h / 2 && (i / 2) % 2 == 0) {
                    v = 1.0;
                }
                d[i * w + j] = (float) v;
            }
        }
        return Tensor.of(d, h, w);
    }

    /** A normalized Gaussian of odd size k along every dimension. */
    static Tensor gaussian(double sigma, int k, int dims) {
        int[] shape = new int[dims];
        Arrays.fill(shape, k);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        double sum = 0;
        int[] at = new int[dims];
        for (int i = 0; i < d.length; i++) {
            int rest = i;
            double r2 = 0;
            for (int a = dims - 1; a >= 0; a--) {
                at[a] = rest % k - k / 2;
                rest /= k;
                r2 += at[a] * at[a];
            }
            d[i] = (float) Math.exp(-r2 / (2 * sigma * sigma));
            sum += d[i];
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= sum;
        }
        return t;
    }

    /**
     * An asymmetric PSF whose spectrum stays at least 0.2 away from zero: 0.6 at the center plus
     * 0.4 spread over off-center cells on one side only (|H| >= 0.6 - 0.4).
     */
    static Tensor asymmetric(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        int center = 0;
        for (int a = 0; a < shape.length; a++) {
            center = center * shape[a] + shape[a] / 2;
        }
        d[center] = 0.6f;
        d[0] += 0.25f;
        d[d.length - 2] += 0.1f;
        d[1] += 0.05f;
        return t;
    }

    /**
     * The blur the deconvolutions invert, by the library's convolution: a true convolution
     * ({@code flip}) with 'same' padding, the border as padding mode, each channel alone.
     */
    static Tensor blur(Tensor x, Tensor psf, PaddingMode border) {
        int dims = psf.rank();
        int[] s = x.shape();
        int channels = s.length == dims ? 1 : s[0];
        int[] spatial = Arrays.copyOfRange(s, s.length - dims, s.length);
        int[] in = new int[dims + 2];
        in[0] = channels;
        in[1] = 1;
        System.arraycopy(spatial, 0, in, 2, dims);
        int[] w = new int[dims + 2];
        w[0] = 1;
        w[1] = 1;
        System.arraycopy(psf.shape(), 0, w, 2, dims);
        ConvSpec spec = ConvSpec.defaults().withFlip(true).withPadding(Padding.same()).withPaddingMode(border);
        Tensor y = Conv.forward(x.reshape(in), psf.reshape(w), spec);
        return y.reshape(s);
    }

    static Tensor noisy(Tensor x, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor y = x.copy();
        for (int i = 0; i < y.numel(); i++) {
            y.data()[i] += (float) (sigma * gaussian(r));
        }
        return y;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Peak signal-to-noise ratio in dB against a truth whose peak is 1. */
    static double psnr(Tensor truth, Tensor estimate) {
        double se = 0;
        for (int i = 0; i < truth.numel(); i++) {
            double e = truth.data()[i] - estimate.data()[i];
            se += e * e;
        }
        return 10 * Math.log10(1 / (se / truth.numel()));
    }

    /** Uniform random values in [0.2, 1) (no spectral structure: every frequency matters). */
    static Tensor random(long seed, int... shape) {
        return Tensor.uniform(seed, 0.2f, 1f, shape);
    }
}
