package org.convkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.algo.reference.ReferenceConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DepthwiseSeparableTest {
    private static final ConvOptions REF = ConvOptions.defaults().withAlgorithm(Algorithm.REFERENCE);
    private static final double F32 = 0x1p-24;

    /** A random depthwise separable problem: input, both weights, both biases, spec. */
    private record Case(Tensor x, Tensor dw, Tensor db, Tensor pw, Tensor pb, ConvSpec spec, int channels) {
        static Case random(SplittableRandom r) {
            int dims = 1 + r.nextInt(3);
            int c = 1 + r.nextInt(3);
            int m = 1 + r.nextInt(2);
            int cout = 1 + r.nextInt(4);
            boolean batched = r.nextBoolean();
            int[] xs = new int[dims + (batched ? 2 : 1)];
            int at = 0;
            if (batched) {
                xs[at++] = 1 + r.nextInt(2);
            }
            xs[at++] = c;
            int[] dws = new int[dims + 2];
            int[] pws = new int[dims + 2];
            dws[0] = c * m;
            dws[1] = 1;
            pws[0] = cout;
            pws[1] = c * m;
            for (int d = 0; d < dims; d++) {
                int k = 1 + r.nextInt(3);
                dws[2 + d] = k;
                pws[2 + d] = 1;
                xs[at++] = 2 * k + 1 + r.nextInt(3);
            }
            ConvSpec spec = ConvSpec.defaults().withStride(1 + r.nextInt(2)).withDilation(1 + r.nextInt(2))
                    .withPadding(r.nextBoolean() ? Padding.same() : Padding.of(r.nextInt(2)))
                    .withPaddingMode(PaddingMode.values()[r.nextInt(4)]).withFlip(r.nextBoolean());
            return new Case(Tensor.uniform(r.nextLong(), -1, 1, xs), Tensor.uniform(r.nextLong(), -1, 1, dws),
                    r.nextBoolean() ? Tensor.uniform(r.nextLong(), -1, 1, c * m) : null,
                    Tensor.uniform(r.nextLong(), -1, 1, pws),
                    r.nextBoolean() ? Tensor.uniform(r.nextLong(), -1, 1, cout) : null, spec, c);
        }

        Tensor forward(ConvOptions o) {
            return DepthwiseSeparable.forward(x, dw, db, pw, pb, spec, o);
        }

        /** The same computed by hand from its definition: grouped conv (groups = C), then a 1x1 conv. */
        Tensor twoStages(ConvOptions o) {
            Tensor h = Conv.forward(x, dw, db, spec.withGroups(channels), o);
            return Conv.forward(h, pw, pb, ConvSpec.defaults(), o);
        }

        /** A bound on the largest output magnitude: sum |x| |w| through both stages with |x|, |w| <= 1. */
        double scale() {
            double taps = dw.numel() / (double) dw.shape()[0];
            return (taps + 1) * (pw.shape()[1] + 1);
        }
    }

    @Property(tries = 150)
    void isPointwiseAfterDepthwise(@ForAll long seed) {
        Case c = Case.random(new SplittableRandom(seed));
        Tensor ref = c.twoStages(REF);
        // the reference engine computes the same thing through this class's wiring, exactly
        assertThat(c.forward(REF).data()).containsExactly(ref.data());
        assertThat(DepthwiseSeparable.depthwise(c.x, c.dw, c.db, c.spec, REF).data())
                .containsExactly(Conv.forward(c.x, c.dw, c.db, c.spec.withGroups(c.channels), REF).data());
        // and the planner's fast paths stay within the budget
        Tensor fast = c.forward(ConvOptions.defaults());
        assertThat(fast.shape()).containsExactly(ref.shape());
        assertClose(fast, ref);
    }

    @Property(tries = 100)
    void gradientsAreThoseOfTheTwoStagesByTheReferenceEngine(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Case c = Case.random(r);
        Tensor y = c.forward(REF);
        Tensor gy = Tensor.uniform(r.nextLong(), -1, 1, y.shape());
        boolean batched = c.x.rank() == c.dw.rank();
        ConvSpec dspec = c.spec.withGroups(c.channels);
        ConvSpec pspec = ConvSpec.defaults();
        Tensor h = Conv.forward(c.x, c.dw, c.db, dspec, REF);
        Tensor gh = Conv.gradInput(gy, c.pw, h.shape(), pspec, REF);
        DepthwiseSeparable.Gradients g = DepthwiseSeparable.backward(c.x, c.dw, c.db, c.pw, gy, c.spec);
        assertClose(g.pointwise(), Conv.gradWeight(h, gy, c.pw.shape(), pspec, REF));
        assertClose(g.pointwiseBias(), Conv.gradBias(gy, batched));
        assertClose(g.depthwise(), Conv.gradWeight(c.x, gh, c.dw.shape(), dspec, REF));
        assertClose(g.depthwiseBias(), Conv.gradBias(gh, batched));
        assertClose(g.input(), Conv.gradInput(gh, c.dw, c.x.shape(), dspec, REF));
        assertThat(g.input().shape()).containsExactly(c.x.shape());
        assertThat(g.depthwiseBias().shape()).containsExactly(c.dw.shape()[0]);
        assertThat(g.pointwiseBias().shape()).containsExactly(c.pw.shape()[0]);
    }

    @Property(tries = 100)
    void adjointIdentity(@ForAll long seed) {
        // without biases the map x -> F x is linear, and backward's input gradient is F^T: <F x, y> = <x, F^T y>
        SplittableRandom r = new SplittableRandom(seed);
        Case c = Case.random(r);
        Tensor fx = DepthwiseSeparable.forward(c.x, c.dw, null, c.pw, null, c.spec, REF);
        Tensor y = Tensor.uniform(r.nextLong(), -1, 1, fx.shape());
        Tensor fty = DepthwiseSeparable.backward(c.x, c.dw, null, c.pw, y, c.spec, REF).input();
        double lhs = dot(fx, y);
        double rhs = dot(c.x, fty);
        // both sides sum the same exact products, each rounded once to float per output: 16 ulps of the largest possible magnitude each
        assertThat(lhs).isCloseTo(rhs, within(16 * F32 * fx.numel() * c.scale()));
    }

    /**
     * Finite differences of the loss L = <gy, F(x; weights, biases)> computed in double by the
     * reference engine's double kernels, against backward's float gradients, on a tiny 2-D case
     * with every option that touches the geometry.
     */
    @Test
    void gradientsMatchFiniteDifferencesInDouble() {
        SplittableRandom r = new SplittableRandom(11);
        int[] xs = {2, 2, 5, 6};
        int[] dws = {4, 1, 3, 2};
        int[] pws = {3, 4, 1, 1};
        ConvSpec spec = ConvSpec.defaults().withStride(2, 1).withDilation(1, 2).withPadding(Padding.of(1))
                .withPaddingMode(PaddingMode.REFLECT);
        double[][] p = {random(r, 2 * 2 * 5 * 6), random(r, 4 * 3 * 2), random(r, 4), random(r, 12), random(r, 3)};
        Tensor x = toTensor(p[0], xs);
        Tensor dw = toTensor(p[1], dws);
        Tensor db = toTensor(p[2], 4);
        Tensor pw = toTensor(p[3], pws);
        Tensor pb = toTensor(p[4], 3);
        int[] ys = DepthwiseSeparable.forward(x, dw, db, pw, pb, spec).shape();
        double[] gy = random(r, (int) Tensor.numel(ys));
        // backward sees the float32 roundings of the parameters, so the double loss is evaluated at them too
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                p[i][j] = (float) p[i][j];
            }
        }
        DepthwiseSeparable.Gradients g = DepthwiseSeparable.backward(x, dw, db, pw, toTensor(gy, ys), spec);
        Tensor[] analytic = {g.input(), g.depthwise(), g.depthwiseBias(), g.pointwise(), g.pointwiseBias()};
        int[][] shapes = {xs, dws, {4}, pws, {3}};
        int compared = 0;
        for (int which = 0; which < p.length; which++) {
            for (int j = 0; j < p[which].length; j++) {
                double keep = p[which][j];
                double h = 1e-6;
                p[which][j] = keep + h;
                double up = loss(p, shapes, spec, gy);
                p[which][j] = keep - h;
                double down = loss(p, shapes, spec, gy);
                p[which][j] = keep;
                double numeric = (up - down) / (2 * h);
                assertThat((double) analytic[which].data()[j]).as("gradient %d[%d]", which, j)
                        .isCloseTo(numeric, within(1e-4 * (1 + Math.abs(numeric))));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(120 + 24 + 4 + 12 + 3);
    }

    @Test
    void costOfTheGuidesWorkedExample() {
        // input 7x7x3, 128 output channels, 3x3 kernels, no padding: output 5x5x128
        // standard: 128 filters of 3x3x3 = 3456 weights; 5*5 positions * 128 * 27 = 86,400 multiply-adds
        // depthwise: 3 filters of 3x3x1 = 27 weights; 5*5 * 3 * 9 = 675
        // pointwise: 128 filters of 1x1x3 = 384 weights; 5*5 * 128 * 3 = 9,600
        // separable: 411 weights, 10,275 multiply-adds: 10275 / 86400 = 1/128 + 1/9 = 0.1189
        DepthwiseSeparable.Cost c = DepthwiseSeparable.cost(new int[] {1, 3, 7, 7}, new int[] {3, 1, 3, 3},
                new int[] {128, 3, 1, 1}, ConvSpec.defaults());
        assertThat(c).isEqualTo(new DepthwiseSeparable.Cost(3456, 27, 384, 86_400, 675, 9_600));
        assertThat(c.separableParameters()).isEqualTo(411);
        assertThat(c.separableMultiplyAdds()).isEqualTo(10_275);
        assertThat(c.multiplyAddRatio()).isCloseTo(1.0 / 128 + 1.0 / 9, within(1e-15));
        assertThat(c.parameterRatio()).isCloseTo(411.0 / 3456, within(1e-15));

        // channel multiplier 2, stride 2, batch 4, unbatched shapes counted the same way per element
        DepthwiseSeparable.Cost m = DepthwiseSeparable.cost(new int[] {4, 3, 8, 8}, new int[] {6, 1, 3, 3},
                new int[] {16, 6, 1, 1}, ConvSpec.defaults().withStride(2).withPadding(1));
        // output 4x4 = 16 positions per image, 64 over the batch
        assertThat(m).isEqualTo(new DepthwiseSeparable.Cost(16 * 3 * 9, 6 * 9, 16 * 6,
                64L * 16 * 27, 64L * 6 * 9, 64L * 16 * 6));
    }

    @Test
    void errorsNameTheWeightAndTheFix() {
        Tensor x = Tensor.zeros(1, 3, 7, 7);
        Tensor pw = Tensor.zeros(8, 3, 1, 1);
        assertThatThrownBy(() -> DepthwiseSeparable.forward(x, Tensor.zeros(3, 3, 3, 3), null, pw, null,
                ConvSpec.defaults())).hasMessageContaining("depthwise weight has shape [3, 3, 3, 3]")
                .hasMessageContaining("(C*M, 1, k...)").hasMessageContaining("e.g. (3, 1, ...)");
        assertThatThrownBy(() -> DepthwiseSeparable.forward(x, Tensor.zeros(4, 1, 3, 3), null, pw, null,
                ConvSpec.defaults())).hasMessageContaining("C = 3 input channels");
        assertThatThrownBy(() -> DepthwiseSeparable.forward(x, Tensor.zeros(6, 1, 3, 3), null, pw, null,
                ConvSpec.defaults())).hasMessageContaining("pointwise weight has shape [8, 3, 1, 1]")
                .hasMessageContaining("(8, 6, 1, 1)");
        assertThatThrownBy(() -> DepthwiseSeparable.forward(x, Tensor.zeros(3, 1, 3, 3), null, Tensor.zeros(8, 3, 3, 3),
                null, ConvSpec.defaults())).hasMessageContaining("(8, 3, 1, 1)");
        assertThatThrownBy(() -> DepthwiseSeparable.forward(x, Tensor.zeros(3, 1, 3, 3), null, pw, null,
                ConvSpec.defaults().withGroups(2))).hasMessageContaining("groups 2");
        assertThatThrownBy(() -> DepthwiseSeparable.forward(x, Tensor.zeros(3, 1, 3, 3), Tensor.zeros(4), pw, null,
                ConvSpec.defaults())).hasMessageContaining("bias");
    }

    /**
     * Float results against the reference: within 1e-4 of the largest reference value. Float sums of
     * a few thousand random-signed terms stay near 1e-6 of it; a wrong channel, tap or border is off
     * by whole terms.
     */
    private static void assertClose(Tensor got, Tensor ref) {
        assertThat(got.shape()).containsExactly(ref.shape());
        double max = 0;
        for (float v : ref.data()) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(got.maxAbsDiff(ref)).isLessThanOrEqualTo(1e-4 * (1 + max));
    }

    private static double loss(double[][] p, int[][] shapes, ConvSpec spec, double[] gy) {
        int c = shapes[0][1];
        ConvProblem dp = ConvProblem.conv(shapes[0], shapes[1], spec.withGroups(c));
        DoubleTensor h = ReferenceConv.gather(dp, new DoubleTensor(p[0], shapes[0]), new DoubleTensor(p[1], shapes[1]), p[2]);
        ConvProblem pp = ConvProblem.conv(h.shape(), shapes[3], ConvSpec.defaults());
        DoubleTensor y = ReferenceConv.gather(pp, h, new DoubleTensor(p[3], shapes[3]), p[4]);
        double s = 0;
        for (int i = 0; i < gy.length; i++) {
            s += gy[i] * y.data()[i];
        }
        return s;
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    private static Tensor toTensor(double[] d, int... shape) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return Tensor.of(f, shape);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.numel(); i++) {
            s += (double) a.data()[i] * b.data()[i];
        }
        return s;
    }
}
