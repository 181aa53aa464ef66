package org.convkit.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.convkit.algo.separable.SeparableConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;

/**
 * The planner's exact rank-1 test ({@code SeparableFactors}, pivot lines, per-element ulps) and the
 * SVD's numerical rank agree on clear cases: outer products rounded to float, and random kernels.
 * Near the threshold they may differ by design (their tolerances measure different things).
 */
class PlannerAgreementTest {
    @Property(tries = 100)
    void bothFindOuterProductsRankOneAndRandomKernelsNot(@ForAll long seed) {
        Drawn drawn = draw(new SplittableRandom(seed));
        Tensor k = drawn.kernel();
        boolean outer = drawn.outer();
        int[] ks = k.shape();
        int dims = ks.length;
        int[] xs = new int[dims + 2];
        int[] ws = new int[dims + 2];
        xs[0] = 1;
        xs[1] = 1;
        ws[0] = 1;
        ws[1] = 1;
        for (int d = 0; d < dims; d++) {
            xs[2 + d] = ks[d] + 2;
            ws[2 + d] = ks[d];
        }
        boolean planner = SeparableConv.factor(ConvProblem.conv(xs, ws, ConvSpec.defaults()), k.data()) != null;
        boolean svd = Separation.of(k).rank() == 1;
        assertThat(planner).isEqualTo(outer);
        assertThat(svd).isEqualTo(outer);
    }

    /** A kernel the property draws, and whether it was made as an outer product (rank 1). */
    record Drawn(Tensor kernel, boolean outer) {
    }

    /** A 2-D or 3-D kernel of sides 2 to 6: an outer product of random factors, or uniform noise. */
    static Drawn draw(SplittableRandom r) {
        int dims = 2 + r.nextInt(2);
        int[] ks = new int[dims];
        for (int d = 0; d < dims; d++) {
            ks[d] = 2 + r.nextInt(5);
        }
        boolean outer = r.nextBoolean();
        return new Drawn(outer ? outer(r, ks) : Tensor.uniform(r.nextLong(), -1, 1, ks), outer);
    }

    private static Tensor outer(SplittableRandom r, int[] ks) {
        double[][] f = new double[ks.length][];
        for (int d = 0; d < ks.length; d++) {
            f[d] = new double[ks[d]];
            for (int i = 0; i < ks[d]; i++) {
                f[d][i] = r.nextDouble(0.1, 1) * (r.nextBoolean() ? 1 : -1);
            }
        }
        return SeparationTest.outer(f);
    }
}
