package org.convkit.algo;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.plan.Plan;
import org.convkit.plan.Planner;
import org.convkit.runtime.Scratch;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Workspaces are bounded by tiling, not by input size: one call may allocate at most
 * max(16 MiB, 10% of input + output + weights) beyond its output. Measured by the JVM's per-thread
 * allocation counters over the calling thread and every convkit worker, not by timing. The reference
 * engine is exempt (it is the plain, double-precision oracle, and says so).
 */
class MemoryBudgetTest {
    private static final long MIB = 1 << 20;

    @Test
    void theChosenAlgorithmStaysWithinBudgetOnLargeProblems() {
        // the examples: a 4096x4096 image with a 31x31 kernel, and a 3-D volume
        check(ConvProblem.conv(new int[] {1, 1, 4096, 4096}, new int[] {1, 1, 31, 31},
                ConvSpec.defaults().withPadding(Padding.same())), Pass.GATHER, null);
        check(ConvProblem.conv(new int[] {1, 32, 32, 32, 32}, new int[] {32, 32, 3, 3, 3},
                ConvSpec.defaults().withPadding(1)), Pass.GATHER, null);
        // a 3x3 layer on large images: every Winograd pass reads bands of padded rows, not a padded
        // copy of the input, and stays within budget; a dilated one copies the whole input into its
        // phases, so it declines and the planner takes a tiled algorithm
        ConvProblem large = ConvProblem.conv(new int[] {2, 64, 192, 192}, new int[] {64, 64, 3, 3},
                ConvSpec.defaults().withPadding(1));
        ConvAlgorithm winograd = Planner.algorithm(Algorithm.WINOGRAD);
        for (Pass pass : Pass.values()) {
            assertThat(winograd.unsupported(large, pass)).isNull();
            check(large, pass, winograd);
        }
        ConvProblem dilated = ConvProblem.conv(new int[] {2, 64, 192, 192}, new int[] {64, 64, 3, 3},
                ConvSpec.defaults().withPadding(2).withDilation(2));
        assertThat(winograd.unsupported(dilated, Pass.GATHER)).contains("would pass the per-call budget of 16.0 MiB");
        check(dilated, Pass.GATHER, null);
    }

    @Test
    void everyFastAlgorithmStaysWithinBudgetOnEveryPass() {
        List<ConvProblem> problems = List.of(
                ConvProblem.conv(new int[] {2, 64, 56, 56}, new int[] {64, 64, 3, 3}, ConvSpec.defaults().withPadding(1)),
                ConvProblem.conv(new int[] {1, 1, 1024, 1024}, new int[] {1, 1, 15, 15},
                        ConvSpec.defaults().withPadding(7)),
                ConvProblem.conv(new int[] {1, 32, 112, 112}, new int[] {32, 1, 3, 3},
                        ConvSpec.defaults().withPadding(1).withGroups(32)),
                ConvProblem.conv(new int[] {1, 64, 16000}, new int[] {64, 64, 2},
                        ConvSpec.defaults().withPadding(Padding.causal()).withDilation(8)),
                ConvProblem.conv(new int[] {1, 256, 56, 56}, new int[] {64, 256, 1, 1}, ConvSpec.defaults()));
        int checked = 0;
        for (ConvProblem p : problems) {
            for (Pass pass : Pass.values()) {
                for (ConvAlgorithm a : Planner.algorithms()) {
                    if (a.id() != Algorithm.REFERENCE && a.unsupported(p, pass) == null && !a.needsWeight()) {
                        check(p, pass, a);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("algorithm x pass x problem combinations measured").isGreaterThanOrEqualTo(10);
    }

    /** Runs {@code a} (or the planner's choice when null) and asserts the allocation budget. */
    private static void check(ConvProblem p, Pass pass, ConvAlgorithm a) {
        long in = Tensor.numel(p.inputShape());
        long out = Tensor.numel(p.outputShape());
        long w = Tensor.numel(p.weightShape());
        long budget = Math.max(16 * MIB, (in + out + w) * 4 / 10);
        float[] big = new float[(int) in];
        float[] small = new float[(int) out];
        float[] weight = Tensor.uniform(3, -1, 1, p.weightShape()).data();
        java.util.Arrays.fill(big, 0.5f);
        java.util.Arrays.fill(small, 0.25f);
        Plan plan = a == null ? Planner.plan(p, pass, ConvOptions.defaults(), weight)
                : Planner.plan(p, pass, ConvOptions.defaults().withAlgorithm(a.id()), weight);
        assertThat(plan.algorithm()).as("the planner may not pick the unbounded reference for %s", p.geometry())
                .isNotEqualTo(Algorithm.REFERENCE);
        plan.run(big, small, weight, null); // warm-up: lazily created per-thread buffers are not per call
        Scratch.clear(); // what the pool kept from the warm-up is allocated again and counted
        long before = allocated();
        plan.run(big, small, weight, null);
        long used = allocated() - before;
        System.out.printf("MemoryBudgetTest: %-10s %-11s %s allocated %.1f MiB (budget %.1f MiB)%n",
                plan.algorithm().label(), pass, p.geometry(), used / (double) MIB, budget / (double) MIB);
        assertThat(used).as("%s %s on %s allocated beyond its budget", plan.algorithm().label(), pass, p.geometry())
                .isLessThanOrEqualTo(budget);
    }

    /** Bytes allocated so far by this thread and every convkit worker thread. */
    private static long allocated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("convkit-worker")) {
                ids.add(t.getId());
            }
        }
        long total = 0;
        for (long v : mx.getThreadAllocatedBytes(ids.stream().mapToLong(Long::longValue).toArray())) {
            total += Math.max(0, v);
        }
        return total;
    }
}
