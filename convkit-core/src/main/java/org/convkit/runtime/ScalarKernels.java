package org.convkit.runtime;

/**
 * The portable kernels: what runs when the Vector API is absent or switched off, and the twins that
 * vector kernels are tested against.
 */
public final class ScalarKernels implements SimdKernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String describe() {
        return "scalar";
    }

    @Override
    public Sgemm sgemm() {
        return ScalarSgemm.INSTANCE;
    }

    /** Fused multiply-adds, like the vector twin, so both give the same bits. */
    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
        }
    }

    /** Tap by tap over the row, each a vectorizable loop of fused multiply-adds: the vector twin's bits. */
    @Override
    public void taps(int n, int taps, float[] coef, float[] in, int[] offsets, float init, float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + n, init);
        for (int t = 0; t < taps; t++) {
            axpy(n, coef[t], in, offsets[t], out, outOff);
        }
    }

    /** Row by row, each as {@link #taps} makes it: the vector twin's bits. */
    @Override
    public void taps4(int n, int taps, float[] coef, int coefOff, float[] in, int[] offsets, float[] init, float[] out,
                      int outOff, int outStride) {
        for (int r = 0; r < 4; r++) {
            int o = outOff + r * outStride;
            int c = coefOff + r * taps;
            java.util.Arrays.fill(out, o, o + n, init[r]);
            for (int t = 0; t < taps; t++) {
                axpy(n, coef[c + t], in, offsets[t], out, o);
            }
        }
    }

    /**
     * Tap by tap over the row, each an element-wise loop, the first tap a copy so that no
     * -infinity start is needed, then a scan for zeros and NaNs: the vector twin's values.
     */
    @Override
    public boolean maxTaps(int n, int taps, float[] in, int[] offsets, float[] out, int outOff, boolean check) {
        if (taps == 0) {
            java.util.Arrays.fill(out, outOff, outOff + n, Float.NEGATIVE_INFINITY);
            return false;
        }
        System.arraycopy(in, offsets[0], out, outOff, n);
        for (int t = 1; t < taps; t++) {
            int off = offsets[t];
            for (int i = 0; i < n; i++) {
                out[outOff + i] = Math.max(out[outOff + i], in[off + i]);
            }
        }
        boolean zeroOrNaN = false;
        for (int i = 0; check && i < n; i++) {
            float e = out[outOff + i];
            zeroOrNaN |= e == 0f | e != e;
        }
        return zeroOrNaN;
    }

    /**
     * Tap by tap over the row, each an element-wise loop, then the scale: each element's sum in tap
     * order, the vector twin's bits.
     */
    @Override
    public void sumTaps(int n, int taps, float[] in, int[] offsets, float scale, float[] out, int outOff) {
        if (taps == 0) {
            java.util.Arrays.fill(out, outOff, outOff + n, 0f);
            return;
        }
        System.arraycopy(in, offsets[0], out, outOff, n);
        for (int t = 1; t < taps; t++) {
            int off = offsets[t];
            for (int i = 0; i < n; i++) {
                out[outOff + i] += in[off + i];
            }
        }
        for (int i = 0; i < n; i++) {
            out[outOff + i] *= scale;
        }
    }
}
