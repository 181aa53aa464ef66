package org.convkit.algo.reference;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * The three loops behind every convolution, in double: a convolution gathers the big signal into
 * the small one, a transposed convolution scatters the small one into the big one (its exact
 * adjoint, borders included), and the weight gradient correlates the two.
 *
 * <ul>
 *   <li>convolution forward = {@link #gather}; its input gradient = {@link #scatter};</li>
 *   <li>transposed convolution forward = {@link #scatter}; its input gradient = {@link #gather};</li>
 *   <li>either one's weight gradient = {@link #weightGrad}; bias gradient = {@link #biasGrad}.</li>
 * </ul>
 *
 * Tensors are batched: (N, C, spatial...). A padding mode other than zeros makes the gather read
 * through the border rule, and the scatter fold what lands in the border back onto the cells it was
 * read from, which is what makes the two adjoint.
 */
public final class ReferenceConv {
    private ReferenceConv() {
    }

    /** small[n, cs, o] = bias[cs] + sum over cb in the group, k: big[n, cb, o*s - p + k*d] * w[cs, cb', k]. */
    public static DoubleTensor gather(ConvProblem p, DoubleTensor big, DoubleTensor w, double[] bias) {
        int n = p.batch();
        int cs = p.smallChannels();
        double[] small = new double[n * cs * new Lattice(p).smallVolume()];
        fillPerChannel(small, n, cs, bias);
        traverse(Pass.GATHER, p, big.data(), small, w.data());
        return new DoubleTensor(small, batched(n, cs, p.smallSpatial()));
    }

    /** The adjoint of {@link #gather} (with the bias added to every big cell). */
    public static DoubleTensor scatter(ConvProblem p, DoubleTensor small, DoubleTensor w, double[] bias) {
        int n = p.batch();
        int cb = p.bigChannels();
        double[] big = new double[n * cb * new Lattice(p).bigVolume()];
        traverse(Pass.SCATTER, p, big, small.data(), w.data());
        fillPerChannel(big, n, cb, bias);
        return new DoubleTensor(big, batched(n, cb, p.bigSpatial()));
    }

    /** dw[cs, cb', k] = sum over n, o: small[n, cs, o] * big[n, cb, o*s - p + k*d]. */
    public static DoubleTensor weightGrad(ConvProblem p, DoubleTensor big, DoubleTensor small) {
        double[] dw = new double[Math.toIntExact(Tensor.numel(p.weightShape()))];
        traverse(Pass.WEIGHT_GRAD, p, big.data(), small.data(), dw);
        return new DoubleTensor(dw, p.weightShape());
    }

    /** Which of the three arrays a traversal accumulates into. */
    private enum Pass { GATHER, SCATTER, WEIGHT_GRAD }

    /**
     * Visits every (small cell, channel pair, kernel tap) that meets a big cell once, and
     * accumulates into {@code small}, {@code big} or {@code w} as the pass says. One loop nest for
     * all three makes them adjoint by construction: they visit exactly the same triples.
     */
    private static void traverse(Pass pass, ConvProblem p, double[] big, double[] small, double[] w) {
        Lattice l = new Lattice(p);
        int n = p.batch();
        int cb = p.bigChannels();
        int cs = p.smallChannels();
        int csg = cs / p.groups();
        int cbg = cb / p.groups();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        int kv = l.kernelVolume();
        boolean flip = p.spec().flip();
        int[] src = new int[kv];
        for (int o0 = 0; o0 < l.small[0]; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    int o = (o0 * l.small[1] + o1) * l.small[2] + o2;
                    sources(l, p.spec().paddingMode(), o0, o1, o2, src);
                    for (int b = 0; b < n; b++) {
                        for (int c = 0; c < cs; c++) {
                            int g = c / csg;
                            int si = (b * cs + c) * sv + o;
                            double v = small[si];
                            double acc = 0;
                            for (int j = 0; j < cbg; j++) {
                                int xBase = (b * cb + g * cbg + j) * bv;
                                int wBase = (c * cbg + j) * kv;
                                for (int k = 0; k < kv; k++) {
                                    if (src[k] < 0) {
                                        continue;
                                    }
                                    int xi = xBase + src[k];
                                    int wi = wBase + (flip ? kv - 1 - k : k);
                                    switch (pass) {
                                        case GATHER:
                                            acc += big[xi] * w[wi];
                                            break;
                                        case SCATTER:
                                            big[xi] += v * w[wi];
                                            break;
                                        default:
                                            w[wi] += v * big[xi];
                                            break;
                                    }
                                }
                            }
                            if (pass == Pass.GATHER) {
                                small[si] += acc;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds bias[c] to every cell of channel c of a batched array (nothing for a null bias). */
    private static void fillPerChannel(double[] t, int n, int c, double[] bias) {
        if (bias == null) {
            return;
        }
        int vol = t.length / Math.max(1, n * c);
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < vol; i++) {
                    t[(b * c + ch) * vol + i] += bias[ch];
                }
            }
        }
    }

    /** Sum over the batch and every spatial cell, per channel (dimension 1). */
    public static double[] biasGrad(DoubleTensor grad) {
        int[] s = grad.shape();
        int n = s[0];
        int c = s[1];
        int vol = grad.data().length / Math.max(1, n * c);
        double[] g = new double[c];
        double[] d = grad.data();
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double acc = 0;
                for (int i = 0; i < vol; i++) {
                    acc += d[(b * c + ch) * vol + i];
                }
                g[ch] += acc;
            }
        }
        return g;
    }

    /**
     * For small cell (o0, o1, o2), the flat big cell each kernel tap reads (after the border rule),
     * or -1 where it reads a zero.
     */
    private static void sources(Lattice l, PaddingMode mode, int o0, int o1, int o2, int[] src) {
        int k = 0;
        for (int k0 = 0; k0 < l.kernel[0]; k0++) {
            int i0 = mode.source(l.position(0, o0, k0), l.big[0]);
            for (int k1 = 0; k1 < l.kernel[1]; k1++) {
                int i1 = mode.source(l.position(1, o1, k1), l.big[1]);
                for (int k2 = 0; k2 < l.kernel[2]; k2++) {
                    int i2 = mode.source(l.position(2, o2, k2), l.big[2]);
                    src[k++] = i0 < 0 || i1 < 0 || i2 < 0 ? -1 : (i0 * l.big[1] + i1) * l.big[2] + i2;
                }
            }
        }
    }

    static int[] batched(int n, int c, int[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = n;
        s[1] = c;
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }
}
