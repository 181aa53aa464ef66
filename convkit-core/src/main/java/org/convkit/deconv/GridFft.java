package org.convkit.deconv;

/**
 * The N-D discrete Fourier transform of a row-major grid of complex values (split arrays), done as
 * 1-D {@link Fft}s along each axis: every line is copied into a contiguous buffer, transformed and
 * copied back, so the 1-D plan never deals with strides. Holds scratch: one instance per thread.
 */
final class GridFft {
    private final int[] shape;
    private final int volume;
    private final Fft[] axes;
    private final double[] lineRe;
    private final double[] lineIm;

    GridFft(int[] shape) {
        this.shape = shape.clone();
        int v = 1;
        int longest = 1;
        axes = new Fft[shape.length];
        for (int a = 0; a < shape.length; a++) {
            v = Math.multiplyExact(v, shape[a]);
            longest = Math.max(longest, shape[a]);
            for (int b = 0; b < a; b++) {
                if (shape[b] == shape[a]) {
                    axes[a] = axes[b];
                }
            }
            if (axes[a] == null) {
                axes[a] = new Fft(shape[a]);
            }
        }
        volume = v;
        lineRe = new double[longest];
        lineIm = new double[longest];
    }

    int[] shape() {
        return shape.clone();
    }

    int volume() {
        return volume;
    }

    void forward(double[] re, double[] im) {
        transform(re, im, false);
    }

    /** The inverse, scaled by 1/volume: {@code inverse(forward(x)) == x}. */
    void inverse(double[] re, double[] im) {
        transform(re, im, true);
    }

    private void transform(double[] re, double[] im, boolean inverse) {
        int inner = volume;
        for (int a = 0; a < shape.length; a++) {
            int len = shape[a];
            if (len == 1) {
                inner /= len;
                continue;
            }
            inner /= len;
            int outer = volume / (inner * len);
            Fft fft = axes[a];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * len * inner + i;
                    for (int t = 0; t < len; t++) {
                        lineRe[t] = re[base + t * inner];
                        lineIm[t] = im[base + t * inner];
                    }
                    if (inverse) {
                        fft.inverse(lineRe, lineIm);
                    } else {
                        fft.forward(lineRe, lineIm);
                    }
                    for (int t = 0; t < len; t++) {
                        re[base + t * inner] = lineRe[t];
                        im[base + t * inner] = lineIm[t];
                    }
                }
            }
        }
    }
}
