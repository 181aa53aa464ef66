package org.convkit.algo.fft;

/**
 * The time model of {@link FftConv}, every constant in one place. A call costs the kernel spectra
 * plus, per block of tiles and group: reading the input tiles, one forward transform per input
 * channel, one spectral multiply-add per (output, input) channel pair, one inverse transform per
 * output channel, and writing the outputs. A transform is counted as radix-2 butterflies (a
 * per-call overhead plus a per-lane cost, since each butterfly is a vector loop over one row) and
 * one transposition.
 *
 * <p>The constants are nanoseconds, medians measured on one core of the development machine (AMD
 * EPYC Zen 4, AVX-512; JDK 17 and 25 within 15% of each other) on 2-D tiles of 16 to 256: a butterfly
 * of L lanes took 22, 31, 44, 80 and 157 ns for L = 16, 32, 64, 128, 256, with the block in cache.
 * They were measured on the former in-place radix-2 transform; the project FFT's Stockham panels
 * (radix 4 as two radix-2 steps) measured within the machine's noise of it on 2-D tiles of 32 to
 * 256 and 3-D tiles of 16 and 32, so the model stands (1-D blocks now run 2 to 4 times faster
 * than it says, which only makes the planner cautious there).
 */
final class FftCost {
    /** Per tile cell read (padding rule, float to double) or zeroed. */
    static final double FILL = 0.5;
    /** Per complex lane of one radix-2 butterfly (two rows in, two rows out). */
    static final double BUTTERFLY_LANE = 0.6;
    /** Per butterfly, whatever its length: loop set-up and the scalar remainder. */
    static final double BUTTERFLY_CALL = 12;
    /** Per complex cell transposed. */
    static final double TRANSPOSE = 0.7;
    /** Per complex multiply-add of two spectra. */
    static final double PRODUCT = 0.55;
    /**
     * Per row of spectra multiplied, whatever its length: the loop's set-up and scalar tail. With
     * many channels and small tiles these calls dominate: a 1x1 layer of 64 -> 128 channels on 56x56
     * was estimated at 7.6 ms without this term and took 174 ms.
     */
    static final double PRODUCT_ROW = 25;
    /** Per output element written (double to float, plus bias). */
    static final double EXTRACT = 0.6;

    /** Complex cells of a block that stay in the level-2 cache (1 MiB of doubles)... */
    static final long CACHED_CELLS = 1 << 16;
    /** ...and how much slower butterflies and transposes run beyond it (512x512 tiles: 1.0 against 0.64 ns). */
    static final double UNCACHED = 1.5;

    private FftCost() {
    }

    /** One forward or inverse transform of a block of this shape. */
    static double transform(TileShape s) {
        double t = 0;
        double rows = s.naturalRows;
        for (int d = 0; d < s.dims() - 1; d++) {
            t += log2(s.size[d]) * rows / 2 * (BUTTERFLY_CALL + s.naturalLanes * BUTTERFLY_LANE);
        }
        t += log2(s.naturalLanes) * s.naturalLanes / 2.0 * (BUTTERFLY_CALL + rows * BUTTERFLY_LANE);
        t += s.volume() * TRANSPOSE;
        return s.volume() > CACHED_CELLS ? t * UNCACHED : t;
    }

    /** One block of 2M tiles, all groups: fills, transforms, products, inverses, outputs. */
    static double block(FftPlan p) {
        double perGroup = p.bigPerGroup * (2.0 * p.shape.tilesPerPart * p.shape.tileVolume() * FILL + transform(p.shape))
                + (double) p.bigPerGroup * p.smallPerGroup
                        * (p.shape.volume() * PRODUCT + (double) p.shape.volume() / p.shape.naturalRows * PRODUCT_ROW)
                + p.smallPerGroup * (transform(p.shape) + 2.0 * p.shape.tilesPerPart * p.outputsPerTile() * EXTRACT);
        return p.groups * perGroup;
    }

    /** The kernel spectra: one fill and one transform per (output, input) channel pair. */
    static double kernels(FftPlan p) {
        TileShape k = p.shape.single();
        return (double) p.smallChannels * p.bigPerGroup * (k.tileVolume() * FILL + transform(k));
    }

    /** Whole call on {@code threads} threads: kernel spectra and blocks are both spread over the threads. */
    static double call(FftPlan p, int threads) {
        double kernelThreads = Math.min(threads, Math.max(1, (long) p.smallChannels * p.bigPerGroup));
        double blockThreads = Math.min(threads, Math.max(1, p.blocks));
        return CALL_NS + kernels(p) / kernelThreads + p.blocks * block(p) / blockThreads;
    }

    /**
     * Per call, whatever the size: the tile plan, the transforms' plans and buffers, the tasks. A
     * 4x4 map with a 3x3 kernel took 40 us (the reference 2): without it, the model's 0.3 us gave
     * such problems to the FFT, whose rounding then showed in results the reference gets exact.
     */
    static final double CALL_NS = 35_000;

    static double log2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }
}
