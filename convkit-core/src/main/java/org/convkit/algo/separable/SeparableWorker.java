package org.convkit.algo.separable;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;

/**
 * One thread's share of {@link SeparableConv}: owns the chain of stages (allocated once) and
 * computes tasks, each a run of output slabs (rows in 2-D, planes in 3-D) of one batch element and
 * output channel. Input channels are summed into the output slab in ascending order, so results do
 * not depend on how the slabs were split into tasks.
 */
final class SeparableWorker {
    private final int bigChannels;
    private final int smallChannels;
    private final int bigPerGroup;
    private final int smallPerGroup;
    private final long bigVolume;
    private final int out0;
    private final Stage top;
    private final float[] sum;

    SeparableWorker(ConvProblem p, Shape s, PaddingMode mode) {
        bigChannels = p.bigChannels();
        smallChannels = p.smallChannels();
        bigPerGroup = bigChannels / p.groups();
        smallPerGroup = smallChannels / p.groups();
        bigVolume = s.bigVolume();
        out0 = s.small[0];
        top = chain(s, mode);
        sum = new float[s.sliceSize(1)];
    }

    /** Stages for dimensions 0..D-2 in front of the row pass. */
    private static Stage chain(Shape s, PaddingMode mode) {
        SliceFilter next = new RowFilter(s, mode);
        for (int d = s.dims - 2; d >= 1; d--) {
            next = new Stage(s, d, mode, next);
        }
        return new Stage(s, 0, mode, next);
    }

    /** Floats a worker holds. */
    static long floats(Shape s) {
        return Stage.floats(s, 0) + s.sliceSize(1);
    }

    /**
     * Output slabs {@code [from, to)} along dimension 0 of batch element b, output channel oc.
     * {@code factors[oc * C_big/groups + ci]} are the slice's factors per dimension, flipped if asked.
     */
    void run(int b, int oc, int from, int to, float[] big, float[] small, float[][][] factors, float[] bias) {
        int slab = sum.length;
        int g = oc / smallPerGroup;
        long outBase = ((long) b * smallChannels + oc) * out0 * slab;
        for (int ci = 0; ci < bigPerGroup; ci++) {
            int offset = Math.toIntExact((b * (long) bigChannels + g * bigPerGroup + ci) * bigVolume);
            float[][] f = factors[oc * bigPerGroup + ci];
            top.reset();
            for (int o = from; o < to; o++) {
                top.slice(big, offset, o, f);
                float[] v = top.result();
                int at = Math.toIntExact(outBase + (long) o * slab);
                if (ci > 0) {
                    System.arraycopy(small, at, sum, 0, slab);
                    add(sum, v, slab);
                    v = sum;
                }
                if (ci == bigPerGroup - 1 && bias != null) {
                    addScalar(v, bias[oc], slab);
                }
                System.arraycopy(v, 0, small, at, slab);
            }
        }
    }

    private static void add(float[] dest, float[] src, int len) {
        for (int x = 0; x < len; x++) {
            dest[x] += src[x];
        }
    }

    private static void addScalar(float[] dest, float b, int len) {
        for (int x = 0; x < len; x++) {
            dest[x] += b;
        }
    }
}
