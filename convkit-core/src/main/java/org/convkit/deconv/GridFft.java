package org.convkit.deconv;

/**
 * The N-D discrete Fourier transform of a row-major grid of complex values (split arrays), done as
 * 1-D {@link Fft}s along each axis. Lines are copied into contiguous buffers, transformed and
 * copied back, {@link #BLOCK} neighbouring lines at a time: along any axis but the last, one line's
 * cells are a whole row apart, and copying a block of neighbours reads each cache line once
 * instead of once per line. Holds scratch: one instance per thread.
 */
final class GridFft {
    /** Lines copied together: 8 doubles fill a 64-byte cache line. */
    static final int BLOCK = 8;

    private final int[] shape;
    private final int transformed;
    private final int volume;
    private final Fft[] axes;
    private final double[][] lineRe;
    private final double[][] lineIm;

    GridFft(int[] shape) {
        this(shape, shape.length);
    }

    /** Transforms along the first {@code transformed} axes only (the others are independent lines). */
    GridFft(int[] shape, int transformed) {
        this.shape = shape.clone();
        this.transformed = transformed;
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
        lineRe = new double[BLOCK][longest];
        lineIm = new double[BLOCK][longest];
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
        for (int a = 0; a < transformed; a++) {
            int len = shape[a];
            inner /= len;
            if (len == 1) {
                continue;
            }
            int outer = volume / (inner * len);
            Fft fft = axes[a];
            for (int o = 0; o < outer; o++) {
                for (int i0 = 0; i0 < inner; i0 += BLOCK) {
                    int lines = Math.min(BLOCK, inner - i0);
                    int base = o * len * inner + i0;
                    for (int t = 0; t < len; t++) {
                        int at = base + t * inner;
                        for (int b = 0; b < lines; b++) {
                            lineRe[b][t] = re[at + b];
                            lineIm[b][t] = im[at + b];
                        }
                    }
                    for (int b = 0; b < lines; b++) {
                        if (inverse) {
                            fft.inverse(lineRe[b], lineIm[b]);
                        } else {
                            fft.forward(lineRe[b], lineIm[b]);
                        }
                    }
                    for (int t = 0; t < len; t++) {
                        int at = base + t * inner;
                        for (int b = 0; b < lines; b++) {
                            re[at + b] = lineRe[b][t];
                            im[at + b] = lineIm[b][t];
                        }
                    }
                }
            }
        }
    }
}
