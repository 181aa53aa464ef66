package org.convkit.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panel layout the micro-kernels stream through,
 * resolving the transposes here so the kernels see one layout. Panels at the edges are padded (with
 * zeros, or for B, where its rows can be read whole, with its next columns): the kernels then always
 * run full tiles, and padding never reaches a C element that is kept.
 */
final class Packing {
    /** Floats in a 64-byte cache line: the k-steps a transposing pack takes per pass. */
    private static final int CHUNK = 16;

    private Packing() {
    }

    /**
     * Packs rows [i0, i0+rows) and k-steps [p0, p0+kc) of op(A) as panels of {@code mr} rows, each
     * k-major: row r of step p of panel q lands at {@code dst[dOff + q*mr*kc + p*mr + r]}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                      int mr, float[] dst, int dOff) {
        for (int ir = 0; ir < rows; ir += mr) {
            int panelRows = Math.min(mr, rows - ir);
            int base = dOff + ir * kc;
            if (transA) {
                // A is stored k x m: a step of a panel is contiguous, one short copy (8 scalar copies
                // a step cost 13% of a Winograd weight gradient, whose GEMMs take A this way)
                for (int p = 0; p < kc; p++) {
                    int d = base + p * mr;
                    System.arraycopy(a, aOff + (p0 + p) * lda + i0 + ir, dst, d, panelRows);
                    if (panelRows < mr) {
                        Arrays.fill(dst, d + panelRows, d + mr, 0f);
                    }
                }
            } else {
                packTransposed(a, aOff + (i0 + ir) * lda + p0, lda, panelRows, kc, mr, dst, base);
            }
        }
    }

    /**
     * Packs k-steps [p0, p0+kc) and columns [j0, j0+cols) of op(B) as panels of NR columns, each
     * k-major: column j of step p of panel q lands at {@code dst[q*NR*kc + p*NR + j]}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                      float[] dst) {
        packB(transB, b, bOff, ldb, p0, kc, j0, cols, dst, 0);
    }

    /** As above, from {@code dst[dOff]}. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                      float[] dst, int dOff) {
        int nr = MicroKernels.NR;
        for (int jr = 0; jr < cols; jr += nr) {
            int panelCols = Math.min(nr, cols - jr);
            int base = dOff + jr * kc;
            if (transB) {
                packTransposed(b, bOff + (j0 + jr) * ldb + p0, ldb, panelCols, kc, nr, dst, base);
            } else if (panelCols == nr || bOff + (p0 + kc - 1) * ldb + j0 + jr + nr <= b.length) {
                // a partial panel whose rows can be read whole (all but B's last row's end): copied
                // as a full one, B's next columns standing in for the padding (they reach only C
                // elements the edge tile drops); a copy and a fill per row cost as much as the
                // multiply on a 60-column tile
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

    /**
     * Writes the transpose of {@code lines} source rows of {@code kc} floats (row l at
     * {@code src + l*ld}) as kc rows of {@code width} floats from {@code dst[d]}, zero past
     * {@code lines}. Done in chunks of one cache line of source per row, so that both the lines read
     * and the rows written stay in L1: column by column over the whole panel, each write would touch a
     * new line and the panel would not fit.
     */
    private static void packTransposed(float[] x, int src, int ld, int lines, int kc, int width,
                                       float[] dst, int d) {
        for (int p = 0; p < kc; p += CHUNK) {
            int steps = Math.min(CHUNK, kc - p);
            for (int l = 0; l < lines; l++) {
                int s = src + l * ld + p;
                int w = d + p * width + l;
                for (int q = 0; q < steps; q++) {
                    dst[w + q * width] = x[s + q];
                }
            }
            // (a call per step even for nothing to fill cost 6% of a Winograd convolution)
            for (int q = 0; lines < width && q < steps; q++) {
                Arrays.fill(dst, d + (p + q) * width + lines, d + (p + q + 1) * width, 0f);
            }
        }
    }
}
