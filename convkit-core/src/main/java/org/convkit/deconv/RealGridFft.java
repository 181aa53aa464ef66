package org.convkit.deconv;

import java.util.Arrays;

import org.convkit.runtime.Parallel;

/**
 * The N-D Fourier transform of a real grid, keeping the half of the spectrum that a real signal's
 * Hermitian symmetry does not repeat: shape {@code (n_0, ..., n_{d-1})} in, shape
 * {@code (n_0, ..., n_{d-1}/2 + 1)} complex out (NumPy's {@code rfftn} layout). Along the last axis
 * two real rows go through one complex transform (as real and imaginary parts) and are separated
 * by symmetry afterwards; the other axes are transformed on the half spectrum. Either way it does
 * about half the work of a complex transform of the real grid. A 1-D signal has a single row,
 * which goes alone (no saving). Row pairs are shared among up to {@code threads} workers as
 * {@link GridFft} shares its blocks, so results do not depend on the thread count; an instance is
 * not itself safe to call from several threads at once.
 */
final class RealGridFft {
    private final int rows;
    private final int length;
    private final int half;
    private final int[] spectrumShape;
    private final Fft[] rowFft;
    private final GridFft columns;
    private final double[][] zr;
    private final double[][] zi;

    RealGridFft(int[] shape) {
        this(shape, 1);
    }

    RealGridFft(int[] shape, int threads) {
        int d = shape.length;
        length = shape[d - 1];
        half = length / 2 + 1;
        int r = 1;
        for (int a = 0; a < d - 1; a++) {
            r *= shape[a];
        }
        rows = r;
        spectrumShape = shape.clone();
        spectrumShape[d - 1] = half;
        int workers = (long) rows * length < GridFft.PARALLEL_MIN_CELLS ? 1 : Math.max(1, threads);
        rowFft = new Fft[workers];
        zr = new double[workers][length];
        zi = new double[workers][length];
        for (int w = 0; w < workers; w++) {
            rowFft[w] = new Fft(length);
        }
        columns = new GridFft(spectrumShape, d - 1, threads);
    }

    /** The spectrum's shape: the grid's with the last extent n/2 + 1. */
    int[] spectrumShape() {
        return spectrumShape.clone();
    }

    int spectrumVolume() {
        return rows * half;
    }

    /** (sr, si) := the half spectrum of the real grid x. */
    void forward(double[] x, double[] sr, double[] si) {
        int pairs = (rows + 1) / 2;
        int n = Math.min(rowFft.length, pairs);
        Parallel.forEach(n, n, w -> {
            for (int pair = w; pair < pairs; pair += n) {
                forwardPair(w, 2 * pair, x, sr, si);
            }
        });
        columns.forward(sr, si);
    }

    private void forwardPair(int w, int row, double[] x, double[] sr, double[] si) {
        int n = length;
        double[] zr = this.zr[w];
        double[] zi = this.zi[w];
        boolean pair = row + 1 < rows;
        int a = row * n;
        System.arraycopy(x, a, zr, 0, n);
        if (pair) {
            System.arraycopy(x, a + n, zi, 0, n);
        } else {
            Arrays.fill(zi, 0);
        }
        rowFft[w].forward(zr, zi);
        int oa = row * half;
        int ob = oa + half;
        for (int k = 0; k < half; k++) {
            int c = k == 0 ? 0 : n - k;
            // Z = A + iB with A, B Hermitian: A = (Z[k] + conj Z[-k]) / 2, B = (Z[k] - conj Z[-k]) / 2i
            double pr = zr[k];
            double pi = zi[k];
            double qr = zr[c];
            double qi = -zi[c];
            sr[oa + k] = 0.5 * (pr + qr);
            si[oa + k] = 0.5 * (pi + qi);
            if (pair) {
                sr[ob + k] = 0.5 * (pi - qi);
                si[ob + k] = -0.5 * (pr - qr);
            }
        }
    }

    /**
     * x := the real grid whose half spectrum is (sr, si); overwrites (sr, si). The spectrum is
     * taken to be a real signal's: imaginary parts that symmetry says are 0 are ignored.
     */
    void inverse(double[] sr, double[] si, double[] x) {
        columns.inverse(sr, si);
        int pairs = (rows + 1) / 2;
        int n = Math.min(rowFft.length, pairs);
        Parallel.forEach(n, n, w -> {
            for (int pair = w; pair < pairs; pair += n) {
                inversePair(w, 2 * pair, sr, si, x);
            }
        });
    }

    private void inversePair(int w, int row, double[] sr, double[] si, double[] x) {
        int n = length;
        double[] zr = this.zr[w];
        double[] zi = this.zi[w];
        boolean pair = row + 1 < rows;
        int oa = row * half;
        int ob = oa + half;
        for (int k = 0; k < half; k++) {
            // Z = A + iB on k <= n/2, and on -k by A[-k] = conj A[k], B[-k] = conj B[k]
            double ar = sr[oa + k];
            double ai = si[oa + k];
            double br = pair ? sr[ob + k] : 0;
            double bi = pair ? si[ob + k] : 0;
            zr[k] = ar - bi;
            zi[k] = ai + br;
            if (k != 0 && k != n - k) {
                zr[n - k] = ar + bi;
                zi[n - k] = -ai + br;
            }
        }
        rowFft[w].inverse(zr, zi);
        int a = row * n;
        System.arraycopy(zr, 0, x, a, n);
        if (pair) {
            System.arraycopy(zi, 0, x, a + n, n);
        }
    }
}
