package org.convkit.algo.gemm;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;

/**
 * Holds a pass of an algorithm to the reference within its stated budget ({@link ReferenceCheck})
 * and to bitwise the same result on 1 to 4 threads; and draws the random problems the GEMM tests
 * run. Works for convolutions and transposed convolutions alike, with a bias on the side the pass
 * writes.
 */
final class Oracle {
    private static final double U = 0x1p-24;

    private Oracle() {
    }

    /** Null when the algorithm agrees, else what went wrong. */
    static String check(ConvAlgorithm a, ConvProblem p, Pass pass, long seed) {
        ReferenceCheck check = new ReferenceCheck(p, pass, seed, -1);
        ReferenceCheck.Outcome o = check.compare(a);
        String where = a.id().label() + " " + pass + " of " + (p.transposed() ? "transposed " : "") + p.spec() + " "
                + p.geometry() + " weight " + Arrays.toString(p.weightShape()) + " batch " + p.batch();
        if (!(o.ofBudget() <= 1)) {
            return where + ": " + o.where();
        }
        for (int t = 2; t <= 4; t++) {
            if (!Arrays.equals(o.got(), check.run(a, t))) {
                return where + ": 1 and " + t + " threads differ";
            }
        }
        return null;
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
}
