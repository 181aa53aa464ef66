package org.convkit.algo.winograd;

/**
 * How much a Winograd transform amplifies rounding error, measured against the budget's yardstick
 * {@code sum |x * w|} of one output, computed from the transform's matrices and the problem's
 * borders.
 *
 * <p>In one dimension, output i of a tile is {@code sum over xi of A^T[i][xi] (G w)[xi] (B^T d)[xi]};
 * a rounding error anywhere in the transformed domain reaches it scaled by
 * {@code kappa(i, j, k) = sum over xi of |A^T[i][xi]| |G[xi][k]| |B^T[xi][j]|} for the pair (input j,
 * tap k). Unlike a direct sum, every input of the tile takes part, not only the r that output i
 * reads: they cancel exactly in exact arithmetic, not in float. With inputs and weights of similar
 * magnitude the error of output o is thus about u times
 * <pre>
 *   A(o) = (sum over live tile inputs j, taps k of kappa(i, j, k)) / (live taps of o)
 * </pre>
 * times its {@code sum |x * w|}: the whole tile's weight over the few products the output really
 * has. Inside an image A is the same for every output; at a zero-padded border an output may read
 * a single tap while its tile holds several live inputs, which is why borders get a larger budget.
 * The 2-D amplification is the product of the two axes'.
 */
final class ErrorModel {
    private ErrorModel() {
    }

    /**
     * The error budget c of a correlation: {@code A * sqrt(R)}, where A is the largest
     * {@link #amplification} and R the number of roundings on the longest path from an input to an
     * output (weight, input and output transforms, and the GEMM's K products and K - 1 sums). The
     * roundings are independent and of either sign, so they add like a random walk: sqrt(R), not R.
     */
    static double budget(WinogradTransform t, Correlation c) {
        return amplification(t, c) * Math.sqrt(roundings(t, c.inPerGroup()));
    }

    /**
     * Roundings on the longest path: each stage of a two-sided transform rounds its first product
     * and then each further product and sum, 2 nnz - 1 for the row with most nonzeros; the GEMM
     * rounds 2K - 1 times; the bias once.
     */
    static int roundings(WinogradTransform t, int k) {
        return 2 * (2 * t.weight.maxNonZeros() - 1) + 2 * (2 * t.input.maxNonZeros() - 1)
                + 2 * (2 * t.output.maxNonZeros() - 1) + 2 * k - 1 + 1;
    }

    /**
     * The largest 2-D amplification over the outputs of this correlation (outputs with no live tap
     * at all are excluded: Winograd writes their exact value, the bias).
     */
    static double amplification(WinogradTransform t, Correlation c) {
        return axis(t, c, c.padTop, c.inH, c.outH) * axis(t, c, c.padLeft, c.inW, c.outW);
    }

    /** The amplification for outputs far from any border, where every tap and tile input is live. */
    static double interior(WinogradTransform t) {
        double best = 0;
        for (int i = 0; i < t.m; i++) {
            best = Math.max(best, weight(t, i, null) / t.r);
        }
        return best * best;
    }

    private static double axis(WinogradTransform t, Correlation c, int pad, int in, int out) {
        double best = 0;
        boolean[] live = new boolean[t.alpha];
        for (int o = 0; o < out; o++) {
            int taps = 0;
            for (int k = 0; k < t.r; k++) {
                taps += c.mode.source(o - pad + k, in) >= 0 ? 1 : 0;
            }
            if (taps == 0) {
                continue;
            }
            int start = o / t.m * t.m - pad;
            for (int j = 0; j < t.alpha; j++) {
                live[j] = c.mode.source(start + j, in) >= 0;
            }
            best = Math.max(best, weight(t, o % t.m, live) / taps);
        }
        return best;
    }

    /** sum over live inputs j and all taps k of kappa(i, j, k); live == null: all inputs. */
    private static double weight(WinogradTransform t, int i, boolean[] live) {
        double s = 0;
        for (int xi = 0; xi < t.alpha; xi++) {
            double g = 0;
            for (int k = 0; k < t.r; k++) {
                g += Math.abs(t.weight.at(xi, k));
            }
            s += Math.abs(t.output.at(i, xi)) * g * inputs(t, xi, live);
        }
        return s;
    }

    /** sum over live inputs j of |B^T[xi][j]|; live == null: all inputs. */
    private static double inputs(WinogradTransform t, int xi, boolean[] live) {
        double b = 0;
        for (int j = 0; j < t.alpha; j++) {
            if (live == null || live[j]) {
                b += Math.abs(t.input.at(xi, j));
            }
        }
        return b;
    }

    /**
     * The weight gradient's budget, {@code A_grad * sqrt(R)}. Weight tap k sums, over every output
     * o, dY(o) x(o + k); in the transformed domain each tile's rounding errors reach it scaled by
     * kappa(i, j, k) for every (output i, input j) of the tile, against the m products of that tap
     * the tile really holds (per axis): {@code A_grad = max over k of (sum over i, j of kappa(i, j, k)) / m},
     * squared for two axes. R counts the input transform, the gradient tile's and the weight's
     * adjoint transforms, the GEMM's chain over a chunk of {@code tiles} and the additions of
     * {@code chunks} chunk sums.
     */
    static double gradientBudget(WinogradTransform t, int tiles, int chunks) {
        double best = 0;
        for (int k = 0; k < t.r; k++) {
            double s = 0;
            for (int xi = 0; xi < t.alpha; xi++) {
                double a = 0;
                for (int i = 0; i < t.m; i++) {
                    a += Math.abs(t.output.at(i, xi));
                }
                s += a * Math.abs(t.weight.at(xi, k)) * inputs(t, xi, null);
            }
            best = Math.max(best, s / t.m);
        }
        int roundings = 2 * (2 * t.input.maxNonZeros() - 1) + 2 * (2 * t.outputAdjoint.maxNonZeros() - 1)
                + 2 * (2 * t.weightAdjoint.maxNonZeros() - 1) + 2 * tiles - 1 + Math.max(0, chunks - 1);
        return best * best * Math.sqrt(roundings);
    }
}
