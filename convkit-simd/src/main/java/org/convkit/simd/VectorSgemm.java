package org.convkit.simd;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import org.convkit.runtime.PackedMatrix;
import org.convkit.runtime.Sgemm;

/**
 * {@link Sgemm} on the Vector API, structured like BLIS/GotoBLAS: op(A) and op(B) are packed block
 * by block into per-thread buffers ({@link Packing}, {@link Workspace}) and multiplied by a
 * register-blocked {@link MicroKernels micro-kernel} that keeps an mr x NR tile of C in registers
 * (see {@link Blocking} for the sizes).
 *
 * <p>Determinism: every C element is a single fma chain over k in increasing order, started from C
 * (when accumulating) or from zero. Each k-block reloads the tile from C and goes on with the same
 * chain, edge tiles run the same kernel on zero-padded panels, so the result does not depend on m, n,
 * the blocking or where the element sits in a tile: callers may split C by rows or columns across
 * threads and get bitwise the same C.
 *
 * <p>Stateless apart from the per-thread buffers (bounded: {@code kc*mc + kc*nc + mr*NR} floats per
 * thread); thread-safe.
 */
public final class VectorSgemm implements Sgemm {
    private final Blocking blocking;
    private final ThreadLocal<Workspace> workspace;

    /** The multiply tuned for the running JVM's vector species. */
    public VectorSgemm() {
        this(Blocking.forSpecies());
    }

