package org.convkit.simd;

/**
 * How {@link VectorSgemm} cuts a product into cache-sized pieces (the BLIS/GotoBLAS loop nest):
 * {@code nc} columns of B by {@code kc} steps of k are packed to stay in L2 while {@code mc} rows of A
 * by {@code kc} are packed and walked by {@code mr}-row panels, each small enough for L1, against
 * every {@code NR}-column panel of B. The packing buffers hold {@code kc*mc + kc*nc} floats, whatever
 * the problem size.
 *
 * @param mr rows of the micro-kernel (one of the generated {@link MicroKernels})
 * @param kc the most steps of k per packed block
 * @param mc the most rows of A per packed block, a multiple of mr
 * @param nc the most columns of B per packed block, a multiple of {@link MicroKernels#NR}
 */
record Blocking(int mr, int kc, int mc, int nc) {
    Blocking {
        if (!MicroKernels.hasRows(mr)) {
            throw new IllegalArgumentException("no micro-kernel has " + mr + " rows");
        }
        if (kc < 1 || mc < mr || mc % mr != 0 || nc < MicroKernels.NR || nc % MicroKernels.NR != 0) {
            throw new IllegalArgumentException("blocking kc=" + kc + ", mc=" + mc + ", nc=" + nc
                    + " needs kc >= 1, mc a positive multiple of mr=" + mr
                    + ", nc a positive multiple of NR=" + MicroKernels.NR);
        }
    }

    /**
     * The blocking for the running JVM's species. Wide (512-bit) vectors come with 32 registers
     * (AVX-512), room for 8 x 2 accumulators; narrower ones may have only 16 (AVX2), where 8 rows
     * would spill and 6 is the largest tile that fits. kc=384 keeps an 8-row panel of A in 12 KiB of
     * a 32 KiB L1d; nc=512 keeps the packed B block (kc*nc floats, 768 KiB) in a 1 MiB L2; mc=16*mr
     * bounds the A block (192 KiB), which is read one panel at a time. Tuned on Zen 4; see
     * convkit-bench/README.md for the measurements and what did not help.
     */
    static Blocking forSpecies() {
        int mr = MicroKernels.SPECIES.vectorBitSize() >= 512 ? 8 : 6;
        return new Blocking(mr, 384, 16 * mr, 512);
    }

    /**
     * The taller tile for wide vectors: 12 rows (24 accumulators, 27 of the 32 registers), the same
     * kc and nc, so a C element's chain is the 8-row tile's; null where vectors are narrower.
     */
    static Blocking tallForSpecies() {
        if (MicroKernels.SPECIES.vectorBitSize() < 512) {
            return null;
        }
        Blocking low = forSpecies();
        return new Blocking(12, low.kc(), 16 * 12, low.nc());
    }

    /** Columns of the micro-tile. */
    int nr() {
        return MicroKernels.NR;
    }
}
