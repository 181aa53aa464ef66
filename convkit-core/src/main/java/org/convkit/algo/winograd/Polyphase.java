package org.convkit.algo.winograd;

import java.util.ArrayList;
import java.util.List;

import org.convkit.runtime.Parallel;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;

/**
 * A dilated, stride-1 gather with zero padding as d0 x d1 undilated ones. Output row
 * {@code o = d q + rho} reads input rows {@code o - p + k d = d (q + k + a) + b} with
 * {@code rho - p = d a + b}, 0 <= b < d: the outputs of one phase rho read only input phase b, through
 * the undilated kernel, shifted by a. So each (rho_y, rho_x) is a plain 3x3 correlation between a
 * phase of the input and a phase of the output, which Winograd does. Phases of the same sizes and
 * shifts (all of them, when the dilation divides the sizes) are stacked as the images of one batch:
 * one call with d0 x d1 times the tiles, rather than d0 x d1 calls with too few tiles for the GEMMs
 * (measured: as slow as the lowering GEMM on dilated-3x3-d2). The stacked phases are copied out and
 * back one stack at a time: the extra workspace is at most one copy of the input and the output.
 *
 * <p>Only zero padding splits like this (a reflected border would mix phases), and only phases whose
 * shift leaves non-negative padding on both sides; {@link #why} says when a problem does not split.
 */
final class Polyphase {
    /** One output phase: its offsets and the input phase it reads. */
    record Phase(int ry, int rx, int by, int bx) {
    }

    /**
     * Phases with the same sizes and padding, stacked as the images of one undilated problem: image
     * {@code j * batch + n} is image n of phases[j].
     */
    record Stack(List<Phase> phases, int inH, int inW, int outH, int outW, ConvProblem sub) {
    }

    private final ConvProblem p;
    final List<Stack> stacks = new ArrayList<>();
    /** Why the problem does not split, or null. */
    final String why;

    Polyphase(ConvProblem p) {
        this.p = p;
        this.why = split();
    }

    private String split() {
        int[] d = p.geometry().dilation();
        int[] pad = p.geometry().padBefore();
        int[] big = p.bigSpatial();
        int[] small = p.smallSpatial();
        if (p.spec().paddingMode() != PaddingMode.ZEROS) {
            return "a dilated convolution splits into phases with zero padding only, not "
                    + p.spec().paddingMode().name().toLowerCase(java.util.Locale.ROOT);
        }
        for (int ry = 0; ry < Math.min(d[0], small[0]); ry++) {
            for (int rx = 0; rx < Math.min(d[1], small[1]); rx++) {
                int by = Math.floorMod(ry - pad[0], d[0]);
                int bx = Math.floorMod(rx - pad[1], d[1]);
                int[] in = {count(big[0] - by, d[0]), count(big[1] - bx, d[1])};
                int[] out = {count(small[0] - ry, d[0]), count(small[1] - rx, d[1])};
                int[] before = {-Math.floorDiv(ry - pad[0], d[0]), -Math.floorDiv(rx - pad[1], d[1])};
                int r = p.geometry().kernel()[0];
                int[] after = new int[2];
                for (int i = 0; i < 2; i++) {
                    after[i] = out[i] - in[i] - before[i] + r - 1;
                    if (in[i] == 0 || before[i] < 0 || after[i] < 0) {
                        return "dilation phase (" + ry + ", " + rx + ") reads no input or needs negative padding";
                    }
                }
                add(new Phase(ry, rx, by, bx), in, out, before, after);
            }
        }
        return null;
    }

    /** Puts a phase on the stack with its sizes and padding, or starts one. */
    private void add(Phase ph, int[] in, int[] out, int[] before, int[] after) {
        Padding pad = Padding.of(before, after);
        for (int i = 0; i < stacks.size(); i++) {
            Stack s = stacks.get(i);
            int[] sb = s.sub.geometry().padBefore();
            int[] sa = s.sub.geometry().padAfter();
            if (s.inH == in[0] && s.inW == in[1] && s.outH == out[0] && s.outW == out[1]
                    && java.util.Arrays.equals(sb, before) && java.util.Arrays.equals(sa, after)) {
                List<Phase> more = new ArrayList<>(s.phases);
                more.add(ph);
                stacks.set(i, new Stack(more, in[0], in[1], out[0], out[1], problem(more.size(), in, pad)));
                return;
            }
        }
        stacks.add(new Stack(List.of(ph), in[0], in[1], out[0], out[1], problem(1, in, pad)));
    }

    /** The undilated problem of {@code images} stacked phases of size {@code in}. */
    private ConvProblem problem(int images, int[] in, Padding pad) {
        ConvSpec spec = ConvSpec.defaults().withGroups(p.groups()).withFlip(p.spec().flip()).withPadding(pad);
        int[] w = p.weightShape();
        return ConvProblem.conv(new int[] {images * p.batch(), p.bigChannels(), in[0], in[1]},
                new int[] {p.smallChannels(), p.bigChannels() / p.groups(), w[w.length - 2], w[w.length - 1]}, spec);
    }

    /** Cells b, b + d, b + 2d... below n: ceil(n / d) for the n cells from b on. */
    private static int count(int n, int d) {
        return n <= 0 ? 0 : (n + d - 1) / d;
    }

    /** Floats of the largest stack of input phases ({@code input}) or of output phases. */
    long largest(boolean input) {
        long most = 0;
        for (Stack st : stacks) {
            long images = (long) st.phases.size() * p.batch();
            most = Math.max(most, input ? images * p.bigChannels() * st.inH * st.inW
                    : images * p.smallChannels() * st.outH * st.outW);
        }
        return most;
    }

    /** Copies the input phases of a stack out of big, as the stack's images, into {@code in}. */
    void gatherInput(Stack st, float[] big, float[] in, int threads) {
        int[] b = p.bigSpatial();
        int[] d = p.geometry().dilation();
        int planes = p.batch() * p.bigChannels();
        Parallel.forEach(st.phases.size() * planes, threads, task -> {
            Phase ph = st.phases.get(task / planes);
            int src = task % planes * b[0] * b[1];
            int dst = task * st.inH * st.inW;
            for (int t = 0; t < st.inH; t++) {
                int row = src + (t * d[0] + ph.by) * b[1] + ph.bx;
                for (int u = 0; u < st.inW; u++) {
                    in[dst++] = big[row + u * d[1]];
                }
            }
        });
    }

    /** Writes the output phases of a stack from {@code out} (the stack's images) into small. */
    void scatterOutput(Stack st, float[] out, float[] small, int threads) {
        int[] s = p.smallSpatial();
        int[] d = p.geometry().dilation();
        int planes = p.batch() * p.smallChannels();
        Parallel.forEach(st.phases.size() * planes, threads, task -> {
            Phase ph = st.phases.get(task / planes);
            int src = task * st.outH * st.outW;
            int dst = task % planes * s[0] * s[1];
            for (int q = 0; q < st.outH; q++) {
                int row = dst + (q * d[0] + ph.ry) * s[1] + ph.rx;
                for (int v = 0; v < st.outW; v++) {
                    small[row + v * d[1]] = out[src++];
                }
            }
        });
    }
}
