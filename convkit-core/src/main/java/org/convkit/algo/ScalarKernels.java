package org.convkit.algo;

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
}
