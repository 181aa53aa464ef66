package org.convkit.algo.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.DoubleTensor;

/**
 * Every backward pass against central finite differences of its forward pass, in double, for the
 * loss {@code L = <forward(...), gy>} with a random upstream gradient gy.
 */
class FiniteDifferenceTest {
    private static final double H = 1e-6;

    @Property(tries = 60)
    void convolutionGradients(@ForAll long seed) {
        ConvProblem p = RandomProblems.conv(seed);
        SplittableRandom r = new SplittableRandom(seed);
        DoubleTensor x = RandomProblems.uniform(r, p.inputShape());
        DoubleTensor w = RandomProblems.uniform(r, p.weightShape());
        double[] b = RandomProblems.uniform(r, p.outChannels()).data();
        DoubleTensor gy = RandomProblems.uniform(r, p.outputShape());
        ToDoubleFunction<Void> loss = v -> RandomProblems.dot(ReferenceConv.gather(p, x, w, b), gy);
        check("input", x.data(), ReferenceConv.scatter(p, gy, w, null).data(), loss);
        check("weight", w.data(), ReferenceConv.weightGrad(p, x, gy).data(), loss);
        check("bias", b, ReferenceConv.biasGrad(gy), loss);
    }

    @Property(tries = 60)
    void transposedConvolutionGradients(@ForAll long seed) {
        ConvProblem c = RandomProblems.conv(seed);
        // the transposed problem whose input is the conv's output: same weight, same spec
        ConvProblem p;
        try {
            p = ConvProblem.convTranspose(c.outputShape(), c.weightShape(),
                    c.spec().withPadding(Padding.of(c.geometry().padBefore(), c.geometry().padAfter())));
        } catch (IllegalArgumentException e) {
            return; // cropping leaves nothing: not a transposed problem
        }
        SplittableRandom r = new SplittableRandom(seed);
        DoubleTensor x = RandomProblems.uniform(r, p.inputShape());
        DoubleTensor w = RandomProblems.uniform(r, p.weightShape());
        double[] b = RandomProblems.uniform(r, p.outChannels()).data();
        DoubleTensor gy = RandomProblems.uniform(r, p.outputShape());
        ToDoubleFunction<Void> loss = v -> RandomProblems.dot(ReferenceConv.scatter(p, x, w, b), gy);
        check("input", x.data(), ReferenceConv.gather(p, gy, w, null).data(), loss);
        check("weight", w.data(), ReferenceConv.weightGrad(p, gy, x).data(), loss);
        check("bias", b, ReferenceConv.biasGrad(gy), loss);
    }

    @Property(tries = 80)
    void poolingGradients(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dims = 1 + r.nextInt(3);
        int[] shape = new int[dims + 2];
        shape[0] = 1 + r.nextInt(2);
        shape[1] = 1 + r.nextInt(2);
        int[] k = new int[dims];
        int[] s = new int[dims];
        int[] pad = new int[dims];
        for (int i = 0; i < dims; i++) {
            shape[i + 2] = 3 + r.nextInt(dims == 3 ? 3 : 6);
            k[i] = 1 + r.nextInt(3);
            s[i] = 1 + r.nextInt(3);
            pad[i] = r.nextInt(k[i] / 2 + 1);
        }
        boolean max = r.nextBoolean();
        PoolSpec spec = (max ? PoolSpec.max(k) : PoolSpec.avg(k)).withStride(s).withPadding(pad)
                .withCeilMode(r.nextBoolean()).withCountIncludePad(r.nextBoolean());
        PoolProblem p = PoolProblem.of(shape, spec);
        // distinct values far apart compared with H, so that no max changes hands under a nudge
        DoubleTensor x = DoubleTensor.zeros(shape);
        int[] perm = shuffled(x.data().length, r);
        for (int i = 0; i < perm.length; i++) {
            x.data()[i] = perm[i] * 0.01;
        }
        DoubleTensor gy = RandomProblems.uniform(r, p.outputShape());
        ToDoubleFunction<Void> loss = v -> RandomProblems.dot(ReferencePool.forward(p, x), gy);
        check(spec.toString(), x.data(), ReferencePool.backward(p, gy, x).data(), loss);
    }

    private static int[] shuffled(int n, SplittableRandom r) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Nudges every entry of {@code param} in place and compares the loss's slope with {@code grad}. */
    private static void check(String what, double[] param, double[] grad, ToDoubleFunction<Void> loss) {
        assertThat(grad).hasSameSizeAs(param);
        for (int i = 0; i < param.length; i++) {
            double keep = param[i];
            param[i] = keep + H;
            double up = loss.applyAsDouble(null);
            param[i] = keep - H;
            double down = loss.applyAsDouble(null);
            param[i] = keep;
            double fd = (up - down) / (2 * H);
            assertThat(grad[i]).as("d loss / d %s[%d]", what, i).isCloseTo(fd,
                    org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(fd))));
        }
    }
}
