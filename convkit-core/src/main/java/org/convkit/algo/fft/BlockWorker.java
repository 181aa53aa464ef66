package org.convkit.algo.fft;

import org.convkit.spec.PaddingMode;

/**
 * One thread's share of {@link FftConv}: owns a workspace of blocks, allocated once, and computes
 * whole blocks of tiles (every group and channel of them), so each output is written by exactly one
 * worker, from sums taken in a fixed order.
 */
final class BlockWorker {
    private final FftPlan plan;
    private final TileIo io;
    private final TileTransform transform;
    private final Block natural;
    private final Block[] inputs;
    private final Block[] accumulators;

    BlockWorker(FftPlan plan, PaddingMode mode) {
        this.plan = plan;
        this.io = new TileIo(plan, mode);
        this.transform = new TileTransform(plan.shape);
        this.natural = plan.shape.naturalBlock();
        this.inputs = spectral(plan.keepInputs ? plan.bigPerGroup : 1);
        this.accumulators = spectral(plan.keepInputs ? 1 : plan.smallPerGroup);
    }

    private Block[] spectral(int n) {
        Block[] b = new Block[n];
        for (int i = 0; i < n; i++) {
            b[i] = plan.shape.spectralBlock();
        }
        return b;
    }

    /** Computes every output of block {@code index}: tiles {@code 2M*index ...}, M in each part. */
    void run(int index, float[] big, float[] small, Block[] spectra, float[] bias) {
        int m = plan.shape.tilesPerPart;
        long firstTile = 2L * m * index;
        for (int g = 0; g < plan.groups; g++) {
            for (int ci = 0; ci < plan.bigPerGroup; ci++) {
                fill(firstTile, big, g * plan.bigPerGroup + ci);
                Block x = inputs[plan.keepInputs ? ci : 0];
                transform.forward(natural, x);
                if (!plan.keepInputs) {
                    for (int oi = 0; oi < plan.smallPerGroup; oi++) {
                        Block w = spectra[(g * plan.smallPerGroup + oi) * plan.bigPerGroup + ci];
                        SpectralProduct.multiplyAccumulate(accumulators[oi], x, w, ci == 0);
                    }
                }
            }
            for (int oi = 0; oi < plan.smallPerGroup; oi++) {
                int oc = g * plan.smallPerGroup + oi;
                Block acc = accumulators[plan.keepInputs ? 0 : oi];
                if (plan.keepInputs) {
                    for (int ci = 0; ci < plan.bigPerGroup; ci++) {
                        SpectralProduct.multiplyAccumulate(acc, inputs[ci], spectra[oc * plan.bigPerGroup + ci], ci == 0);
                    }
                }
                transform.inverse(acc, natural);
                extract(firstTile, small, oc, bias == null ? 0.0 : bias[oc]);
            }
        }
    }

    private void fill(long firstTile, float[] big, int c) {
        int m = plan.shape.tilesPerPart;
        for (int q = 0; q < 2 * m; q++) {
            boolean imaginary = q >= m;
            if (io.locate(firstTile + q)) {
                io.fill(natural, imaginary, q % m, big, c);
            } else {
                io.zero(natural, imaginary, q % m);
            }
        }
    }

    private void extract(long firstTile, float[] small, int oc, double bias) {
        int m = plan.shape.tilesPerPart;
        for (int q = 0; q < 2 * m && io.locate(firstTile + q); q++) {
            io.extract(natural, q >= m, q % m, small, oc, bias);
        }
    }
}
