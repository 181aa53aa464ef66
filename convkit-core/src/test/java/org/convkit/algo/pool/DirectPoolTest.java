package org.convkit.algo.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.algo.reference.ReferencePool;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/** The fast pooling path against the reference: forward bit for bit, backward within float rounding. */
class DirectPoolTest {

    @Property(tries = 300)
    void agreesWithTheReference(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dims = 1 + r.nextInt(3);
        int[] shape = new int[dims + 2];
        shape[0] = 1 + r.nextInt(2);
        shape[1] = 1 + r.nextInt(3);
        int[] k = new int[dims];
        int[] s = new int[dims];
        int[] d = new int[dims];
        int[] pad = new int[dims];
        boolean max = r.nextBoolean();
        for (int i = 0; i < dims; i++) {
            shape[i + 2] = 1 + r.nextInt(dims == 3 ? 6 : 13);
            k[i] = 1 + r.nextInt(Math.min(4, shape[i + 2]));
            s[i] = 1 + r.nextInt(3);
            d[i] = max && k[i] > 1 && r.nextInt(3) == 0 ? 2 : 1;
            pad[i] = r.nextInt((d[i] * (k[i] - 1) + 1) / 2 + 1);
        }
        PoolSpec spec = (max ? PoolSpec.max(k).withDilation(d) : PoolSpec.avg(k)).withStride(s).withPadding(pad)
                .withCeilMode(r.nextBoolean()).withCountIncludePad(r.nextBoolean());
        PoolProblem p;
        try {
            p = PoolProblem.of(shape, spec);
        } catch (IllegalArgumentException e) {
            return; // the window does not fit this input
        }
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, shape);
        if (r.nextInt(5) == 0) {
            x.data()[r.nextInt(x.numel())] = Float.NaN;
        }
        if (r.nextInt(3) == 0) {
            // ties and the values where "first largest" and Math.max part: signed zeros, NaNs with
            // different bits, infinities
            float[] awkward = {0f, -0f, 1f, -1f, Float.NaN, Float.intBitsToFloat(0x7fc00123),
                Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
            for (int i = 0; i < x.numel(); i++) {
                x.data()[i] = awkward[r.nextInt(r.nextBoolean() ? 2 : awkward.length)];
            }
        }
        Tensor gy = Tensor.uniform(r.nextLong(), -1, 1, p.outputShape());
        int outN = gy.numel();
        float[] y = new float[outN];
        int[] idx = new int[outN];
        float[] gx = new float[x.numel()];
        DoubleTensor refY;
        DoubleTensor refGx;
        if (max) {
            ReferencePool.MaxPooled m = ReferencePool.max(p, DoubleTensor.of(x));
            refY = m.values();
            DirectPool.max(p, x.data(), y, idx, 1 + r.nextInt(3));
            assertThat(idx).isEqualTo(m.indices());
            float[] valuesOnly = new float[outN];
            DirectPool.max(p, x.data(), valuesOnly, null, 1 + r.nextInt(3));
            assertRawBits(valuesOnly, y);
            refGx = ReferencePool.maxBackward(p, DoubleTensor.of(gy), m.indices());
            DirectPool.maxBackward(p, gy.data(), idx, gx, 1 + r.nextInt(3));
        } else {
            refY = ReferencePool.avg(p, DoubleTensor.of(x));
            DirectPool.avg(p, x.data(), y, 1 + r.nextInt(3));
            refGx = ReferencePool.avgBackward(p, DoubleTensor.of(gy));
            DirectPool.avgBackward(p, gy.data(), gx, 1 + r.nextInt(3));
        }
        assertRawBits(y, refY.toTensor().data());
        // each input cell sums at most prod(ceil(k/s)) window shares in float: a few roundings
        double windows = 1;
        for (int i = 0; i < dims; i++) {
            windows *= (k[i] * d[i] + s[i] - 1) / s[i];
        }
        for (int i = 0; i < gx.length; i++) {
            double ref = refGx.data()[i];
            assertThat((double) gx[i]).as("backward %s cell %d", spec, i)
                    .isCloseTo(ref, org.assertj.core.data.Offset.offset((windows + 1) * 0x1p-23 * (1 + Math.abs(ref))));
        }
    }

    /** Bit for bit, NaN payloads and the sign of zero included. */
    private static void assertRawBits(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("forward, bit for bit, at %d: %s vs %s", i, actual[i],
                    expected[i]).isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }
}
