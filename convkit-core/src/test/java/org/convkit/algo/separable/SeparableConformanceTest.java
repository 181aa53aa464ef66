package org.convkit.algo.separable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * SeparableConv against the reference engine on random 2-D and 3-D problems (strides, dilations,
 * asymmetric and 'same' padding, every padding mode, groups and depthwise, batches, flip) whose every
 * kernel slice is rank 1: Gaussian, box, Sobel-like, random outer products, zero. Within the stated
 * budget, bitwise the same on 1 to 3 threads, and counted, so that a shape it silently declined
 * would show. AlgorithmConformanceTest cannot cover it: its random weights are never rank 1.
 */
class SeparableConformanceTest {
    private static final int PROBLEMS = 200;
    private final SeparableConv sep = new SeparableConv();

    @Test
    void rankOneWeightsAgreeWithTheReference() {
        SplittableRandom r = new SplittableRandom(20261124);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int threeD = 0;
        int strided = 0;
        int padModes = 0;
        int grouped = 0;
        double worstOfBudget = 0;
        double worstC = 0;
        for (int i = 0; i < PROBLEMS; i++) {
            ConvProblem p = randomProblem(r);
            if (sep.unsupported(p, Pass.GATHER) != null) {
                continue;
            }
            float[] big = Tensor.uniform(r.nextLong(), -1, 1, p.inputShape()).data();
            float[] w = rankOneWeight(p, r);
            float[] bias = r.nextBoolean() ? null : Tensor.uniform(r.nextLong(), -1, 1, p.outChannels()).data();
            ReferenceCheck.Outcome one = new ReferenceCheck(p, Pass.GATHER, big, null, w, bias).compare(sep, 1);
            if (!(one.ofBudget() <= 1)) {
                failures.add(p.spec() + " " + p.geometry() + ": " + one.where());
            }
            for (int t = 2; t <= 3; t++) {
                if (!java.util.Arrays.equals(one.got(), new ReferenceCheck(p, Pass.GATHER, big, null, w, bias).compare(sep, t).got())) {
                    failures.add(p.spec() + " " + p.geometry() + " differs between 1 and " + t + " threads");
                }
            }
            compared++;
            worstOfBudget = Math.max(worstOfBudget, one.ofBudget());
            worstC = Math.max(worstC, one.inU());
            threeD += p.geometry().dims() == 3 ? 1 : 0;
            strided += max(p.geometry().stride()) > 1 || max(p.geometry().dilation()) > 1 ? 1 : 0;
            padModes += p.spec().paddingMode() != PaddingMode.ZEROS ? 1 : 0;
            grouped += p.groups() > 1 ? 1 : 0;
        }
        assertThat(failures).as("disagreements with the reference").isEmpty();
        System.out.printf("SeparableConformanceTest: compared %d problems (%d 3-D, %d strided or dilated, %d non-zero "
                + "padding modes, %d grouped); worst error %.3f of the budget, largest c needed %.2f%n", compared, threeD,
                strided, padModes, grouped, worstOfBudget, worstC);
        assertThat(compared).isGreaterThanOrEqualTo(PROBLEMS * 9 / 10);
        assertThat(threeD).isPositive();
        assertThat(strided).isPositive();
        assertThat(padModes).isPositive();
        assertThat(grouped).isPositive();
    }

    @Test
    void aGaussianOnAnImageAgreesWithTheReference() {
        int n = 200;
        ConvProblem p = ConvProblem.conv(new int[] {1, 1, n, n}, new int[] {1, 1, 31, 31}, ConvSpec.defaults().withPadding(15));
        float[] big = Tensor.uniform(3, -1, 1, p.inputShape()).data();
        float[] w = SeparableFactorsTest.outer(SeparableFactorsTest.gauss(31, 5), SeparableFactorsTest.gauss(31, 5));
        assertThat(new ReferenceCheck(p, Pass.GATHER, big, null, w, null).compare(sep, 2).ofBudget()).isLessThanOrEqualTo(1);
    }

