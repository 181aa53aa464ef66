package org.convkit.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.convkit.algo.reference.ReferenceConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.Ints;
import org.convkit.tensor.DoubleTensor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * What is drawn is what is computed: for every frame, the input cells under the window, with the
 * weight drawn on each, are exactly what the reference engine's own traversal connects to that
 * output. The traversal is asked directly, through the adjoint: a one-hot output run backwards
 * ({@link ReferenceConv#scatter} for a convolution, {@link ReferenceConv#gather} for a transposed
 * one) with all-distinct non-zero weights lands, on each input cell, the weight of the one tap
 * that reads it.
 */
class FootprintTest {
    @Property(tries = 150)
    void theDrawnWindowIsTheReferenceTraversal(@ForAll("specs") AnimationSpec spec) {
        Animation a;
        try {
            a = Animations.build(spec);
        } catch (IllegalArgumentException refused) {
            // settings the engine refuses have nothing to draw; their messages are tested elsewhere
            Statistics.collect("refused");
            return;
        }
        Statistics.collect(spec.transposed() ? "transposed" : "conv");
        Stage s = a.stages().get(0);
        boolean transposed = spec.transposed();
        int c = spec.channels();
        int f = spec.filters();
        int g = spec.groups();
        int[] k = s.kernel();
        int kv = (int) Ints.product(k);
        int[] wShape = transposed ? shape(c, f / g, k) : shape(f, c / g, k);
        double[] w = new double[(int) Ints.product(wShape)];
        for (int i = 0; i < w.length; i++) {
            w[i] = i + 1;
        }
        DoubleTensor weight = new DoubleTensor(w, wShape);
        ConvProblem p = transposed ? ConvProblem.convTranspose(shape(1, c, spec.input()), wShape, spec.convSpec())
                : ConvProblem.conv(shape(1, c, spec.input()), wShape, spec.convSpec());
        int[] out = s.outputSize();
        int outVolume = (int) Ints.product(out);
        int inVolume = (int) Ints.product(spec.input());
        for (Frame fr : a.frames()) {
            if (fr.hold()) {
                continue;
            }
            double[] oneHot = new double[f * outVolume];
            oneHot[fr.map() * outVolume + Animations.flatSpatial(fr.position(), out)] = 1;
            DoubleTensor y = new DoubleTensor(oneHot, shape(1, f, out));
            double[] reached = (transposed ? ReferenceConv.gather(p, y, weight, null)
                    : ReferenceConv.scatter(p, y, weight, null)).data();
            Map<Integer, Double> drawn = new HashMap<>();
            for (Tap t : fr.taps()) {
                if (t.kind() != CellKind.INPUT) {
                    assertThat(t.input()).isZero();
                    continue;
                }
                int[] src = s.canvas().source(t.cell());
                int cell = t.channel() * inVolume + Animations.flatSpatial(src, spec.input());
                int ki = Animations.flatSpatial(t.weightIndex(), k);
                int wi = transposed ? (t.channel() * (f / g) + fr.map() % (f / g)) * kv + ki
                        : (fr.map() * (c / g) + t.channel() % (c / g)) * kv + ki;
                assertThat(drawn.put(cell, w[wi])).as("cell drawn twice in frame %s", fr).isNull();
                assertThat(t.input()).isEqualTo(s.input(t.channel(), src));
            }
            for (int i = 0; i < reached.length; i++) {
                assertThat(reached[i]).as("input cell %d in frame %s", i, fr).isEqualTo(drawn.getOrDefault(i, 0.0));
            }
            assertThat(AnimationsTest.sumOfProducts(fr)).isEqualTo(fr.value());
        }
    }

    /** The property above must mostly draw, not mostly be refused: a test that skips is no test. */
    @Property(tries = 150)
    void mostGeneratedSpecsAreDrawn(@ForAll("specs") AnimationSpec spec) {
        boolean built;
        try {
            Animations.build(spec);
            built = true;
        } catch (IllegalArgumentException refused) {
            built = false;
        }
        Statistics.label("drawn").collect(built ? spec.transposed() : null);
        Statistics.label("drawn").coverage(c -> {
            c.check(true).percentage(pc -> pc >= 5); // about 19 % expected
            c.check(false).percentage(pc -> pc >= 25); // about 50 % expected
        });
    }

    @Provide
    Arbitrary<AnimationSpec> specs() {
        Arbitrary<Integer> dims = Arbitraries.integers().between(1, 2);
        return dims.flatMap(d -> Combinators.combine(
                Arbitraries.integers().between(1, 7).array(int[].class).ofSize(d),
                Arbitraries.integers().between(1, 4).array(int[].class).ofSize(d),
                Arbitraries.integers().between(1, 3).array(int[].class).ofSize(d),
                Arbitraries.integers().between(1, 3).array(int[].class).ofSize(d),
                Arbitraries.of("0", "1", "2", "0:1", "2:0", "valid", "same", "full", "causal"),
                Arbitraries.of(Tuple.of(1, 1, 1), Tuple.of(2, 1, 1), Tuple.of(1, 2, 1), Tuple.of(2, 2, 2),
                        Tuple.of(2, 4, 2), Tuple.of(3, 2, 1)),
                Arbitraries.of(false, true),
                Arbitraries.integers().between(0, 2))
                .as((in, k, s, dil, pad, chans, transposed, op) -> {
                    AnimationSpec spec = AnimationSpec.of(in, k).withStride(s).withDilation(dil).withPadding(pad)
                            .withChannels(chans.get1()).withFilters(chans.get2()).withGroups(chans.get3())
                            .withTransposed(transposed);
                    return transposed && op > 0 ? spec.withOutputPadding(op) : spec;
                }));
    }

    private static int[] shape(int a, int b, int[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = a;
        s[1] = b;
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }
}
