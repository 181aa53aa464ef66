package org.convkit.algo.gemm;

import java.util.Arrays;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;

/**
 * A SCATTER at stride 1 with zero padding as the GATHER of another problem: {@code big[j, x] =
 * sum over (i, t) of w[i, j, t] small[i, x + p - t*d]} is the correlation of small, padded by
 * {@code (k-1)*d - p} on each side, with the weight's channels swapped and its taps reversed. An
 * algorithm that is fast at GATHERs (the implicit GEMM, with no col2im) then computes a transposed
 * convolution or an input gradient as it computes a forward pass.
 */
final class Adjoint {
    private Adjoint() {
    }

    /** Why {@code p}'s SCATTER is not such a GATHER, or null. */
    static String unsupported(ConvProblem p) {
        Geometry g = p.geometry();
        if (p.spec().paddingMode() != PaddingMode.ZEROS) {
            return "a transposed pass is a correlation only with zero padding, not " + p.spec().paddingMode();
        }
        for (int d = 0; d < g.dims(); d++) {
            int span = (g.kernel()[d] - 1) * g.dilation()[d];
            if (g.stride()[d] != 1) {
                return "a transposed pass is a correlation only at stride 1, not " + Arrays.toString(g.stride());
            }
            if (g.padBefore()[d] > span || g.padAfter()[d] > span) {
                return "padding " + Arrays.toString(g.padBefore()) + ":" + Arrays.toString(g.padAfter())
                        + " exceeds the kernel's span " + span + " in a dimension";
            }
            if (p.bigSpatial()[d] != p.smallSpatial()[d] + span - g.padBefore()[d] - g.padAfter()[d]) {
                return "the output padding " + Arrays.toString(g.outputPadding())
                        + " adds cells no correlation of the input reaches";
            }
        }
        return null;
    }

    /** The GATHER whose input is {@code p}'s small side and whose output is its big side. */
    static ConvProblem of(ConvProblem p) {
        Geometry g = p.geometry();
        int dims = g.dims();
        int[] before = new int[dims];
        int[] after = new int[dims];
        for (int d = 0; d < dims; d++) {
            int span = (g.kernel()[d] - 1) * g.dilation()[d];
            before[d] = span - g.padBefore()[d];
            after[d] = span - g.padAfter()[d];
        }
        int[] weight = p.weightShape().clone();
        weight[0] = p.bigChannels();
        weight[1] = p.smallChannels() / p.groups();
        int[] ones = new int[dims];
        Arrays.fill(ones, 1);
        ConvSpec spec = ConvSpec.defaults().withStride(ones).withDilation(g.dilation()).withGroups(p.groups())
                .withPadding(Padding.of(before, after));
        ConvProblem q = ConvProblem.conv(p.smallShape(), weight, spec);
        if (!Arrays.equals(q.outputShape(), p.bigShape())) {
            throw new IllegalStateException("the adjoint of " + p.geometry() + " gives " + Arrays.toString(q.outputShape())
                    + ", not " + Arrays.toString(p.bigShape()));
        }
        return q;
    }

    /**
     * The adjoint's weight: {@code w'[group, j, i, u] = w[group, i, j, kv-1-u]} (taps reversed, which
     * a flipped convolution has done already), from {@code (C_small, C_big/groups, k...)} to
     * {@code (C_big, C_small/groups, k...)}.
     */
    static float[] weight(ConvProblem p, float[] w) {
        int groups = p.groups();
        int csg = p.smallChannels() / groups;
        int cbg = p.bigChannels() / groups;
        int kv = 1;
        for (int k : p.geometry().kernel()) {
            kv *= k;
        }
        boolean flip = p.spec().flip();
        float[] out = new float[w.length];
        for (int group = 0; group < groups; group++) {
            for (int i = 0; i < csg; i++) {
                for (int j = 0; j < cbg; j++) {
                    int from = ((group * csg + i) * cbg + j) * kv;
                    int to = ((group * cbg + j) * csg + i) * kv;
                    for (int u = 0; u < kv; u++) {
                        out[to + u] = w[from + (flip ? u : kv - 1 - u)];
                    }
                }
            }
        }
        return out;
    }
}