    VectorSgemm(Blocking blocking) {
        this.blocking = blocking;
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(blocking));
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("matrix sizes must not be negative: m=" + m + ", n=" + n + ", k=" + k);
        }
        MatrixBounds.check("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        MatrixBounds.check("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        MatrixBounds.check("B", b, bOff, transB ? n : k, transB ? k : n, ldb);

        Workspace ws = workspace.get();
        int kcStep = kcStep(k);
        // Inside a k-block, A is packed once per column block when those are the outer loop, B once per
        // row block otherwise: take the order that packs fewer floats (one that packs each operand
        // once when m <= mc or n <= nc). Both orders give every C element the same k-blocks in
        // increasing order, so the choice cannot change a bit.
        long aRepacked = (long) m * k * ((n + blocking.nc() - 1) / blocking.nc()) + (long) k * n;
        long bRepacked = (long) k * n * ((m + blocking.mc() - 1) / blocking.mc()) + (long) m * k;
        for (int pc = 0; pc < k; pc += kcStep) {
            int kc = Math.min(kcStep, k - pc);
            boolean loadC = accumulate || pc > 0;
            if (readsBInPlace(transB, m)) {
                Packing.packA(transA, a, aOff, lda, 0, m, pc, kc, blocking.mr(), ws.a, 0);
                for (int jc = 0; jc < n; jc += blocking.nc()) {
                    stridedKernel(m, Math.min(blocking.nc(), n - jc), kc, ws.a, 0, b, bOff + pc * ldb + jc, ldb, ws,
                            c, cOff + jc, ldc, loadC);
                }
            } else if (aRepacked <= bRepacked) {
                for (int jc = 0; jc < n; jc += blocking.nc()) {
                    int nc = Math.min(blocking.nc(), n - jc);
                    Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, ws.b);
                    for (int ic = 0; ic < m; ic += blocking.mc()) {
                        int mc = Math.min(blocking.mc(), m - ic);
                        Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, blocking.mr(), ws.a, 0);
                        macroKernel(mc, nc, kc, ws.a, 0, ws, c, cOff + ic * ldc + jc, ldc, loadC);
                    }
                }
            } else {
                for (int ic = 0; ic < m; ic += blocking.mc()) {
                    int mc = Math.min(blocking.mc(), m - ic);
                    Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, blocking.mr(), ws.a, 0);
                    for (int jc = 0; jc < n; jc += blocking.nc()) {
                        int nc = Math.min(blocking.nc(), n - jc);
                        Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, ws.b);
                        macroKernel(mc, nc, kc, ws.a, 0, ws, c, cOff + ic * ldc + jc, ldc, loadC);
                    }
                }
            }
        }
    }

    /**
     * Checks C and settles a product with nothing to multiply (zeroing C unless accumulating): true
     * when there is nothing more to do.
     */
    private static boolean empty(int m, int n, int k, float[] c, int cOff, int ldc, boolean accumulate) {
        MatrixBounds.check("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 && !accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        return k == 0;
    }

    /** Equal k-blocks (576 = 2 x 288, not 384 + 192): as many passes over C, evenly loaded. */
    private int kcStep(int k) {
        int kBlocks = (k + blocking.kc() - 1) / blocking.kc();
        return (k + kBlocks - 1) / kBlocks;
    }

    /**
     * The whole op(A) in the layout {@link #multiply} packs block by block: per k-block (the same
     * blocks), every mr-row panel, so that rows [ic, ic+mc) of k-block pc are the block packA would
     * make, at {@code mPadded * pc + ic * kc}.
     */
    @Override
    public PackedMatrix pack(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        if (m < 0 || k < 0) {
            throw new IllegalArgumentException("matrix sizes must not be negative: m=" + m + ", k=" + k);
        }
        MatrixBounds.check("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        int mr = blocking.mr();
        int padded = (m + mr - 1) / mr * mr;
        float[] d = new float[Math.multiplyExact(padded, k)];
        int kcStep = Math.max(1, kcStep(k));
        for (int pc = 0; pc < k; pc += kcStep) {
            Packing.packA(transA, a, aOff, lda, 0, m, pc, Math.min(kcStep, k - pc), mr, d, padded * pc);
        }
        return new PackedMatrix(this, d, m, k, mr);
    }

    /**
     * As {@link #multiply} with the unpacked A: the same k-blocks in the same order and the same
     * kernel on the same panels, so the same bits. B is packed once per (k-block, column block) and
     * every row block of A passes over it.
     */
    @Override
    public void multiply(PackedMatrix a, int r0, int m, boolean transB, int n, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkPacked(a, r0, m);
        int k = a.depth();
        if (empty(m, n, k, c, cOff, ldc, accumulate)) {
            return;
        }
        MatrixBounds.check("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        Workspace ws = workspace.get();
        int padded = (a.rows() + blocking.mr() - 1) / blocking.mr() * blocking.mr();
        int kcStep = kcStep(k);
        for (int pc = 0; pc < k; pc += kcStep) {
            int kc = Math.min(kcStep, k - pc);
            boolean loadC = accumulate || pc > 0;
            for (int jc = 0; jc < n; jc += blocking.nc()) {
                int nc = Math.min(blocking.nc(), n - jc);
                if (readsBInPlace(transB, m)) {
                    stridedKernel(m, nc, kc, a.data(), padded * pc + r0 * kc, b, bOff + pc * ldb + jc, ldb, ws,
                            c, cOff + jc, ldc, loadC);
                    continue;
                }
                Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, ws.b);
                for (int ic = 0; ic < m; ic += blocking.mc()) {
                    int mc = Math.min(blocking.mc(), m - ic);
                    macroKernel(mc, nc, kc, a.data(), padded * pc + (r0 + ic) * kc, ws, c, cOff + ic * ldc + jc,
                            ldc, loadC);
                }
            }
        }
    }

    /**
     * As the packed multiply with B's rows read in place from the table: per k-block, each mr-row
     * panel of A (in L1) passes over all of C's full NR-column tiles, whose rows of B come from
     * wherever they lie (in L2 for a padded image's windows); a last, partial tile is packed, so no
     * read passes a row's end. The same kernels' chains, so the same bits.
     */
    @Override
    public void multiplyRows(PackedMatrix a, int r0, int m, int n, float[] b, int bOff, int[] rows, float[] c,
                             int cOff, int ldc, boolean accumulate) {
        checkPacked(a, r0, m);
        int k = a.depth();
        if (empty(m, n, k, c, cOff, ldc, accumulate)) {
            return;
        }
        Sgemm.checkRows(b, bOff, rows, k, n);
        Workspace ws = workspace.get();
        int mr = blocking.mr();
        int nr = blocking.nr();
        int padded = (a.rows() + mr - 1) / mr * mr;
        int full = n / nr * nr;
        int kcStep = kcStep(k);
        for (int pc = 0; pc < k; pc += kcStep) {
            int kc = Math.min(kcStep, k - pc);
            boolean loadC = accumulate || pc > 0;
            if (full < n) {
                for (int p = 0; p < kc; p++) {
                    int at = p * nr;
                    System.arraycopy(b, bOff + rows[pc + p] + full, ws.b, at, n - full);
                    Arrays.fill(ws.b, at + n - full, at + nr, 0f);
                }
            }
            int panels = padded * pc + r0 * kc;
            for (int ir = 0; ir < m; ir += mr) {
                int height = Math.min(mr, m - ir);
                int pa = panels + ir * kc;
                for (int jr = 0; jr < full; jr += nr) {
                    int ct = cOff + ir * ldc + jr;
                    if (height == mr) {
                        MicroKernels.runRows(mr, kc, a.data(), pa, b, bOff + jr, rows, pc, c, ct, ldc, loadC);
                    } else {
                        edgeTileRows(height, kc, a.data(), pa, b, bOff + jr, rows, pc, ws, c, ct, ldc, loadC);
                    }
                }
                if (full < n) {
                    edgeTile(height, n - full, kc, a.data(), pa, ws.b, 0, nr, ws, c, cOff + ir * ldc + full, ldc,
                            loadC);
                }
            }
        }
    }

    /** A tile of fewer than mr rows with B's rows from the table: the kernel on a full-size copy of C. */
    private void edgeTileRows(int height, int kc, float[] pa, int aPanel, float[] b, int bOff, int[] rows, int rOff,
                              Workspace ws, float[] c, int cOff, int ldc, boolean loadC) {
        int nr = blocking.nr();
        float[] tile = ws.tile;
        if (loadC) {
            for (int r = 0; r < height; r++) {
                System.arraycopy(c, cOff + r * ldc, tile, r * nr, nr);
            }
        }
        MicroKernels.runRows(blocking.mr(), kc, pa, aPanel, b, bOff, rows, rOff, tile, 0, nr, loadC);
        for (int r = 0; r < height; r++) {
            System.arraycopy(tile, r * nr, c, cOff + r * ldc, nr);
        }
    }

    /**
     * Products of at most this many rows read B where it is stored instead of packing it: packed, each
     * block of B served one or two panels of A, and packing it cost as much as multiplying (a 16-channel
     * layer's GEMMs).
     */
    static final int IN_PLACE_ROWS = 32;

    private boolean readsBInPlace(boolean transB, int m) {
        return !transB && m <= Math.min(IN_PLACE_ROWS, blocking.mc());
    }

    /**
     * Edge tiles of at most this many rows run row by row ({@link #thinRow}) instead of as a whole
     * micro-tile of zero-padded rows: a product of one row (a generator's first layer at batch 1, a
     * fully connected layer) did 8 or 12 times its work in the tile.
     */
    static final int THIN_ROWS = 3;

    /**
     * One row of C over all nc columns with B in place: {@code c[j] = (loadC ? c[j] : 0) + sum over
     * p of a[p * step] * b[p * ldb + j]}, the same chain of fused multiply-adds in increasing p as the
     * micro-tile gives that row, so the same bits; four vectors of columns at a time (four chains,
     * one broadcast of a), then one, then the last columns one by one ({@code Math.fma} rounds as a
     * lane of the vector fma does).
     */
    private static void thinRow(int kc, float[] a, int aOff, int step, float[] b, int bOff, int ldb, int nc,
                                float[] c, int cOff, boolean loadC) {
        jdk.incubator.vector.VectorSpecies<Float> f = MicroKernels.SPECIES;
        int lanes = MicroKernels.LANES;
        int j = 0;
        for (; j + 4 * lanes <= nc; j += 4 * lanes) {
            int at = cOff + j;
            FloatVector c0 = loadC ? FloatVector.fromArray(f, c, at) : FloatVector.zero(f);
            FloatVector c1 = loadC ? FloatVector.fromArray(f, c, at + lanes) : FloatVector.zero(f);
            FloatVector c2 = loadC ? FloatVector.fromArray(f, c, at + 2 * lanes) : FloatVector.zero(f);
            FloatVector c3 = loadC ? FloatVector.fromArray(f, c, at + 3 * lanes) : FloatVector.zero(f);
            for (int p = 0, ap = aOff, bp = bOff + j; p < kc; p++, ap += step, bp += ldb) {
                FloatVector x = FloatVector.broadcast(f, a[ap]);
                c0 = x.fma(FloatVector.fromArray(f, b, bp), c0);
                c1 = x.fma(FloatVector.fromArray(f, b, bp + lanes), c1);
                c2 = x.fma(FloatVector.fromArray(f, b, bp + 2 * lanes), c2);
                c3 = x.fma(FloatVector.fromArray(f, b, bp + 3 * lanes), c3);
            }
            c0.intoArray(c, at);
            c1.intoArray(c, at + lanes);
            c2.intoArray(c, at + 2 * lanes);
            c3.intoArray(c, at + 3 * lanes);
        }
        for (; j + lanes <= nc; j += lanes) {
            FloatVector c0 = loadC ? FloatVector.fromArray(f, c, cOff + j) : FloatVector.zero(f);
            for (int p = 0, ap = aOff, bp = bOff + j; p < kc; p++, ap += step, bp += ldb) {
                c0 = FloatVector.broadcast(f, a[ap]).fma(FloatVector.fromArray(f, b, bp), c0);
            }
            c0.intoArray(c, cOff + j);
        }
        for (; j < nc; j++) {
            float acc = loadC ? c[cOff + j] : 0f;
            for (int p = 0, ap = aOff, bp = bOff + j; p < kc; p++, ap += step, bp += ldb) {
                acc = Math.fma(a[ap], b[bp], acc);
            }
            c[cOff + j] = acc;
        }
    }

    /**
     * {@link #macroKernel} with B's full NR-column panels read in place (rows ldb apart, from
     * {@code b[bOff]}); a last, partial panel is packed, so no read passes B's last column.
     */
    private void stridedKernel(int mc, int nc, int kc, float[] pa, int paOff, float[] b, int bOff, int ldb,
                               Workspace ws, float[] c, int cOff, int ldc, boolean loadC) {
        int mr = blocking.mr();
        int nr = blocking.nr();
        int full = nc / nr * nr;
        if (full < nc && mc > THIN_ROWS) {
            Packing.packB(false, b, bOff, ldb, 0, kc, full, nc - full, ws.b);
        }
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            if (rows <= THIN_ROWS) {
                for (int r = 0; r < rows; r++) {
                    thinRow(kc, pa, paOff + ir * kc + r, mr, b, bOff, ldb, nc, c, cOff + (ir + r) * ldc, loadC);
                }
                continue;
            }
            for (int jr = 0; jr < full; jr += nr) {
                int ct = cOff + ir * ldc + jr;
                if (rows == mr) {
                    MicroKernels.runStrided(mr, kc, pa, paOff + ir * kc, b, bOff + jr, ldb, c, ct, ldc, loadC);
                } else {
                    edgeTile(rows, nr, kc, pa, paOff + ir * kc, b, bOff + jr, ldb, ws, c, ct, ldc, loadC);
                }
            }
            if (full < nc) {
                edgeTile(rows, nc - full, kc, pa, paOff + ir * kc, ws.b, 0, nr, ws, c, cOff + ir * ldc + full, ldc, loadC);
            }
        }
    }

    /**
     * The whole op(B) in the layout {@link #multiply} packs block by block: per k-block, every
     * NR-column panel, so that columns [jc, jc+nc) of k-block pc are the block packB would make, at
     * {@code nPadded * pc + jc * kc}.
     */
    @Override
    public PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (n < 0 || k < 0) {
            throw new IllegalArgumentException("matrix sizes must not be negative: k=" + k + ", n=" + n);
        }
        MatrixBounds.check("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        int nr = MicroKernels.NR;
        int padded = (n + nr - 1) / nr * nr;
        float[] d = new float[Math.multiplyExact(padded, k)];
        int kcStep = Math.max(1, kcStep(k));
        for (int pc = 0; pc < k; pc += kcStep) {
            Packing.packB(transB, b, bOff, ldb, pc, Math.min(kcStep, k - pc), 0, n, d, padded * pc);
        }
        return new PackedMatrix(this, d, n, k, nr);
    }

    /** As {@link #multiply} with the unpacked B: the same blocks in the same order, so the same bits. */
    @Override
    public void multiply(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b, float[] c, int cOff,
                         int ldc, boolean accumulate) {
        checkPacked(b, 0, b.rows());
        int n = b.rows();
        int k = b.depth();
        MatrixBounds.check("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        MatrixBounds.check("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        Workspace ws = workspace.get();
        int padded = (n + MicroKernels.NR - 1) / MicroKernels.NR * MicroKernels.NR;
        int kcStep = kcStep(k);
        for (int pc = 0; pc < k; pc += kcStep) {
            int kc = Math.min(kcStep, k - pc);
            boolean loadC = accumulate || pc > 0;
            for (int ic = 0; ic < m; ic += blocking.mc()) {
                int mc = Math.min(blocking.mc(), m - ic);
                Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, blocking.mr(), ws.a, 0);
                for (int jc = 0; jc < n; jc += blocking.nc()) {
                    int nc = Math.min(blocking.nc(), n - jc);
                    macroKernel(mc, nc, kc, ws.a, 0, b.data(), padded * pc + jc * kc, ws, c, cOff + ic * ldc + jc,
                            ldc, loadC);
                }
            }
        }
    }

    /**
     * Multiplies one packed mc x kc block of A by one packed kc x nc block of B into C. Row panels
     * outside, column panels inside: the mr x kc panel of A stays in L1 while the B block streams
     * from L2.
     */
    private void macroKernel(int mc, int nc, int kc, float[] pa, int paOff, Workspace ws, float[] c, int cOff, int ldc,
                             boolean loadC) {
        macroKernel(mc, nc, kc, pa, paOff, ws.b, 0, ws, c, cOff, ldc, loadC);
    }

    private void macroKernel(int mc, int nc, int kc, float[] pa, int paOff, float[] pb, int pbOff, Workspace ws,
                             float[] c, int cOff, int ldc, boolean loadC) {
        int mr = blocking.mr();
        int nr = blocking.nr();
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            for (int jr = 0; jr < nc; jr += nr) {
                int cols = Math.min(nr, nc - jr);
                int ct = cOff + ir * ldc + jr;
                if (rows == mr && cols == nr) {
                    MicroKernels.run(mr, kc, pa, paOff + ir * kc, pb, pbOff + jr * kc, c, ct, ldc, loadC);
                } else {
                    edgeTile(rows, cols, kc, pa, paOff + ir * kc, pb, pbOff + jr * kc, nr, ws, c, ct, ldc, loadC);
                }
            }
        }
    }

    /**
     * A partial tile: the same kernel on a full-size copy, so that it cannot touch C beyond its edge.
     * B's panel is packed ({@code ldb == NR}) or read in place, its rows ldb apart.
     */
    private void edgeTile(int rows, int cols, int kc, float[] pa, int aPanel, float[] pb, int bPanel, int ldb,
                          Workspace ws, float[] c, int cOff, int ldc, boolean loadC) {
        int nr = blocking.nr();
        float[] tile = ws.tile;
        if (loadC) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cOff + r * ldc, tile, r * nr, cols);
            }
        }
        if (ldb == nr) {
            MicroKernels.run(blocking.mr(), kc, pa, aPanel, pb, bPanel, tile, 0, nr, loadC);
        } else {
            MicroKernels.runStrided(blocking.mr(), kc, pa, aPanel, pb, bPanel, ldb, tile, 0, nr, loadC);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * nr, c, cOff + r * ldc, cols);
        }
    }

    /** The micro-tile, e.g. "vector-512 8x32". */
    @Override
    public String name() {
        return "vector-" + MicroKernels.SPECIES.vectorBitSize() + " " + blocking.mr() + "x" + blocking.nr();
    }

    Blocking blocking() {
        return blocking;
    }
}
