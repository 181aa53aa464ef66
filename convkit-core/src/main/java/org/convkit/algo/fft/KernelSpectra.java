package org.convkit.algo.fft;

import org.convkit.runtime.Parallel;

/**
 * The spectrum of every (output, input) kernel slice, computed once per call. A slice is laid into a
 * tile reversed and dilated ({@code g[-k*d mod T] = w[k]}), so that the circular convolution of an
 * input tile with it is the correlation the problem asks for, and scaled by 1/volume so that the
 * inverse transform comes back at scale; a power of two, so the scaling is exact.
 */
final class KernelSpectra {
    private KernelSpectra() {
    }

    /** Spectra indexed {@code oc * C_big/groups + ci}, in the spectral layout of one tile. */
    static Block[] of(FftPlan plan, float[] weight, boolean flip, int threads) {
        TileShape shape = plan.shape.single();
        int kernels = plan.smallChannels * plan.bigPerGroup;
        Block[] spectra = new Block[kernels];
        int workers = plan.kernelWorkers(threads);
        Parallel.forEach(workers, threads, w -> {
            TileTransform transform = new TileTransform(shape);
            Block natural = shape.naturalBlock();
            for (int k = kernels * w / workers; k < kernels * (w + 1) / workers; k++) {
                lay(plan, shape, weight, k, flip, natural);
                Block spectral = shape.spectralBlock();
                transform.forward(natural, spectral);
                spectra[k] = spectral;
            }
        });
        return spectra;
    }

    /** Writes slice {@code k} of the weight into a zeroed natural block, reversed, dilated, scaled. */
    private static void lay(FftPlan plan, TileShape shape, float[] weight, int k, boolean flip, Block natural) {
        for (int r = 0; r < natural.rows; r++) {
            java.util.Arrays.fill(natural.re[r], 0.0);
            java.util.Arrays.fill(natural.im[r], 0.0);
        }
        int dims = plan.dims;
        int taps = 1;
        for (int kk : plan.kernel) {
            taps *= kk;
        }
        double scale = 1.0 / shape.tileVolume();
        for (int tap = 0; tap < taps; tap++) {
            int rest = tap;
            int row = 0;
            int rowStride = 1;
            int lane = 0;
            for (int d = dims - 1; d >= 0; d--) {
                int kd = rest % plan.kernel[d];
                rest /= plan.kernel[d];
                int t = shape.size[d];
                int u = Math.floorMod(-kd * plan.dilation[d], t);
                if (d == dims - 1) {
                    lane = u;
                } else {
                    row += u * rowStride;
                    rowStride *= t;
                }
            }
            // flip (true convolution) reads the slice back to front in every dimension at once
            natural.re[row][lane] = weight[k * taps + (flip ? taps - 1 - tap : tap)] * scale;
        }
    }
}
