package org.convkit.algo.reference;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.DoubleTensor;

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
        Lattice l = new Lattice(p);
        int n = p.batch();
        int cb = p.bigChannels();
        int cs = p.smallChannels();
        int csg = cs / p.groups();
        int cbg = cb / p.groups();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        int kv = l.kernelVolume();
        double[] x = big.data();
        double[] wt = w.data();
        double[] y = new double[n * cs * sv];
        int[] src = new int[kv];
        for (int o0 = 0; o0 < l.small[0]; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    int o = (o0 * l.small[1] + o1) * l.small[2] + o2;
                    sources(l, p.spec().paddingMode(), o0, o1, o2, src);
                    for (int b = 0; b < n; b++) {
                        for (int c = 0; c < cs; c++) {
                            int g = c / csg;
                            double acc = bias == null ? 0 : bias[c];
                            for (int j = 0; j < cbg; j++) {
                                int xBase = (b * cb + g * cbg + j) * bv;
                                int wBase = (c * cbg + j) * kv;
                                for (int k = 0; k < kv; k++) {
                                    if (src[k] >= 0) {
                                        acc += x[xBase + src[k]] * wt[wBase + tap(l, k, p.spec().flip())];
                                    }
                                }
                            }
                            y[(b * cs + c) * sv + o] = acc;
                        }
                    }
                }
            }
        }
        return new DoubleTensor(y, batched(n, cs, p.smallSpatial()));
    }

    /** The adjoint of {@link #gather} (with the bias added to every big cell). */
    public static DoubleTensor scatter(ConvProblem p, DoubleTensor small, DoubleTensor w, double[] bias) {
        Lattice l = new Lattice(p);
        int n = p.batch();
        int cb = p.bigChannels();
        int cs = p.smallChannels();
        int csg = cs / p.groups();
        int cbg = cb / p.groups();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        int kv = l.kernelVolume();
        double[] y = small.data();
        double[] wt = w.data();
        double[] x = new double[n * cb * bv];
        int[] src = new int[kv];
        for (int o0 = 0; o0 < l.small[0]; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    int o = (o0 * l.small[1] + o1) * l.small[2] + o2;
                    sources(l, p.spec().paddingMode(), o0, o1, o2, src);
                    for (int b = 0; b < n; b++) {
                        for (int c = 0; c < cs; c++) {
                            int g = c / csg;
                            double v = y[(b * cs + c) * sv + o];
                            for (int j = 0; j < cbg; j++) {
                                int xBase = (b * cb + g * cbg + j) * bv;
                                int wBase = (c * cbg + j) * kv;
                                for (int k = 0; k < kv; k++) {
                                    if (src[k] >= 0) {
                                        x[xBase + src[k]] += v * wt[wBase + tap(l, k, p.spec().flip())];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (bias != null) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < cb; c++) {
                    for (int i = 0; i < bv; i++) {
                        x[(b * cb + c) * bv + i] += bias[c];
                    }
                }
            }
        }
        return new DoubleTensor(x, batched(n, cb, p.bigSpatial()));
    }

    /** dw[cs, cb', k] = sum over n, o: small[n, cs, o] * big[n, cb, o*s - p + k*d]. */
    public static DoubleTensor weightGrad(ConvProblem p, DoubleTensor big, DoubleTensor small) {
        Lattice l = new Lattice(p);
        int n = p.batch();
        int cb = p.bigChannels();
        int cs = p.smallChannels();
        int csg = cs / p.groups();
        int cbg = cb / p.groups();
        int bv = l.bigVolume();
        int sv = l.smallVolume();
        int kv = l.kernelVolume();
        double[] x = big.data();
        double[] y = small.data();
        double[] dw = new double[cs * cbg * kv];
        int[] src = new int[kv];
        for (int o0 = 0; o0 < l.small[0]; o0++) {
            for (int o1 = 0; o1 < l.small[1]; o1++) {
                for (int o2 = 0; o2 < l.small[2]; o2++) {
                    int o = (o0 * l.small[1] + o1) * l.small[2] + o2;
                    sources(l, p.spec().paddingMode(), o0, o1, o2, src);
                    for (int b = 0; b < n; b++) {
                        for (int c = 0; c < cs; c++) {
                            int g = c / csg;
                            double v = y[(b * cs + c) * sv + o];
                            for (int j = 0; j < cbg; j++) {
                                int xBase = (b * cb + g * cbg + j) * bv;
                                int wBase = (c * cbg + j) * kv;
                                for (int k = 0; k < kv; k++) {
                                    if (src[k] >= 0) {
                                        dw[wBase + tap(l, k, p.spec().flip())] += v * x[xBase + src[k]];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new DoubleTensor(dw, p.weightShape());
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

    /** Flat weight offset of tap k: reversed in every dimension for true convolution. */
    private static int tap(Lattice l, int k, boolean flip) {
        return flip ? l.kernelVolume() - 1 - k : k;
    }

    static int[] batched(int n, int c, int[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = n;
        s[1] = c;
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }
}
