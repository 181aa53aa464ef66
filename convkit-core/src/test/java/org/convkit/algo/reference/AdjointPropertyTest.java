package org.convkit.algo.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * The adjoint identity {@code <conv(x), y> = <x, conv_transpose(y)>}: what makes the transposed
 * convolution the gradient of the convolution, with every option, border modes included.
 */
class AdjointPropertyTest {

    @Property(tries = 400)
    void gatherAndScatterAreAdjoint(@ForAll long seed) {
        ConvProblem p = RandomProblems.conv(seed);
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        DoubleTensor x = RandomProblems.uniform(r, p.inputShape());
        DoubleTensor w = RandomProblems.uniform(r, p.weightShape());
        DoubleTensor y = RandomProblems.uniform(r, p.outputShape());
        double lhs = RandomProblems.dot(ReferenceConv.gather(p, x, w, null), y);
        double rhs = RandomProblems.dot(x, ReferenceConv.scatter(p, y, w, null));
        assertThat(lhs).as("%s %s", p.spec(), p.geometry()).isCloseTo(rhs, org.assertj.core.data.Offset.offset(
                1e-12 * (1 + Math.abs(lhs) + RandomProblems.l1(x) * RandomProblems.l1(y))));
    }

    /** The public float operations: ConvTranspose with the matching output_padding is Conv's adjoint. */
    @Property(tries = 200)
    void convTransposeIsTheAdjointOfConv(@ForAll long seed) {
        ConvProblem p = RandomProblems.conv(seed);
        ConvSpec spec = p.spec();
        Geometry g = p.geometry();
        // the transposed convolution that maps the conv's output size back to its input size uses the
        // resolved padding and the remainder the floor in the conv formula dropped as output_padding
        int dims = g.dims();
        int[] op = new int[dims];
        for (int i = 0; i < dims; i++) {
            op[i] = g.input()[i] - Geometry.transposedOutput(g.output()[i], g.kernel()[i], g.stride()[i],
                    g.dilation()[i], g.padBefore()[i], g.padAfter()[i], 0);
        }
        ConvSpec t = spec.withPadding(org.convkit.spec.Padding.of(g.padBefore(), g.padAfter()));
        boolean opFits = true;
        for (int i = 0; i < dims; i++) {
            opFits &= op[i] < Math.max(g.stride()[i], g.dilation()[i]);
        }
        net.jqwik.api.Assume.that(opFits);
        t = t.withOutputPadding(op);
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, p.inputShape());
        Tensor w = Tensor.uniform(r.nextLong(), -1, 1, p.weightShape());
        Tensor y = Tensor.uniform(r.nextLong(), -1, 1, p.outputShape());
        Tensor cx = Conv.forward(x, w, spec);
        Tensor cty = ConvTranspose.forward(y, w, t);
        assertThat(cty.shape()).isEqualTo(x.shape());
        double lhs = dot(cx, y);
        double rhs = dot(x, cty);
        // each side rounds every output once to float32: error <= 2^-24 * sum |terms|
        double budget = 2 * Math.ulp(1f) * (l1(cx) * maxAbs(y) + l1(cty) * maxAbs(x)) + 1e-9;
        assertThat(Math.abs(lhs - rhs)).as("%s", spec).isLessThanOrEqualTo(budget);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.numel(); i++) {
            s += (double) a.data()[i] * b.data()[i];
        }
        return s;
    }

    private static double l1(Tensor a) {
        double s = 0;
        for (float v : a.data()) {
            s += Math.abs(v);
        }
        return s;
    }

    private static double maxAbs(Tensor a) {
        double m = 0;
        for (float v : a.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