    @Test
    void refusesWhatItCannotDoWithReasons() {
        ConvProblem p2 = ConvProblem.conv(new int[] {1, 1, 9, 9}, new int[] {1, 1, 3, 3}, ConvSpec.defaults());
        assertThat(sep.unsupported(p2, Pass.SCATTER)).contains("gather");
        assertThat(sep.unsupported(p2, Pass.WEIGHT_GRAD)).contains("gather");
        ConvProblem p1 = ConvProblem.conv(new int[] {1, 1, 9}, new int[] {1, 1, 3}, ConvSpec.defaults());
        assertThat(sep.unsupported(p1, Pass.GATHER)).contains("1-D");
        ConvProblem one = ConvProblem.conv(new int[] {1, 1, 9, 9}, new int[] {1, 1, 1, 1}, ConvSpec.defaults());
        assertThat(sep.unsupported(one, Pass.GATHER)).contains("one-tap");
        float[] random = Tensor.uniform(1, -1, 1, p2.weightShape()).data();
        assertThatThrownBy(() -> sep.run(p2, Pass.GATHER, new float[81], new float[49], random, null, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not rank 1");
    }

    @Test
    void workspaceIsBoundedByTheKernelSpanNotTheImage() {
        ConvProblem p = ConvProblem.conv(new int[] {1, 1, 2048, 2048}, new int[] {1, 1, 31, 31}, ConvSpec.defaults().withPadding(15));
        ConvProblem taller = ConvProblem.conv(new int[] {1, 1, 8192, 2048}, new int[] {1, 1, 31, 31}, ConvSpec.defaults().withPadding(15));
        long ws = sep.workspaceFloats(p, Pass.GATHER, 2);
        assertThat(ws).isEqualTo(sep.workspaceFloats(taller, Pass.GATHER, 2));
        assertThat(ws).isLessThan(2048L * 2048 / 10);
    }

    /** Random 2-D and 3-D problems with every option; a third depthwise or grouped. */
    static ConvProblem randomProblem(SplittableRandom r) {
        while (true) {
            int dims = 2 + r.nextInt(2);
            int groups = 1 + r.nextInt(3);
            boolean depthwise = r.nextInt(4) == 0;
            int cin = depthwise ? groups : groups * (1 + r.nextInt(2));
            int cout = groups * (1 + r.nextInt(2));
            int[] in = new int[dims + 2];
            int[] w = new int[dims + 2];
            in[0] = 1 + r.nextInt(2);
            in[1] = cin;
            w[0] = cout;
            w[1] = cin / groups;
            int[] stride = new int[dims];
            int[] dil = new int[dims];
            int[] pb = new int[dims];
            int[] pa = new int[dims];
            int maxSize = dims == 3 ? 8 : 24;
            for (int i = 0; i < dims; i++) {
                in[i + 2] = 1 + r.nextInt(maxSize);
                w[i + 2] = 1 + r.nextInt(dims == 3 ? 4 : 7);
                stride[i] = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
                dil[i] = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
                pb[i] = r.nextInt(4);
                pa[i] = r.nextInt(4);
            }
            Padding padding = r.nextInt(5) == 0 ? Padding.same() : Padding.of(pb, pa);
            PaddingMode mode = r.nextInt(2) == 0 ? PaddingMode.values()[r.nextInt(4)] : PaddingMode.ZEROS;
            ConvSpec spec = ConvSpec.defaults().withStride(stride).withDilation(dil).withGroups(groups)
                    .withPadding(padding).withPaddingMode(mode).withFlip(r.nextInt(4) == 0);
            try {
                return ConvProblem.conv(in, w, spec);
            } catch (IllegalArgumentException e) {
                // draw again
            }
        }
    }

    /** Every slice an outer product of 1-D factors of a random kind, computed in float as a user would. */
    static float[] rankOneWeight(ConvProblem p, SplittableRandom r) {
        int[] k = p.geometry().kernel();
        int taps = (int) Tensor.numel(k);
        int slices = p.smallChannels() * (p.bigChannels() / p.groups());
        float[] w = new float[slices * taps];
        for (int s = 0; s < slices; s++) {
            int kind = r.nextInt(5);
            float[][] f = new float[k.length][];
            for (int d = 0; d < k.length; d++) {
                f[d] = switch (kind) {
                    case 0 -> SeparableFactorsTest.gauss(k[d], 0.5 + 3 * r.nextDouble());
                    case 1 -> box1(k[d]);
                    case 2 -> d == k.length - 1 ? derivative(k[d]) : binomial(k[d]);
                    case 3 -> SeparableFactorsTest.random(r, k[d]);
                    default -> new float[k[d]]; // zero slice
                };
            }
            for (int t = 0; t < taps; t++) {
                int rest = t;
                float v = 1;
                for (int d = k.length - 1; d >= 0; d--) {
                    v *= f[d][rest % k[d]];
                    rest /= k[d];
                }
                w[s * taps + t] = v;
            }
        }
        return w;
    }

    private static float[] box1(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f / n);
        return v;
    }

    /** Pascal's row: Sobel's smoothing factor generalized to any length. */
    private static float[] binomial(int n) {
        float[] v = new float[n];
        v[0] = 1;
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0; j--) {
                v[j] += v[j - 1];
            }
        }
        return v;
    }

    /** A central difference stretched to any length: Sobel's derivative factor for n = 3. */
    private static float[] derivative(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (n - 1) / 2f - i;
        }
        return v;
    }

    private static int max(int[] v) {
        int m = v[0];
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
