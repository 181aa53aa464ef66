package org.convkit.algo.depthwise;

import java.util.Arrays;

/**
 * The three passes for one big channel and the {@code mult} small channels of its group, as direct
 * loops over rows. Per output row the work is a few long loops over the row's cells, one per tap,
 * with the tap's weight hoisted out.
 *
 * <p>JDK 17's C2 vectorizes a loop only when all of its arrays are indexed by the same expression
 * (it cannot rule out that differently offset arrays alias), so each tap's inputs are first copied
 * into a buffer aligned with what they are combined with: a window of the padded big row aligned
 * with the output row (GATHER, WEIGHT_GRAD), or the small row placed where it lands in the padded
 * big row (SCATTER). The copy is System.arraycopy for stride 1; for larger strides it is a strided
 * scalar loop, and the multiply-add stays vectorized.
 *
 * <p>Every output element is accumulated by one call, in a fixed order (taps in row-major order),
 * so results do not depend on how channels are spread over threads.
 */
final class ChannelLoops {
    /** WEIGHT_GRAD sums at most this many products per float lane before moving them to double. */
    static final int FLUSH_ROWS = 16;

    private final Grid g;
    private final int kv;
    private final boolean flip;

    ChannelLoops(Grid g, boolean flip) {
        this.g = g;
        this.kv = g.kernelVolume();
        this.flip = flip;
    }

    /** The weight's index of tap (k0, k1, k2) within its kernel, reversed for a true convolution. */
    private int tap(int k0, int k1, int k2) {
        int k = (k0 * g.kernel[1] + k1) * g.kernel[2] + k2;
        return flip ? kv - 1 - k : k;
    }

    /** One scratch set per worker; sized for all three passes of one problem. */
    static final class Scratch {
        final float[] plane;
        final float[] shifted;
        final float[] window;
        final float[] row;
        final float[][] lanes;
        final float[][] smallRows;
        final double[] sums;

        Scratch(Grid g, int mult, boolean scatter, boolean weightGrad) {
            int padded = g.bigRows() * g.paddedWidth;
            plane = new float[padded];
            shifted = scatter ? new float[padded] : new float[0];
            window = new float[g.small[2]];
            row = new float[g.small[2]];
            lanes = new float[weightGrad ? mult * g.kernelVolume() : 0][g.small[2]];
            smallRows = new float[weightGrad ? mult : 0][g.small[2]];
            sums = new double[weightGrad ? mult * g.kernelVolume() : 0];
        }

        static long floats(Grid g, int mult, boolean scatter, boolean weightGrad) {
            long padded = (long) g.bigRows() * g.paddedWidth;
            long lanes = weightGrad ? (long) mult * g.kernelVolume() * (g.small[2] + 2) + (long) mult * g.small[2] : 0;
            return padded * (scatter ? 2 : 1) + 2L * g.small[2] + lanes;
        }
    }

    /** Copies big plane {@code off} into padded rows, the last dimension's border read through the mode. */
    private void pad(float[] big, int off, float[] plane) {
        int w = g.paddedWidth;
        int pb = g.padBefore[2];
        int b2 = g.big[2];
        for (int r = 0; r < g.bigRows(); r++) {
            int dst = r * w;
            int src = off + r * b2;
            for (int q = 0; q < pb; q++) {
                int s = g.padSource[q];
                plane[dst + q] = s < 0 ? 0f : big[src + s];
            }
            System.arraycopy(big, src, plane, dst + pb, b2);
            for (int q = pb + b2; q < w; q++) {
                int s = g.padSource[q];
                plane[dst + q] = s < 0 ? 0f : big[src + s];
            }
        }
    }

    /** window[o] = plane[start + o * s] for the outputs of one row. */
    private void window(float[] plane, int start, float[] window) {
        int n = g.small[2];
        int s = g.stride[2];
        if (s == 1) {
            System.arraycopy(plane, start, window, 0, n);
        } else {
            for (int o = 0; o < n; o++) {
                window[o] = plane[start + o * s];
            }
        }
    }

