package org.convkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;

/**
 * Algebraic facts about convolution that hold for every configuration. The exact ones (bitwise
 * equalities) are facts about the reference engine, whose double accumulation makes them exact, so
 * they pin it; the fast algorithms are held to the reference by AlgorithmConformanceTest.
 */
class ConvPropertiesTest {
    private static final ConvOptions REF = ConvOptions.defaults().withAlgorithm(Algorithm.REFERENCE);

    @Property(tries = 100)
    void linearInTheInput(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dims = 1 + r.nextInt(3);
        int[] xs = shape(2, 3, dims, 4 + r.nextInt(3));
        int[] ws = shape(2, 3, dims, 1 + r.nextInt(3));
        ConvSpec spec = ConvSpec.defaults().withStride(1 + r.nextInt(2)).withPadding(r.nextInt(2))
                .withPaddingMode(PaddingMode.values()[r.nextInt(4)]);
        Tensor a = Tensor.uniform(r.nextLong(), -1, 1, xs);
        Tensor b = Tensor.uniform(r.nextLong(), -1, 1, xs);
        Tensor w = Tensor.uniform(r.nextLong(), -1, 1, ws);
        Tensor sum = a.copy();
        for (int i = 0; i < sum.numel(); i++) {
            sum.data()[i] = 2 * a.data()[i] + b.data()[i]; // exact in float: doubling is exact, one rounding
        }
        Tensor lhs = Conv.forward(sum, w, spec);
        Tensor ya = Conv.forward(a, w, spec);
        Tensor yb = Conv.forward(b, w, spec);
        for (int i = 0; i < lhs.numel(); i++) {
            double rhs = 2.0 * ya.data()[i] + yb.data()[i];
            // each side is one float rounding of an exact sum, plus the input rounding of 2a + b
            assertThat((double) lhs.data()[i]).isCloseTo(rhs, org.assertj.core.data.Offset.offset(1e-5 * 27));
        }
    }

    @Property(tries = 50)
    void identityKernelReturnsTheInput(@ForAll @IntRange(min = 1, max = 3) int dims, @ForAll long seed) {
        int[] xs = shape(2, 3, dims, 5);
        Tensor x = Tensor.uniform(seed, -1, 1, xs);
        int[] ws = shape(3, 1, dims, 3);
        Tensor w = Tensor.zeros(ws);
        int per = w.numel() / 3;
        for (int c = 0; c < 3; c++) {
            w.data()[c * per + (per - 1) / 2] = 1f;
        }
        Tensor y = Conv.forward(x, w, ConvSpec.defaults().withPadding(Padding.same()).withGroups(3));
        assertThat(y.data()).containsExactly(x.data());
    }

