package org.convkit.algo.winograd;

import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * The one computation Winograd does, whichever pass asked for it: a stride-1, dilation-1 r x r
 * correlation of a batched multi-channel image,
 * <pre>
 *   out[n, co, y, x] = bias[co] + sum over ci in co's group, ky, kx of
 *                      in[n, ci, y - padTop + ky, x - padLeft + kx] * K(co, ci, ky, kx)
 * </pre>
 * with out-of-range input cells read through the padding mode.
 *
 * <p>GATHER is this with in = big, out = small and K the weight (reversed for {@code flip}). SCATTER
 * (a stride-1 transposed convolution) is this too: big cell i receives small cell i + p - k through
 * tap k, so with k' = r - 1 - k it correlates the small signal with the reversed kernel, the
 * channel roles swapped and the padding r - 1 - p (negative padding simply crops).
 */
final class Correlation {
    final int batch;
    final int inChannels;
    final int outChannels;
    final int groups;
    final int inH;
    final int inW;
    final int outH;
    final int outW;
    final int padTop;
    final int padLeft;
    final PaddingMode mode;
    final int r;
    private final boolean scatter;
    private final boolean reversed;
    private final int smallPerGroup;
    private final int bigPerGroup;

    Correlation(ConvProblem p, Pass pass) {
        int[] big = p.bigSpatial();
        int[] small = p.smallSpatial();
        int[] pad = p.geometry().padBefore();
        r = p.geometry().kernel()[0];
        batch = p.batch();
        groups = p.groups();
        scatter = pass == Pass.SCATTER;
        smallPerGroup = p.smallChannels() / groups;
        bigPerGroup = p.bigChannels() / groups;
        mode = p.spec().paddingMode();
        boolean flip = p.spec().flip();
        if (scatter) {
            inChannels = p.smallChannels();
            outChannels = p.bigChannels();
            inH = small[0];
            inW = small[1];
            outH = big[0];
            outW = big[1];
            padTop = r - 1 - pad[0];
            padLeft = r - 1 - pad[1];
            reversed = !flip;
        } else {
            inChannels = p.bigChannels();
            outChannels = p.smallChannels();
            inH = big[0];
            inW = big[1];
            outH = small[0];
            outW = small[1];
            padTop = pad[0];
            padLeft = pad[1];
            reversed = flip;
        }
    }

    int inPerGroup() {
        return inChannels / groups;
    }

    int outPerGroup() {
        return outChannels / groups;
    }

    /** Where the r x r taps of K(co, ci) start in the weight array; ci counts within co's group. */
    int weightOffset(int co, int ci) {
        int taps = r * r;
        if (!scatter) {
            return (co * bigPerGroup + ci) * taps;
        }
        // weight (C_small, C_big/groups, r, r); here co is a big channel and ci a small one
        int g = co / bigPerGroup;
        return ((g * smallPerGroup + ci) * bigPerGroup + co % bigPerGroup) * taps;
    }

    /** Per tap k = ky * r + kx of K, the weight's own flat index of it: the kernel read forwards or reversed. */
    int[] taps() {
        int[] taps = new int[r * r];
        for (int k = 0; k < r * r; k++) {
            taps[k] = reversed ? r * r - 1 - k : k;
        }
        return taps;
    }
}
