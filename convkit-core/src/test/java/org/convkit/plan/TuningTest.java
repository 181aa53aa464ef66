package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
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

    /**
     * Pointwise is the GEMM's multiply without the lowering: measured apart, their two scales' noise
     * decided 1x1 layers (the tuned planner gave four to the GEMM where pointwise was faster).
     */
    @Test
    void pointwiseTakesTheGemmsScaleNotOneOfItsOwn() {
        Map<Algorithm, List<double[]>> ratios = new EnumMap<>(Algorithm.class);
        ratios.put(Algorithm.GEMM, List.of(new double[] {Pass.GATHER.ordinal(), 0.5},
                new double[] {Pass.GATHER.ordinal(), 2.0}, new double[] {Pass.SCATTER.ordinal(), 0.8}));
        ratios.put(Algorithm.POINTWISE, List.of(new double[] {Pass.GATHER.ordinal(), 3.0}));
        ratios.put(Algorithm.WINOGRAD, List.of(new double[] {Pass.GATHER.ordinal(), 1.5}));
        Tuning t = TuningMeasurement.fromRatios(ratios);
        // per pass the geometric mean; a pass never measured takes the mean of all
        assertThat(t.scale(Algorithm.GEMM, Pass.GATHER)).isCloseTo(1.0, within(1e-12));
        assertThat(t.scale(Algorithm.GEMM, Pass.SCATTER)).isCloseTo(0.8, within(1e-12));
        assertThat(t.scale(Algorithm.GEMM, Pass.WEIGHT_GRAD)).isCloseTo(Math.cbrt(0.8), within(1e-12));
        for (Pass pass : Pass.values()) {
            assertThat(t.scale(Algorithm.POINTWISE, pass)).as("%s", pass).isEqualTo(t.scale(Algorithm.GEMM, pass));
        }
        assertThat(t.scale(Algorithm.WINOGRAD, Pass.GATHER)).isCloseTo(1.5, within(1e-12));
        // without a GEMM measured, pointwise keeps what was measured of it
        ratios.remove(Algorithm.GEMM);
        assertThat(TuningMeasurement.fromRatios(ratios).scale(Algorithm.POINTWISE, Pass.GATHER)).isCloseTo(3.0,
                within(1e-12));
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
