package org.convkit.algo.reference;

import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.DoubleTensor;

/**
 * Max, average and Lp pooling, the backward passes of max and average, and max-unpooling, in
 * double, on batched tensors. Conventions are PyTorch's, with ONNX's extensions where PyTorch has
 * none (dilated average and Lp pooling, wide padding; see {@link PoolSpec}): padding reads as -infinity for max and as zeros for
 * average; a NaN in a window wins the max (the last one seen); argmax indices are flat over the
 * spatial cells of each (n, c) map; average divisors count padding cells inside the padded input
 * when {@code count_include_pad}, and only real cells otherwise.
 */
public final class ReferencePool {
    private ReferencePool() {
    }

    /** Max pooling values with their argmax indices. */
    public record MaxPooled(DoubleTensor values, int[] indices) {
    }

    public static MaxPooled max(PoolProblem p, DoubleTensor x) {
        Lattice l = new Lattice(p.geometry());
        int planes = p.batch() * p.channels();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        double[] in = x.data();
        double[] out = new double[planes * sv];
        int[] idx = new int[planes * sv];
        int[] lo = new int[Lattice.D];
        int[] hi = new int[Lattice.D];
        for (int o0 = 0; o0 < l.small[0]; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    int o = (o0 * l.small[1] + o1) * l.small[2] + o2;
                    l.maxTaps(0, o0, lo, hi);
                    l.maxTaps(1, o1, lo, hi);
                    l.maxTaps(2, o2, lo, hi);
                    int first = (lo[0] * l.big[1] + lo[1]) * l.big[2] + lo[2];
                    for (int pl = 0; pl < planes; pl++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int at = first;
                        for (int i0 = lo[0]; i0 < hi[0]; i0 += l.dilation[0]) {
                            for (int i1 = lo[1]; i1 < hi[1]; i1 += l.dilation[1]) {
                                for (int i2 = lo[2]; i2 < hi[2]; i2 += l.dilation[2]) {
                                    int flat = (i0 * l.big[1] + i1) * l.big[2] + i2;
                                    double v = in[pl * bv + flat];
                                    if (v > best || Double.isNaN(v)) {
                                        best = v;
                                        at = flat;
                                    }
                                }
                            }
                        }
                        out[pl * sv + o] = best;
                        idx[pl * sv + o] = at;
                    }
                }
            }
        }
        return new MaxPooled(new DoubleTensor(out, p.outputShape()), idx);
    }

    /** Routes each output gradient to the input cell its max came from. */
    public static DoubleTensor maxBackward(PoolProblem p, DoubleTensor gradOutput, int[] indices) {
        Lattice l = new Lattice(p.geometry());
        int planes = p.batch() * p.channels();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        double[] gy = gradOutput.data();
        double[] gx = new double[planes * bv];
        for (int pl = 0; pl < planes; pl++) {
            for (int o = 0; o < sv; o++) {
                gx[pl * bv + indices[pl * sv + o]] += gy[pl * sv + o];
            }
        }
        return new DoubleTensor(gx, p.inputShape());
    }

    /**
     * Average pooling: each window's mean over its taps (those inside the padded input with
     * count_include_pad, else the real ones); a window without real taps averages to 0 with
     * count_include_pad and to NaN (a mean of nothing) without.
     */
    public static DoubleTensor avg(PoolProblem p, DoubleTensor x) {
        return windowPass(p, x, false);
    }

    /** Spreads each output gradient evenly, divided by the same divisor as the forward pass. */
    public static DoubleTensor avgBackward(PoolProblem p, DoubleTensor gradOutput) {
        return windowPass(p, gradOutput, true);
    }

    /**
     * Lp pooling: each window's {@code (sum |x|^p)^(1/p)} over its real taps (padding adds
     * nothing; a window without real taps gives 0).
     */
    public static DoubleTensor lp(PoolProblem p, DoubleTensor x) {
        return windowPass(p, x, false);
    }

    /**
     * The forward average, its adjoint and the forward p-norm share the windows (taps stepping the
     * dilation) and the average's divisors; only the direction and the reduction differ.
     */
    private static DoubleTensor windowPass(PoolProblem p, DoubleTensor t, boolean backward) {
        Lattice l = new Lattice(p.geometry());
        boolean includePad = p.spec().countIncludePad();
        boolean norm = p.spec().kind() == PoolSpec.Kind.LP;
        double power = p.spec().power();
        int planes = p.batch() * p.channels();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        int[] step = l.dilation;
        double[] src = t.data();
        double[] dst = new double[planes * (backward ? bv : sv)];
        int[] lo = new int[Lattice.D];
        int[] hi = new int[Lattice.D];
        for (int o0 = 0; o0 < l.small[0]; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    int o = (o0 * l.small[1] + o1) * l.small[2] + o2;
                    long padded = l.avgCells(0, o0, lo, hi) * l.avgCells(1, o1, lo, hi) * l.avgCells(2, o2, lo, hi);
                    long real = (long) l.taps(0, lo, hi) * l.taps(1, lo, hi) * l.taps(2, lo, hi);
                    double divisor = includePad ? padded : real;
                    for (int pl = 0; pl < planes; pl++) {
                        double acc = 0;
                        double share = backward && real > 0 ? src[pl * sv + o] / divisor : 0;
                        for (int i0 = lo[0]; i0 < hi[0]; i0 += step[0]) {
                            for (int i1 = lo[1]; i1 < hi[1]; i1 += step[1]) {
                                for (int i2 = lo[2]; i2 < hi[2]; i2 += step[2]) {
                                    int flat = pl * bv + (i0 * l.big[1] + i1) * l.big[2] + i2;
                                    if (backward) {
                                        dst[flat] += share;
                                    } else {
                                        acc += norm ? Math.pow(Math.abs(src[flat]), power) : src[flat];
                                    }
                                }
                            }
                        }
                        if (!backward) {
                            dst[pl * sv + o] = norm ? Math.pow(acc, 1 / power) : acc / divisor;
                        }
                    }
                }
            }
        }
        return new DoubleTensor(dst, backward ? p.inputShape() : p.outputShape());
    }

    /**
     * Places each value at its recorded index in an otherwise zero output of spatial size
     * {@code outSpatial}: the inverse of max pooling where the max was kept.
     */
    public static DoubleTensor maxUnpool(DoubleTensor x, int[] indices, int[] outSpatial) {
        int[] s = x.shape();
        int planes = s[0] * s[1];
        int sv = x.data().length / Math.max(1, planes);
        int ov = 1;
        for (int v : outSpatial) {
            ov *= v;
        }
        double[] out = new double[planes * ov];
        double[] in = x.data();
        for (int pl = 0; pl < planes; pl++) {
            for (int o = 0; o < sv; o++) {
                int at = indices[pl * sv + o];
                if (at < 0 || at >= ov) {
                    throw new IllegalArgumentException("max-unpooling index " + at + " (map " + pl + ", cell " + o
                            + ") is outside the output of " + ov + " cells per map; the indices must come from a max "
                            + "pooling whose input had the output's size");
                }
                out[pl * ov + at] = in[pl * sv + o];
            }
        }
        return new DoubleTensor(out, ReferenceConv.batched(s[0], s[1], outSpatial));
    }

    /** Which pass a spec asks for; a small switch kept here so callers do not repeat it. */
    public static DoubleTensor forward(PoolProblem p, DoubleTensor x) {
        switch (p.spec().kind()) {
            case MAX:
                return max(p, x).values();
            case AVG:
                return avg(p, x);
            case LP:
                return lp(p, x);
            default:
                throw new AssertionError(p.spec().kind());
        }
    }

    /** Backward of {@link #forward}: max recomputes its argmax from {@code input}. */
    public static DoubleTensor backward(PoolProblem p, DoubleTensor gradOutput, DoubleTensor input) {
        switch (p.spec().kind()) {
            case MAX:
                return maxBackward(p, gradOutput, max(p, input).indices());
            case AVG:
                return avgBackward(p, gradOutput);
            default:
                throw new IllegalArgumentException("the backward pass of " + p.spec().kind().name().toLowerCase(
                        java.util.Locale.ROOT) + " pooling is not implemented (convkit runs Lp pooling forward only, "
                        + "as ONNX's inference does)");
        }
    }
}
