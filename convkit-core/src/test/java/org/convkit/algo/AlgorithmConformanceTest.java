package org.convkit.algo;

import org.convkit.Algorithm;
import org.convkit.plan.Planner;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every registered algorithm against the reference engine, on random problems with awkward sizes
 * (1, primes, non-multiples of a vector length, large strides and dilations, groups, every padding
 * mode), for every pass it says it supports, within the error budget it states; and bitwise the
 * same for 1, 2 and 3 threads. Counts what it compared, per algorithm and pass, so a fast path that
 * declines everything cannot pass unnoticed.
 */
class AlgorithmConformanceTest {
    private static final double U = 0x1p-24;
    private static final int PROBLEMS = 300;

    @Test
    void everyAlgorithmAgreesWithTheReferenceWithinItsBudget() {
        ReferenceAlgorithm ref = new ReferenceAlgorithm();
        Map<Algorithm, Map<Pass, Integer>> compared = new EnumMap<>(Algorithm.class);
        int prepared = 0;
        List<String> failures = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(20261124);
        for (int i = 0; i < PROBLEMS; i++) {
            ConvProblem p = randomProblem(r);
            Data d = new Data(p, r);
            for (Pass pass : Pass.values()) {
                float[] expected = d.run(ref, pass, 1);
                float[] scale = d.magnitudes(pass);
                for (ConvAlgorithm a : Planner.algorithms()) {
                    if (a.id() == Algorithm.REFERENCE || a.unsupported(p, pass) != null
                            || a.unsupportedWeight(p, pass, d.weight) != null) {
                        continue;
                    }
                    float[] got = d.run(a, pass, 1);
                    double c = a.errorBound(p, pass);
                    for (int e = 0; e < got.length; e++) {
                        double budget = c * U * scale[e] + 2 * U * Math.abs(expected[e]);
                        if (!(Math.abs((double) got[e] - expected[e]) <= budget)) {
                            failures.add(a.id().label() + " " + pass + " " + p.spec() + " " + p.geometry() + " element "
                                    + e + ": got " + got[e] + ", reference " + expected[e] + ", budget " + budget);
                            break;
                        }
                    }
                    for (int t = 2; t <= 3; t++) {
                        float[] again = d.run(a, pass, t);
                        if (!java.util.Arrays.equals(got, again)) {
                            failures.add(a.id().label() + " " + pass + " differs between 1 and " + t + " threads on "
                                    + p.spec() + " " + p.geometry());
                        }
                    }
                    if (pass != Pass.WEIGHT_GRAD) {
                        // a prepared layer gives the bits of the one-off call, on any thread count
                        for (int t = 1; t <= 3; t += 2) {
                            if (!java.util.Arrays.equals(got, d.runPrepared(a, pass, t))) {
                                failures.add(a.id().label() + " " + pass + " prepared on " + t
                                        + " threads differs from run on " + p.spec() + " " + p.geometry());
                            }
                        }
                        prepared++;
                    }
                    compared.computeIfAbsent(a.id(), k -> new EnumMap<>(Pass.class)).merge(pass, 1, Integer::sum);
                }
            }
        }
        assertThat(failures).as("disagreements with the reference").isEmpty();
        assertThat(prepared).as("prepared passes compared").isGreaterThan(PROBLEMS);
        for (ConvAlgorithm a : Planner.algorithms()) {
            if (a.id() == Algorithm.REFERENCE || a.needsWeight()) {
                continue; // random weights never suit a weight-dependent algorithm; it has its own suite
            }
            Map<Pass, Integer> counts = compared.getOrDefault(a.id(), Map.of());
            System.out.println("AlgorithmConformanceTest: " + a.id().label() + " compared " + counts);
            assertThat(counts.values().stream().mapToInt(Integer::intValue).sum())
                    .as("problems %s was compared on (it may not decline everything)", a.id().label())
                    .isGreaterThanOrEqualTo(10);
        }
    }

