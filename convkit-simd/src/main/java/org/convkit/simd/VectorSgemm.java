package org.convkit.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.convkit.algo.Sgemm;

/**
 * SGEMM on the Vector API, structured like GotoBLAS/BLIS: B is packed in KC x NC blocks of NR-wide
 * column panels, A in MC x KC blocks of MR-row panels (zero-padded at the edges, so the micro-kernel
 * never needs a bounds test), and an MR x NR register block of accumulators (MR rows x 2 vectors)
 * is updated with one fused multiply-add per lane per k.
 *
 * <p>Determinism: every C element is the sum over KC blocks in increasing k, each block's partial a
 * chain of fmas in increasing k; its position in the block, m and n do not change that, so callers
 * may split C by rows or columns across threads and get the same bits. Packing buffers are per
 * thread and bounded (MC*KC + KC*NC floats), whatever the problem size.
 */
final class VectorSgemm implements Sgemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int V = F.length();
    static final int MR = 8;
    static final int NR = 2 * V;
    static final int KC = 256;
    static final int MC = 128;
    static final int NC = 1024;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR]});

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        float[][] buf = BUFFERS.get();
        float[] ap = buf[0];
        float[] bp = buf[1];
        float[] edge = buf[2];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            kernel(kc, ap, ir * kc, bp, jr * kc, c, cOff + (ic + ir) * ldc + jc + jr, ldc, mr, nr, add,
                                    edge);
                        }
                    }
                }
            }
        }
    }

    /** B(pc.., jc..) into NR-wide panels, k-major within a panel: bp[panel*kc*NR + p*NR + j]. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * NR;
                if (transB) {
                    for (int j = 0; j < nr; j++) {
                        bp[dst + j] = b[bOff + (jc + jr + j) * ldb + pc + p];
                    }
                } else {
                    System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, bp, dst, nr);
                }
                for (int j = nr; j < NR; j++) {
                    bp[dst + j] = 0f;
                }
            }
        }
    }

    /** A(ic.., pc..) into MR-row panels, k-major within a panel: ap[panel*kc*MR + p*MR + i]. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            for (int i = 0; i < MR; i++) {
                if (i >= mr) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + i] = 0f;
                    }
                } else if (transA) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + i] = a[aOff + (pc + p) * lda + ic + ir + i];
                    }
                } else {
                    int row = aOff + (ic + ir + i) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + i] = a[row + p];
                    }
                }
            }
        }
    }

    /**
     * C[mr x nr] (+)= Apanel * Bpanel over kc. Full blocks go straight to C; edge blocks through a
     * small buffer, with the same arithmetic.
     */
    private static void kernel(int kc, float[] ap, int a0, float[] bp, int b0, float[] c, int c0, int ldc, int mr,
                               int nr, boolean add, float[] edge) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = b0 + p * NR;
            FloatVector b0v = FloatVector.fromArray(F, bp, bi);
            FloatVector b1v = FloatVector.fromArray(F, bp, bi + V);
            int ai = a0 + p * MR;
            FloatVector x = FloatVector.broadcast(F, ap[ai]);
            c00 = b0v.fma(x, c00);
            c01 = b1v.fma(x, c01);
            x = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = b0v.fma(x, c10);
            c11 = b1v.fma(x, c11);
            x = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = b0v.fma(x, c20);
            c21 = b1v.fma(x, c21);
            x = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = b0v.fma(x, c30);
            c31 = b1v.fma(x, c31);
            x = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = b0v.fma(x, c40);
            c41 = b1v.fma(x, c41);
            x = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = b0v.fma(x, c50);
            c51 = b1v.fma(x, c51);
            x = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = b0v.fma(x, c60);
            c61 = b1v.fma(x, c61);
            x = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = b0v.fma(x, c70);
            c71 = b1v.fma(x, c71);
        }
        boolean full = mr == MR && nr == NR;
        float[] dst = full ? c : edge;
        int d0 = full ? c0 : 0;
        int ld = full ? ldc : NR;
        if (!full) {
            for (int i = 0; i < mr; i++) {
                System.arraycopy(c, c0 + i * ldc, edge, i * NR, nr);
            }
        }
        store(c00, c01, dst, d0, add);
        store(c10, c11, dst, d0 + ld, add);
        store(c20, c21, dst, d0 + 2 * ld, add);
        store(c30, c31, dst, d0 + 3 * ld, add);
        store(c40, c41, dst, d0 + 4 * ld, add);
        store(c50, c51, dst, d0 + 5 * ld, add);
        store(c60, c61, dst, d0 + 6 * ld, add);
        store(c70, c71, dst, d0 + 7 * ld, add);
        if (!full) {
            for (int i = 0; i < mr; i++) {
                System.arraycopy(edge, i * NR, c, c0 + i * ldc, nr);
            }
        }
    }

    private static void store(FloatVector lo, FloatVector hi, float[] dst, int at, boolean add) {
        if (add) {
            lo = lo.add(FloatVector.fromArray(F, dst, at));
            hi = hi.add(FloatVector.fromArray(F, dst, at + V));
        }
        lo.intoArray(dst, at);
        hi.intoArray(dst, at + V);
    }
}
