package org.convkit.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panel layout the micro-kernels stream through,
 * resolving the transposes here so the kernels see one layout. Panels at the edges are padded with
 * zeros: the kernels then always run full tiles, and padding never reaches a C element that is kept.
 */
final class Packing {
    private Packing() {
    }

    /**
     * Packs rows [i0, i0+rows) and k-steps [p0, p0+kc) of op(A) as panels of {@code mr} rows, each
     * k-major: row r of step p of panel q lands at {@code dst[q*mr*kc + p*mr + r]}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                      int mr, float[] dst) {
        for (int ir = 0; ir < rows; ir += mr) {
            int panelRows = Math.min(mr, rows - ir);
            int base = ir * kc;
            if (transA) {
                // A is stored k x m: a step of a panel is contiguous
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    int d = base + p * mr;
                    for (int r = 0; r < panelRows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = panelRows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                // A is stored m x k: read each row contiguously, write it with stride mr
                for (int r = 0; r < mr; r++) {
                    if (r < panelRows) {
                        int src = aOff + (i0 + ir + r) * lda + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * mr + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * mr + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs k-steps [p0, p0+kc) and columns [j0, j0+cols) of op(B) as panels of NR columns, each
     * k-major: column j of step p of panel q lands at {@code dst[q*NR*kc + p*NR + j]}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                      float[] dst) {
        int nr = MicroKernels.NR;
        for (int jr = 0; jr < cols; jr += nr) {
            int panelCols = Math.min(nr, cols - jr);
            int base = jr * kc;
            if (transB) {
                // B is stored n x k: read each column of op(B) contiguously, write it with stride NR
                for (int j = 0; j < nr; j++) {
                    if (j < panelCols) {
                        int src = bOff + (j0 + jr + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * nr + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * nr + j] = 0f;
                        }
                    }
                }
            } else if (panelCols == nr) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int d = base + p * nr;
                    for (int v = 0; v < nr; v += MicroKernels.LANES) {
                        FloatVector.fromArray(MicroKernels.SPECIES, b, src + v).intoArray(dst, d + v);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int d = base + p * nr;
                    System.arraycopy(b, src, dst, d, panelCols);
                    Arrays.fill(dst, d + panelCols, d + nr, 0f);
                }
            }
        }
    }
}
