package org.convkit.algo.reference;

import java.util.SplittableRandom;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.DoubleTensor;

/**
 * Random but valid convolution problems over 1 to 3 spatial dimensions, every option exercised:
 * stride, asymmetric padding and padding words, dilation, groups, padding modes, flip.
 */
final class RandomProblems {
    private RandomProblems() {
    }

    /** A valid convolution problem, or null when the drawn parameters do not fit (callers draw again). */
    static ConvProblem conv(SplittableRandom r) {
        int dims = 1 + r.nextInt(3);
        int groups = 1 + r.nextInt(3);
        int cin = groups * (1 + r.nextInt(2));
        int cout = groups * (1 + r.nextInt(2));
        int n = 1 + r.nextInt(2);
        int[] in = new int[dims + 2];
        int[] w = new int[dims + 2];
        in[0] = n;
        in[1] = cin;
        w[0] = cout;
        w[1] = cin / groups;
        int maxSize = dims == 3 ? 5 : dims == 2 ? 7 : 11;
        int[] stride = new int[dims];
        int[] dilation = new int[dims];
        int[] before = new int[dims];
        int[] after = new int[dims];
        for (int i = 0; i < dims; i++) {
            in[i + 2] = 1 + r.nextInt(maxSize);
            w[i + 2] = 1 + r.nextInt(3);
            stride[i] = 1 + r.nextInt(3);
            dilation[i] = 1 + r.nextInt(2);
            before[i] = r.nextInt(3);
            after[i] = r.nextInt(3);
        }
        Padding padding = r.nextInt(4) == 0
                ? Padding.word(Padding.Word.values()[r.nextInt(Padding.Word.values().length)])
                : Padding.of(before, after);
        ConvSpec spec = ConvSpec.defaults().withStride(stride).withDilation(dilation).withGroups(groups)
                .withPadding(padding).withFlip(r.nextBoolean())
                .withPaddingMode(PaddingMode.values()[r.nextInt(PaddingMode.values().length)]);
        try {
            return ConvProblem.conv(in, w, spec);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ConvProblem conv(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        while (true) {
            ConvProblem p = conv(r);
            if (p != null) {
                return p;
            }
        }
    }

    static DoubleTensor uniform(SplittableRandom r, int... shape) {
        DoubleTensor t = DoubleTensor.zeros(shape);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return t;
    }

    static double dot(DoubleTensor a, DoubleTensor b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s;
    }

    static double l1(DoubleTensor a) {
        double s = 0;
        for (double v : a.data()) {
            s += Math.abs(v);
        }
        return s;
    }
}
