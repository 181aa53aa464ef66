package org.convkit.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.convkit.runtime.ScalarSgemm;

/** Random shapes and storage: VectorSgemm equals the fma chain bitwise and its scalar twin within budget. */
class VectorSgemmPropertyTest {
    private static final VectorSgemm GEMM = new VectorSgemm();

    @Property(tries = 150)
    void agreesWithTheOracleAndTheScalarTwin(@ForAll @IntRange(min = 0, max = 70) int m,
                                             @ForAll @IntRange(min = 0, max = 150) int n,
                                             @ForAll @IntRange(min = 0, max = 300) int k,
                                             @ForAll boolean transA, @ForAll boolean transB,
                                             @ForAll boolean accumulate, @ForAll long seed) {
        GemmProblem p = new GemmProblem(new SplittableRandom(seed), transA, transB, m, n, k, accumulate);
        float[] got = p.run(GEMM);
        assertThat(GemmCheck.bitwise(p, p.run(FmaChainSgemm.INSTANCE), got)).isNull();
        assertThat(GemmCheck.withinBudget(p, p.run(ScalarSgemm.INSTANCE), got)).isNull();
    }
}
