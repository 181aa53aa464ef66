package org.convkit.cli.tour;

import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/** The few things the sections do to pictures, each through the engine's own operations. */
final class ImageMath {
    private ImageMath() {
    }

    /** A (h, w) kernel from its values, row by row. */
    static Tensor kernel(int h, int w, float... values) {
        return Tensor.of(values, h, w);
    }

    /** {@code values} divided by {@code by}, as a (h, w) kernel. */
    static Tensor scaled(int h, int w, float by, float... values) {
        float[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] /= by;
        }
        return Tensor.of(v, h, w);
    }

    /**
     * {@code k} (a (h, w) kernel) applied to every channel of {@code image} (C, H, W) on its own: a
     * depthwise convolution (groups C) under {@code spec} (its groups are replaced).
     */
    static Tensor perChannel(Tensor image, Tensor k, ConvSpec spec) {
        int c = image.shape()[0];
        int kh = k.shape()[0];
        int kw = k.shape()[1];
        float[] w = new float[c * kh * kw];
        for (int i = 0; i < c; i++) {
            System.arraycopy(k.data(), 0, w, i * kh * kw, kh * kw);
        }
        return Conv.forward(image, Tensor.of(w, c, 1, kh, kw), spec.withGroups(c));
    }

    /** A 'same'-size filtering whose borders repeat the edge pixels, as image filters usually do. */
    static ConvSpec sameSize() {
        return ConvSpec.defaults().withPadding(Padding.same()).withPaddingMode(PaddingMode.REPLICATE);
    }

    /**
     * Peak signal-to-noise ratio of {@code estimate} against {@code truth}, for images in [0, 1]:
     * {@code 10 log10(1 / MSE)} in decibels; higher is closer.
     */
    static double psnr(Tensor truth, Tensor estimate) {
        float[] a = truth.data();
        float[] b = estimate.data();
        if (a.length != b.length) {
            throw new IllegalArgumentException("PSNR of tensors of different sizes " + a.length + " and " + b.length);
        }
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            se += d * d;
        }
        return 10 * Math.log10(a.length / se);
    }

    /** {@code <a, b>}, in double. */
    static double dot(Tensor a, Tensor b) {
        double s = 0;
        float[] x = a.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            s += (double) x[i] * y[i];
        }
        return s;
    }

    /** Values clamped to [0, 1], as a display would, so that PSNR compares what is seen. */
    static Tensor clamp01(Tensor t) {
        float[] x = t.data().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(0f, Math.min(1f, x[i]));
        }
        return Tensor.of(x, t.shape());
    }
}
