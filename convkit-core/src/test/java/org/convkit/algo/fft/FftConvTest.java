package org.convkit.algo.fft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * FftConv on the shapes where tiling goes wrong if it is going to: sizes 1 and primes, outputs one
 * short of, equal to and one past a tile's share, kernels wider than what is left of the image,
 * strides, dilations, every padding mode with padding wider than the kernel, groups, batches, 1-D
 * signals long enough to put many tiles side by side, 3-D, and a 31x31 kernel on a band tiled as a
 * 2048x2048 image would be. Each against the reference in double, within the stated budget; thread
 * counts 1 to 5 give bitwise the same results (AlgorithmConformanceTest checks that on every problem).
 */
class FftConvTest {
    private final FftConv fft = new FftConv();

    @Test
    void targetedShapesAgreeWithTheReference() {
        List<ConvProblem> problems = new ArrayList<>();
        // 1-D
        problems.add(conv(ints(1, 1, 1), ints(1, 1, 1), spec()));
        problems.add(conv(ints(1, 1, 1), ints(1, 1, 3), spec().withPadding(1)));
        problems.add(conv(ints(2, 3, 97), ints(4, 3, 7), spec().withPadding(3)));
        problems.add(conv(ints(1, 2, 5003), ints(2, 2, 33), spec().withPadding(16)));
        problems.add(conv(ints(1, 4, 2001), ints(4, 4, 2), spec().withPadding(Padding.of(ints(8), ints(0))).withDilation(8)));
        problems.add(conv(ints(1, 1, 301), ints(1, 1, 17), spec().withStride(3).withDilation(2).withPadding(9)
                .withPaddingMode(PaddingMode.REFLECT)));
        problems.add(conv(ints(1, 1, 11), ints(1, 1, 9), spec().withPadding(20).withPaddingMode(PaddingMode.CIRCULAR)));
        // 2-D
        problems.add(conv(ints(1, 1, 1, 1), ints(1, 1, 1, 1), spec()));
        problems.add(conv(ints(1, 1, 13, 17), ints(1, 1, 5, 3), spec().withPadding(2, 1)));
        problems.add(conv(ints(2, 1, 97, 61), ints(1, 1, 15, 15), spec().withPadding(7, 7)));
        problems.add(conv(ints(1, 2, 40, 37), ints(3, 2, 9, 9), spec().withStride(2).withDilation(2).withPadding(8)));
        for (PaddingMode mode : PaddingMode.values()) {
            problems.add(conv(ints(1, 1, 23, 29), ints(1, 1, 7, 5), spec().withPadding(Padding.of(ints(9, 1), ints(4, 12)))
                    .withPaddingMode(mode).withFlip(mode.ordinal() % 2 == 0)));
        }
        problems.add(conv(ints(2, 4, 19, 21), ints(6, 2, 5, 5), spec().withGroups(2).withPadding(2)));
        problems.add(conv(ints(1, 3, 30, 20), ints(6, 1, 11, 3), spec().withGroups(3).withPadding(Padding.same())));
        problems.add(conv(ints(3, 1, 8, 100), ints(1, 1, 8, 31), spec()));
        // 3-D
        problems.add(conv(ints(1, 2, 9, 10, 11), ints(2, 2, 3, 4, 5), spec().withPadding(1, 2, 2)));
        problems.add(conv(ints(2, 2, 12, 7, 5), ints(2, 1, 5, 3, 3), spec().withGroups(2).withStride(2, 1, 2)
                .withPaddingMode(PaddingMode.REPLICATE).withPadding(2, 1, 1).withFlip(true)));
        // a 31x31 kernel on a band, tiled the way a 2048x2048 image is
        ConvProblem band = conv(ints(1, 1, 226, 452), ints(1, 1, 31, 31), spec().withPadding(15));
        ConvProblem full = conv(ints(1, 1, 2048, 2048), ints(1, 1, 31, 31), spec().withPadding(15));
        assertThat(FftPlan.choose(band).shape.size).isEqualTo(FftPlan.choose(full).shape.size);
        problems.add(band);

        SplittableRandom r = new SplittableRandom(7);
        double worstC = 0;
        double worstOfBudget = 0;
        for (ConvProblem p : problems) {
            assertThat(fft.unsupported(p, Pass.GATHER)).as("%s", p.geometry()).isNull();
            ReferenceCheck.Outcome one = new ReferenceCheck(p, Pass.GATHER, r.split().nextLong(), -1).compare(fft, 1);
            assertThat(one.ofBudget()).as("%s %s: %s", p.spec(), p.geometry(), one.where()).isLessThanOrEqualTo(1);
            worstC = Math.max(worstC, one.inU());
            worstOfBudget = Math.max(worstOfBudget, one.ofBudget());
        }
        System.out.printf("FftConvTest: %d targeted problems; worst error %.3f of the budget; c needed beyond the final "
                + "rounding %.2e (stated %.1f)%n", problems.size(), worstOfBudget, worstC, fft.errorBound(problems.get(0), Pass.GATHER));
    }

