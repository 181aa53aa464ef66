package org.convkit.simd;

import org.convkit.runtime.PackedMatrix;
import org.convkit.runtime.Sgemm;

/**
 * Two register tiles behind one multiply: the 8-row tile and the 12-row one, chosen per product
 * (or per packed matrix) by its row count. The 12-row tile keeps 24 accumulators and streams B once
 * per 12 rows of A instead of 8: on a machine with two 512-bit FMA units a cycle it ran the kernel
 * alone at 212 GFLOP/s against 190 and whole GEMMs 9-11% faster; on Zen 4 (one) the two measured the
 * same. It pads the rows to a multiple of 12, so it is taken where its padded rows, at
 * {@link #TALL_SPEEDUP} the speed, cost less than the 8-row tile's: a 16-row product (a ResNeXt
 * group) stays on 8 rows (24 padded rows), 128 and more rows go to 12.
 *
 * <p>Both tiles use the same kc, and a C element is the same chain of fused multiply-adds over k in
 * either, so the choice never changes a bit; a packed matrix is multiplied by the tile that packed
 * it.
 */
final class TileChoiceSgemm implements Sgemm {
    /** The 12-row tile's speed over the 8-row one's assumed by the choice (measured 1.09-1.12 where it helps). */
    static final double TALL_SPEEDUP = 1.1;

    private final VectorSgemm low;
    private final VectorSgemm tall;

    TileChoiceSgemm(Blocking low, Blocking tall) {
        this.low = new VectorSgemm(low);
        this.tall = new VectorSgemm(tall);
    }

    /** The tile for a product of m rows. */
    VectorSgemm forRows(int m) {
        int mrLow = low.blocking().mr();
        int mrTall = tall.blocking().mr();
        int lowRows = (m + mrLow - 1) / mrLow * mrLow;
        int tallRows = (m + mrTall - 1) / mrTall * mrTall;
        return tallRows < TALL_SPEEDUP * lowRows ? tall : low;
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
                         int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        forRows(m).multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public PackedMatrix pack(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        return forRows(m).pack(transA, m, k, a, aOff, lda);
    }

    @Override
    public void multiply(PackedMatrix a, int r0, int m, boolean transB, int n, float[] b, int bOff, int ldb, float[] c,
                         int cOff, int ldc, boolean accumulate) {
        a.packer().multiply(a, r0, m, transB, n, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void multiplyRows(PackedMatrix a, int r0, int m, int n, float[] b, int bOff, int[] rows, float[] c,
                             int cOff, int ldc, boolean accumulate) {
        a.packer().multiplyRows(a, r0, m, n, b, bOff, rows, c, cOff, ldc, accumulate);
    }

    @Override
    public PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return low.packB(transB, k, n, b, bOff, ldb);
    }

    @Override
    public void multiply(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b, float[] c, int cOff,
                         int ldc, boolean accumulate) {
        b.packer().multiply(transA, m, a, aOff, lda, b, c, cOff, ldc, accumulate);
    }

    /** Both tiles, e.g. "vector-512 8x32/12x32". */
    @Override
    public String name() {
        return low.name() + "/" + tall.blocking().mr() + "x" + tall.blocking().nr();
    }
}
