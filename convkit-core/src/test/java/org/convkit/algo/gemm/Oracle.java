package org.convkit.algo.gemm;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.algo.reference.ReferenceAlgorithm;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/**
 * Runs a pass of an algorithm on random data and holds it to the reference within the budget the
 * algorithm states, {@code |got - ref| <= c * 2^-24 * sum|terms| + 2 * 2^-24 * |ref|}, and to
 * bitwise the same result on 1 to 4 threads. Works for convolutions and transposed convolutions
 * alike, with a bias on the side the pass writes.
 */
final class Oracle {
    private static final double U = 0x1p-24;

    private Oracle() {
    }

    /** Null when the algorithm agrees, else what went wrong. */
    static String check(ConvAlgorithm a, ConvProblem p, Pass pass, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] big = Tensor.uniform(r.nextLong(), -1, 1, shape(p, true)).data();
        float[] small = Tensor.uniform(r.nextLong(), -1, 1, shape(p, false)).data();
        float[] weight = Tensor.uniform(r.nextLong(), -1, 1, p.weightShape()).data();
        int biasLength = pass == Pass.GATHER ? p.smallChannels() : p.bigChannels();
        float[] bias = pass == Pass.WEIGHT_GRAD ? null : Tensor.uniform(r.nextLong(), -1, 1, biasLength).data();
        float[] expected = run(new ReferenceAlgorithm(), p, pass, big, small, weight, bias, 1);
        float[] scale = run(new ReferenceAlgorithm(), p, pass, abs(big), abs(small), abs(weight), abs(bias), 1);
        float[] got = run(a, p, pass, big, small, weight, bias, 1);
        double c = a.errorBound(p, pass);
        String where = a.id().label() + " " + pass + " of " + (p.transposed() ? "transposed " : "") + p.spec() + " "
                + p.geometry() + " weight " + Arrays.toString(p.weightShape()) + " batch " + p.batch();
        for (int e = 0; e < got.length; e++) {
            double budget = c * U * scale[e] + 2 * U * Math.abs(expected[e]);
            if (!(Math.abs((double) got[e] - expected[e]) <= budget)) {
                return where + ": element " + e + " is " + got[e] + ", the reference " + expected[e] + ", budget " + budget;
            }
        }
        for (int t = 2; t <= 4; t++) {
            if (!Arrays.equals(got, run(a, p, pass, big, small, weight, bias, t))) {
                return where + ": 1 and " + t + " threads differ";
            }
        }
        return null;
    }

    /** The pass's output, computed into fresh arrays (filled with garbage: the output must be overwritten). */
    static float[] run(ConvAlgorithm a, ConvProblem p, Pass pass, float[] big, float[] small, float[] weight,
                       float[] bias, int threads) {
        float[] b = pass == Pass.SCATTER ? garbage(big.length) : big.clone();
        float[] s = pass == Pass.GATHER ? garbage(small.length) : small.clone();
        float[] w = pass == Pass.WEIGHT_GRAD ? garbage(weight.length) : weight.clone();
        a.run(p, pass, b, s, w, bias == null ? null : bias.clone(), threads);
        return pass == Pass.GATHER ? s : pass == Pass.SCATTER ? b : w;
    }

    static int[] shape(ConvProblem p, boolean big) {
        int[] spatial = big ? p.bigSpatial() : p.smallSpatial();
        int[] s = new int[spatial.length + 2];
        s[0] = p.batch();
        s[1] = big ? p.bigChannels() : p.smallChannels();
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }

    /**
     * A random valid problem, convolution or transposed: 1 to 3 dimensions, sizes 1 and primes,
     * strides, dilations, asymmetric padding and 'same', groups, every padding mode, flip, output
     * padding. Small enough for the reference to be quick.
     */
    static ConvProblem randomProblem(SplittableRandom r) {
        while (true) {
            int dims = 1 + r.nextInt(3);
            int groups = 1 + r.nextInt(3);
            int cin = groups * (1 + r.nextInt(3));
            int cout = groups * (1 + r.nextInt(3));
            boolean transposed = r.nextInt(3) == 0;
            int[] in = new int[dims + 2];
            int[] w = new int[dims + 2];
            in[0] = r.nextInt(8) == 0 ? 3 : 1 + r.nextInt(2);
            in[1] = cin;
            w[0] = transposed ? cin : cout;
            w[1] = transposed ? cout / groups : cin / groups;
            int[] stride = new int[dims];
            int[] dil = new int[dims];
            int[] pb = new int[dims];
            int[] pa = new int[dims];
            int[] op = new int[dims];
            int maxSize = dims == 3 ? 7 : dims == 2 ? 17 : 37;
            for (int i = 0; i < dims; i++) {
                in[i + 2] = 1 + r.nextInt(maxSize);
                w[i + 2] = 1 + r.nextInt(5);
                stride[i] = 1 + (r.nextInt(3) == 0 ? r.nextInt(4) : 0);
                dil[i] = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
                pb[i] = r.nextInt(4);
                pa[i] = r.nextInt(4);
                op[i] = transposed ? r.nextInt(Math.max(stride[i], dil[i])) : 0;
            }
            Padding padding = r.nextInt(6) == 0 ? Padding.same() : Padding.of(pb, pa);
            PaddingMode mode = r.nextInt(2) == 0 ? PaddingMode.values()[r.nextInt(4)] : PaddingMode.ZEROS;
            ConvSpec spec = ConvSpec.defaults().withStride(stride).withDilation(dil).withGroups(groups)
                    .withPadding(padding).withPaddingMode(mode).withFlip(r.nextInt(5) == 0);
            try {
                return transposed ? ConvProblem.convTranspose(in, w, spec.withOutputPadding(op))
                        : ConvProblem.conv(in, w, spec);
            } catch (IllegalArgumentException e) {
                // draw again
            }
        }
    }

    private static float[] garbage(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    private static float[] abs(float[] a) {
        if (a == null) {
            return null;
        }
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }
}
