package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tuning rescales the cost models, is written whole and read back, and steers the planner. */
class TuningTest {
    private static final ConvProblem RESNET = ConvProblem.conv(new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3},
            ConvSpec.defaults().withPadding(Padding.of(1, 1)));

    @Test
    void testsPlanWithTheReferenceTuning() {
        assertThat(Tuning.active().isReference()).as("surefire sets -Dconvkit.tuning=reference").isTrue();
        assertThat(Tuning.reference().scale(Algorithm.WINOGRAD, Pass.GATHER)).isEqualTo(1.0);
    }

    @Test
    void aScaledAlgorithmLosesTheChoiceItWouldWin(@TempDir Path dir) throws Exception {
        ConvOptions o = ConvOptions.defaults().withThreads(1).withTuning(Tuning.reference());
        Algorithm first = Planner.plan(RESNET, Pass.GATHER, o).algorithm();
        Map<Algorithm, double[]> scales = new EnumMap<>(Algorithm.class);
        scales.put(first, new double[] {1000, 1000, 1000});
        Tuning slow = Tuning.of(scales, "test");
        Plan p = Planner.plan(RESNET, Pass.GATHER, o.withTuning(slow));
        assertThat(p.algorithm()).isNotEqualTo(first);
        assertThat(p.explain()).contains("timings: test");

        Path file = dir.resolve("t.properties");
        slow.write(file);
        Tuning back = Tuning.read(file);
        assertThat(back.scale(first, Pass.SCATTER)).isEqualTo(1000.0);
        assertThat(back.scale(Algorithm.FFT, Pass.GATHER)).isEqualTo(1.0);
        assertThat(Files.list(dir)).containsExactly(file); // no temporary file left behind
    }

    @Test
    void scalesMustBePositive() {
        Map<Algorithm, double[]> bad = new EnumMap<>(Algorithm.class);
        bad.put(Algorithm.GEMM, new double[] {1, 0, 1});
        assertThatThrownBy(() -> Tuning.of(bad, "x")).hasMessageContaining("gemm").hasMessageContaining("positive");
    }

    @Test
    void theCalibrationSetRunsOnEveryAlgorithmItNames() {
        for (TuningMeasurement.Case c : TuningMeasurement.cases()) {
            ConvAlgorithm a = Planner.algorithm(c.algorithm());
            if (c.algorithm() == Algorithm.SEPARABLE || c.algorithm() == Algorithm.FFT && c.pass() != Pass.GATHER) {
                continue; // decided by the weight, or not a pass every build has
            }
            assertThat(a.unsupported(c.problem(), c.pass())).as("%s %s", c.algorithm(), c.pass()).isNull();
        }
    }
}