    @Test
    void resultsAreBitwiseTheSameForAnyThreadCount() {
        ConvProblem p = conv(ints(3, 2, 70, 90), ints(2, 2, 13, 9), spec().withPadding(6, 4));
        SplittableRandom r = new SplittableRandom(11);
        float[] big = org.convkit.tensor.Tensor.uniform(r.nextLong(), -1, 1, p.inputShape()).data();
        float[] w = org.convkit.tensor.Tensor.uniform(r.nextLong(), -1, 1, p.weightShape()).data();
        float[] one = new ReferenceCheck(p, Pass.GATHER, big, null, w, null).compare(fft, 1).got();
        for (int t = 2; t <= 5; t++) {
            assertThat(new ReferenceCheck(p, Pass.GATHER, big, null, w, null).compare(fft, t).got()).as("%d threads", t).isEqualTo(one);
        }
    }

    @Test
    void tileBoundariesAreExact() {
        // a 1-D kernel of span 15: outputs one short of, equal to, one past one and two tiles' share
        ConvProblem probe = conv(ints(1, 1, 1000), ints(1, 1, 15), spec());
        int m = FftPlan.choose(probe).perTile[0];
        SplittableRandom r = new SplittableRandom(13);
        int compared = 0;
        for (int out : ints(m - 1, m, m + 1, 2 * m - 1, 2 * m, 2 * m + 1)) {
            for (int t : ints(1, 2)) {
                ConvProblem p = conv(ints(1, 1, out + 14), ints(1, 1, 15), spec());
                ReferenceCheck.Outcome res = new ReferenceCheck(p, Pass.GATHER, r.split().nextLong(), -1).compare(fft, t);
                assertThat(res.ofBudget()).as("%d outputs: %s", out, res.where()).isLessThanOrEqualTo(1);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(12);
    }

    @Test
    void theTransformErrorIsAbsoluteAndWithinItsStatedSize() {
        // a dark half next to a bright half: outputs in the dark get the bright tile's rounding noise,
        // which is what the class comment bounds by 2^-53 log2(V) ||x|| ||w|| per output
        int n = 96;
        ConvProblem p = conv(ints(1, 1, n, n), ints(1, 1, 9, 9), spec().withPadding(4));
        float[] big = new float[n * n];
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < big.length; i++) {
            big[i] = (i % n) < n / 2 ? 0 : (float) r.nextDouble(-1, 1);
        }
        float[] w = org.convkit.tensor.Tensor.uniform(r.nextLong(), -1, 1, p.weightShape()).data();
        float[] got = new ReferenceCheck(p, Pass.GATHER, big, null, w, null).compare(fft, 1).got();
        double xn = norm(big);
        double wn = norm(w);
        double logV = Math.log(FftPlan.choose(p).shape.volume()) / Math.log(2);
        double bound = 0x1p-53 * logV * xn * wn;
        double worstDark = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n / 2 - 5; x++) {
                worstDark = Math.max(worstDark, Math.abs(got[y * n + x]));
            }
        }
        System.out.printf("FftConvTest: in an all-zero region, largest |output| %.2e; stated absolute bound %.2e%n",
                worstDark, bound);
        assertThat(worstDark).isLessThanOrEqualTo(bound);
    }

    @Test
    void declinesOtherPassesAndOversizedWorkspacesWithReasons() {
        ConvProblem p = conv(ints(1, 1, 9, 9), ints(1, 1, 3, 3), spec());
        assertThat(fft.unsupported(p, Pass.SCATTER)).contains("gather");
        assertThat(fft.unsupported(p, Pass.WEIGHT_GRAD)).contains("gather");
        // 1024 x 1024 channel pairs of a 3x3 kernel need more kernel-spectrum floats than the limit at any tile
        ConvProblem wide = conv(ints(1, 1024, 8, 8), ints(1024, 1024, 3, 3), spec());
        assertThat(fft.unsupported(wide, Pass.GATHER)).contains("limit");
    }

    @Test
    void workspaceIsBoundedPerThreadNotByTheImage() {
        ConvProblem small = conv(ints(1, 1, 2048, 2048), ints(1, 1, 31, 31), spec().withPadding(15));
        ConvProblem large = conv(ints(1, 1, 8192, 8192), ints(1, 1, 31, 31), spec().withPadding(15));
        assertThat(fft.workspaceFloats(large, Pass.GATHER, 2)).isEqualTo(fft.workspaceFloats(small, Pass.GATHER, 2));
        assertThat(fft.workspaceFloats(large, Pass.GATHER, 2)).isLessThanOrEqualTo(2 * FftPlan.THREAD_LIMIT + (1 << 20));
        assertThat(fft.workspaceFloats(large, Pass.GATHER, 1)).isLessThan(fft.workspaceFloats(large, Pass.GATHER, 2));
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    static ConvSpec spec() {
        return ConvSpec.defaults();
    }

    static ConvProblem conv(int[] in, int[] w, ConvSpec s) {
        return ConvProblem.conv(in, w, s);
    }

    static int[] ints(int... v) {
        return v;
    }
}