    /** Mixed problems: a third shaped so the specialised algorithms (3x3, 1x1, depthwise, 1-channel) apply. */
    static ConvProblem randomProblem(SplittableRandom r) {
        while (true) {
            int dims = 1 + r.nextInt(3);
            int kind = r.nextInt(6);
            int groups = kind == 3 ? 0 : 1 + r.nextInt(2);
            int cin = kind == 4 ? 1 : (kind == 3 ? 1 + r.nextInt(5) : groups * (1 + r.nextInt(4)));
            if (kind == 3) {
                groups = cin; // depthwise, with multiplier
            }
            int cout = kind == 4 ? 1 : groups * (1 + r.nextInt(3));
            int n = 1 + r.nextInt(2);
            int[] in = new int[dims + 2];
            int[] w = new int[dims + 2];
            in[0] = n;
            in[1] = cin;
            w[0] = cout;
            w[1] = cin / groups;
            int[] stride = new int[dims];
            int[] dil = new int[dims];
            int[] pb = new int[dims];
            int[] pa = new int[dims];
            int maxSize = dims == 3 ? 7 : dims == 2 ? 19 : 41;
            for (int i = 0; i < dims; i++) {
                in[i + 2] = 1 + r.nextInt(maxSize);
                w[i + 2] = kind == 1 ? 3 : kind == 2 ? 1 : kind == 5 ? 5 + r.nextInt(8) : 1 + r.nextInt(4);
                stride[i] = kind == 1 || kind == 5 ? 1 : 1 + (r.nextInt(4) == 0 ? r.nextInt(4) : 0);
                dil[i] = kind == 1 || kind == 5 ? 1 : 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
                pb[i] = r.nextInt(3);
                pa[i] = r.nextInt(3);
            }
            Padding padding = r.nextInt(5) == 0 ? Padding.same() : Padding.of(pb, pa);
            PaddingMode mode = r.nextInt(3) == 0 ? PaddingMode.values()[r.nextInt(4)] : PaddingMode.ZEROS;
            ConvSpec spec = ConvSpec.defaults().withStride(stride).withDilation(dil).withGroups(groups)
                    .withPadding(padding).withPaddingMode(mode).withFlip(r.nextInt(6) == 0);
            try {
                return ConvProblem.conv(in, w, spec);
            } catch (IllegalArgumentException e) {
                // draw again
            }
        }
    }

    /** Random inputs for one problem, and the magnitudes sum |terms| per output element of each pass. */
    static final class Data {
        final ConvProblem p;
        final float[] big;
        final float[] small;
        final float[] weight;
        final float[] bias;

        Data(ConvProblem p, SplittableRandom r) {
            this.p = p;
            big = Tensor.uniform(r.nextLong(), -1, 1, p.inputShape()).data();
            small = Tensor.uniform(r.nextLong(), -1, 1, p.outputShape()).data();
            weight = Tensor.uniform(r.nextLong(), -1, 1, p.weightShape()).data();
            bias = Tensor.uniform(r.nextLong(), -1, 1, p.outChannels()).data();
        }

        float[] run(ConvAlgorithm a, Pass pass, int threads) {
            float[] b = pass == Pass.SCATTER ? new float[big.length] : big.clone();
            float[] s = pass == Pass.GATHER ? new float[small.length] : small.clone();
            float[] w = pass == Pass.WEIGHT_GRAD ? new float[weight.length] : weight.clone();
            // a conv problem: the bias belongs to the small side (GATHER); SCATTER gets none here
            a.run(p, pass, b, s, w, pass == Pass.GATHER ? bias.clone() : null, threads);
            return pass == Pass.GATHER ? s : pass == Pass.SCATTER ? b : w;
        }

        /** As {@link #run}, through {@link ConvAlgorithm#prepare}; the weight is changed after preparing. */
        float[] runPrepared(ConvAlgorithm a, Pass pass, int threads) {
            float[] w = weight.clone();
            ConvAlgorithm.Prepared prepared = a.prepare(p, pass, w, threads);
            java.util.Arrays.fill(w, Float.NaN); // the layer holds its own form of the weight
            float[] b = pass == Pass.SCATTER ? new float[big.length] : big.clone();
            float[] s = pass == Pass.GATHER ? new float[small.length] : small.clone();
            prepared.run(b, s, pass == Pass.GATHER ? bias.clone() : null);
            return pass == Pass.GATHER ? s : b;
        }

        /** The same pass on absolute values, by the reference: sum |terms| per output element (+|bias|). */
        float[] magnitudes(Pass pass) {
            Data abs = new Data(p, abs(big), abs(small), abs(weight), abs(bias));
            return abs.run(new ReferenceAlgorithm(), pass, 1);
        }

        private Data(ConvProblem p, float[] big, float[] small, float[] weight, float[] bias) {
            this.p = p;
            this.big = big;
            this.small = small;
            this.weight = weight;
            this.bias = bias;
        }

        private static float[] abs(float[] a) {
            float[] b = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                b[i] = Math.abs(a[i]);
            }
            return b;
        }
    }
}
