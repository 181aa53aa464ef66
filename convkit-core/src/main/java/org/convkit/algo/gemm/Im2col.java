package org.convkit.algo.gemm;

import org.convkit.algo.reference.Lattice;
import org.convkit.spec.PaddingMode;

/**
 * Where each kernel tap of each small cell of a tile reads in the big signal: a table of flat big
 * offsets (or -1 for a zero), built once per tile and shared by every channel, batch and group, so
 * that the border rule is evaluated kv*T times per tile instead of once per copied element.
 */
final class Im2col {
    private Im2col() {
    }

    /**
     * Fills {@code table[k*T + t]} for taps k (reversed when {@code flip}) and small cells
     * t0..t0+T-1 (flat within one map).
     */
    static void sources(Lattice l, PaddingMode mode, boolean flip, int t0, int count, int[] table) {
        int kv = l.kernelVolume();
        int s12 = l.small[1] * l.small[2];
        for (int t = 0; t < count; t++) {
            int o = t0 + t;
            int o0 = o / s12;
            int o1 = (o / l.small[2]) % l.small[1];
            int o2 = o % l.small[2];
            int k = 0;
            for (int k0 = 0; k0 < l.kernel[0]; k0++) {
                int i0 = mode.source(l.position(0, o0, k0), l.big[0]);
                for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                    int i1 = mode.source(l.position(1, o1, k1), l.big[1]);
                    for (int k2 = 0; k2 < l.kernel[2]; k2++, k++) {
                        int i2 = mode.source(l.position(2, o2, k2), l.big[2]);
                        int tap = flip ? kv - 1 - k : k;
                        table[tap * count + t] = i0 < 0 || i1 < 0 || i2 < 0 ? -1 : (i0 * l.big[1] + i1) * l.big[2] + i2;
                    }
                }
            }
        }
    }

    /** col[(j*kv + k)*T + t] = big[channel j][table[k*T + t]] for channels j0..j1-1 (rows from 0). */
    static void gather(float[] big, int bigBase, int bv, int j0, int j1, int kv, int[] table, int count, float[] col) {
        int r = 0;
        for (int j = j0; j < j1; j++) {
            int base = bigBase + j * bv;
            for (int k = 0; k < kv; k++, r++) {
                int tk = k * count;
                int ck = r * count;
                for (int t = 0; t < count; t++) {
                    int src = table[tk + t];
                    col[ck + t] = src < 0 ? 0f : big[base + src];
                }
            }
        }
    }

    /** The adjoint of {@link #gather}: big[channel j][table[k*T + t]] += col[...], in a fixed order. */
    static void scatter(float[] col, int kv, int[] table, int count, int j0, int j1, float[] big, int bigBase, int bv) {
        int r = 0;
        for (int j = j0; j < j1; j++) {
            int base = bigBase + j * bv;
            for (int k = 0; k < kv; k++, r++) {
                int tk = k * count;
                int ck = r * count;
                for (int t = 0; t < count; t++) {
                    int src = table[tk + t];
                    if (src >= 0) {
                        big[base + src] += col[ck + t];
                    }
                }
            }
        }
    }
}