    /**
     * small[n, cs] = bias[cs] + sum over taps of w[cs, tap] * big[n, c] shifted, for the mult small
     * channels cs = c * mult + j of big channel c; {@code smallOff} is the first one's plane.
     */
    void gather(float[] big, int bigOff, float[] small, int smallOff, float[] w, int wOff, float[] bias, int biasOff,
                int mult, Scratch s) {
        pad(big, bigOff, s.plane);
        int n2 = g.small[2];
        float[] acc = s.row;
        float[] win = s.window;
        for (int j = 0; j < mult; j++) {
            int out = smallOff + j * g.smallVolume();
            int wBase = wOff + j * kv;
            float b = bias == null ? 0f : bias[biasOff + j];
            for (int o0 = 0; o0 < g.small[0]; o0++) {
                for (int o1 = 0; o1 < g.small[1]; o1++) {
                    Arrays.fill(acc, b);
                    for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                        int i0 = g.source[0][o0 * g.kernel[0] + k0];
                        if (i0 < 0) {
                            continue;
                        }
                        for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                            int i1 = g.source[1][o1 * g.kernel[1] + k1];
                            if (i1 < 0) {
                                continue;
                            }
                            int rowOff = (i0 * g.big[1] + i1) * g.paddedWidth;
                            for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                                float wv = w[wBase + tap(k0, k1, k2)];
                                window(s.plane, rowOff + k2 * g.dilation[2], win);
                                for (int o = 0; o < n2; o++) {
                                    acc[o] += wv * win[o];
                                }
                            }
                        }
                    }
                    System.arraycopy(acc, 0, small, out + (o0 * g.small[1] + o1) * n2, n2);
                }
            }
        }
    }

    /**
     * big[n, c] = bias[c] + the adjoint of {@link #gather}: each small cell of the mult channels
     * adds w * itself to the cells its taps read, into padded rows, whose borders are then folded
     * back onto the cells the padding mode read them from.
     */
    void scatter(float[] big, int bigOff, float[] small, int smallOff, float[] w, int wOff, float bias, int mult,
                 Scratch s) {
        float[] acc = s.plane;
        float[] shifted = s.shifted;
        Arrays.fill(acc, 0f);
        int n2 = g.small[2];
        int st = g.stride[2];
        for (int j = 0; j < mult; j++) {
            int in = smallOff + j * g.smallVolume();
            int wBase = wOff + j * kv;
            for (int o0 = 0; o0 < g.small[0]; o0++) {
                for (int o1 = 0; o1 < g.small[1]; o1++) {
                    int smRow = in + (o0 * g.small[1] + o1) * n2;
                    for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                        int i0 = g.source[0][o0 * g.kernel[0] + k0];
                        if (i0 < 0) {
                            continue;
                        }
                        for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                            int i1 = g.source[1][o1 * g.kernel[1] + k1];
                            if (i1 < 0) {
                                continue;
                            }
                            int rowOff = (i0 * g.big[1] + i1) * g.paddedWidth;
                            for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                                float wv = w[wBase + tap(k0, k1, k2)];
                                int start = rowOff + k2 * g.dilation[2];
                                if (st == 1) {
                                    // the small row placed where it lands, so both arrays share the index
                                    System.arraycopy(small, smRow, shifted, start, n2);
                                    for (int x = start; x < start + n2; x++) {
                                        acc[x] += wv * shifted[x];
                                    }
                                } else {
                                    for (int o = 0; o < n2; o++) {
                                        acc[start + o * st] += wv * small[smRow + o];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        fold(acc, big, bigOff, bias);
    }

    /** Padded rows into the big plane: the middle copied, border cells added where the mode read them. */
    private void fold(float[] acc, float[] big, int off, float bias) {
        int w = g.paddedWidth;
        int pb = g.padBefore[2];
        int b2 = g.big[2];
        for (int r = 0; r < g.bigRows(); r++) {
            int src = r * w;
            int dst = off + r * b2;
            System.arraycopy(acc, src + pb, big, dst, b2);
            for (int q = 0; q < w; q++) {
                int s = g.padSource[q];
                if ((q < pb || q >= pb + b2) && s >= 0) {
                    big[dst + s] += acc[src + q];
                }
            }
            if (bias != 0f) {
                for (int x = dst; x < dst + b2; x++) {
                    big[x] += bias;
                }
            }
        }
    }

    /**
     * w[cs, tap] = sum over the batch and small cells of small[n, cs] * big[n, c] shifted, for the
     * mult small channels of big channel c. Products are summed per tap and output column in float
     * lanes (a vector loop) for at most {@link #FLUSH_ROWS} rows, then moved into double sums.
     */
    void weightGrad(float[] big, int bigStride, int bigOff, float[] small, int smallStride, int smallOff,
                    int batch, float[] w, int wOff, int mult, Scratch s) {
        int n2 = g.small[2];
        float[] win = s.window;
        Arrays.fill(s.sums, 0);
        for (float[] lane : s.lanes) {
            Arrays.fill(lane, 0f);
        }
        int rows = 0;
        for (int n = 0; n < batch; n++) {
            pad(big, bigOff + n * bigStride, s.plane);
            for (int o0 = 0; o0 < g.small[0]; o0++) {
                for (int o1 = 0; o1 < g.small[1]; o1++) {
                    for (int j = 0; j < mult; j++) {
                        System.arraycopy(small, smallOff + n * smallStride + j * g.smallVolume()
                                + (o0 * g.small[1] + o1) * n2, s.smallRows[j], 0, n2);
                    }
                    for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                        int i0 = g.source[0][o0 * g.kernel[0] + k0];
                        if (i0 < 0) {
                            continue;
                        }
                        for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                            int i1 = g.source[1][o1 * g.kernel[1] + k1];
                            if (i1 < 0) {
                                continue;
                            }
                            int rowOff = (i0 * g.big[1] + i1) * g.paddedWidth;
                            for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                                window(s.plane, rowOff + k2 * g.dilation[2], win);
                                int k = (k0 * g.kernel[1] + k1) * g.kernel[2] + k2;
                                for (int j = 0; j < mult; j++) {
                                    float[] sm = s.smallRows[j];
                                    float[] lane = s.lanes[j * kv + k];
                                    for (int o = 0; o < n2; o++) {
                                        lane[o] += sm[o] * win[o];
                                    }
                                }
                            }
                        }
                    }
                    if (++rows == FLUSH_ROWS) {
                        flush(s);
                        rows = 0;
                    }
                }
            }
        }
        flush(s);
        for (int j = 0; j < mult; j++) {
            for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                    for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                        int k = (k0 * g.kernel[1] + k1) * g.kernel[2] + k2;
                        w[wOff + j * kv + tap(k0, k1, k2)] = (float) s.sums[j * kv + k];
                    }
                }
            }
        }
    }

    private static void flush(Scratch s) {
        for (int i = 0; i < s.lanes.length; i++) {
            float[] lane = s.lanes[i];
            double sum = 0;
            for (int o = 0; o < lane.length; o++) {
                sum += lane[o];
                lane[o] = 0f;
            }
            s.sums[i] += sum;
        }
    }
}