    @Property(tries = 100)
    void dilatedConvolutionEqualsConvolutionWithAZeroInsertedKernel(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int k = 1 + r.nextInt(3);
        int d = 1 + r.nextInt(3);
        int n = d * (k - 1) + 1 + r.nextInt(6);
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, 1, 2, n, n);
        Tensor w = Tensor.uniform(r.nextLong(), -1, 1, 3, 2, k, k);
        int span = d * (k - 1) + 1;
        Tensor wide = Tensor.zeros(3, 2, span, span);
        for (int o = 0; o < 3; o++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        wide.set(w.get(o, c, i, j), o, c, i * d, j * d);
                    }
                }
            }
        }
        ConvSpec s = ConvSpec.defaults().withStride(1 + r.nextInt(2)).withPadding(r.nextInt(2));
        Tensor a = Conv.forward(x, w, null, s.withDilation(d), REF);
        Tensor b = Conv.forward(x, wide, null, s, REF);
        // the zeros add exact zeros to a double accumulator: the sums are identical
        assertThat(a.data()).containsExactly(b.data());
    }

    @Property(tries = 60)
    void depthwiseWithMultiplierIsEachChannelConvolvedOnItsOwn(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int c = 1 + r.nextInt(4);
        int m = 1 + r.nextInt(3);
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, 2, c, 6, 5);
        Tensor w = Tensor.uniform(r.nextLong(), -1, 1, c * m, 1, 3, 3);
        ConvSpec s = ConvSpec.defaults().withPadding(1).withStride(1 + r.nextInt(2));
        Tensor y = Conv.forward(x, w, null, s.withGroups(c), REF);
        for (int ch = 0; ch < c; ch++) {
            Tensor xc = slice(x, 1, ch, 1);
            Tensor wc = slice(w, 0, ch * m, m);
            Tensor yc = Conv.forward(xc, wc, null, s, REF);
            assertThat(slice(y, 1, ch * m, m).data()).containsExactly(yc.data());
        }
    }

    @Property(tries = 60)
    void trueConvolutionIsCorrelationWithTheReversedKernel(@ForAll @IntRange(min = 1, max = 3) int dims,
                                                          @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, shape(1, 2, dims, 5));
        int[] ws = shape(2, 2, dims, 3);
        ws[ws.length - 1] = 2; // an even, asymmetric extent in the last dimension too
        Tensor w = Tensor.uniform(r.nextLong(), -1, 1, ws);
        Tensor reversed = Tensor.zeros(ws);
        int per = 1;
        for (int d = 2; d < ws.length; d++) {
            per *= ws[d];
        }
        for (int oc = 0; oc < 4; oc++) {
            for (int t = 0; t < per; t++) {
                reversed.data()[oc * per + per - 1 - t] = w.data()[oc * per + t];
            }
        }
        ConvSpec full = ConvSpec.defaults().withPadding(Padding.full());
        assertThat(Conv.forward(x, w, null, full.withFlip(true), REF).data())
                .containsExactly(Conv.forward(x, reversed, null, full, REF).data());
        // the default (fast) path flips the same way, to within its float rounding
        assertThat(Conv.forward(x, w, full.withFlip(true)).maxAbsDiff(Conv.forward(x, reversed, full)))
                .isLessThan(1e-5);
    }

    @Property(tries = 30)
    void trueConvolutionInOneDimensionMatchesTheTextbookSum(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(8);
        int k = 1 + r.nextInt(4);
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, 1, 1, n);
        Tensor w = Tensor.uniform(r.nextLong(), -1, 1, 1, 1, k);
        Tensor y = Conv.forward(x, w, ConvSpec.defaults().withPadding(Padding.full()).withFlip(true));
        assertThat(y.shape()).containsExactly(1, 1, n + k - 1);
        for (int m = 0; m < n + k - 1; m++) {
            double s = 0; // (x * w)[m] = sum_j x[m - j] w[j], as scipy.signal.convolve 'full'
            for (int j = 0; j < k; j++) {
                if (m - j >= 0 && m - j < n) {
                    s += (double) x.data()[m - j] * w.data()[j];
                }
            }
            assertThat(y.data()[m]).isEqualTo((float) s);
        }
    }

    @Property(tries = 50)
    void nanPropagatesAndIsNotAnError(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.uniform(r.nextLong(), -1, 1, 1, 1, 6, 6);
        x.set(Float.NaN, 0, 0, 2, 3);
        Tensor y = Conv.forward(x, Tensor.full(1f, 1, 1, 3, 3), ConvSpec.defaults());
        assertThat(y.get(0, 0, 0, 1)).isNaN(); // window rows 0-2, cols 1-3 holds (2,3)
        assertThat(y.get(0, 0, 3, 0)).isNotNaN(); // rows 3-5: does not
    }

    static int[] shape(int a, int b, int dims, int size) {
        int[] s = new int[dims + 2];
        s[0] = a;
        s[1] = b;
        for (int i = 0; i < dims; i++) {
            s[i + 2] = size;
        }
        return s;
    }

    /** {@code count} entries from {@code start} along dimension {@code dim} (0 or 1), copied. */
    static Tensor slice(Tensor t, int dim, int start, int count) {
        int[] s = t.shape();
        int outer = dim == 0 ? 1 : s[0];
        int inner = t.numel() / (outer * s[dim]);
        float[] out = new float[outer * count * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(t.data(), (o * s[dim] + start) * inner, out, o * count * inner, count * inner);
        }
        s[dim] = count;
        return Tensor.of(out, s);
    }
}
