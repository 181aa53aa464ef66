package org.convkit.algo;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.plan.Plan;
import org.convkit.runtime.Parallel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.convkit.Conv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Many caller threads at once: plans shared between them give every caller the bits one caller
 * alone gets, and the thread pool runs every task exactly once whoever calls.
 */
class ConcurrencyTest {
    private static final int CALLERS = 8;

    /** One problem per algorithm family, each with its input, weight and a plan made once. */
    private record Case(String name, Plan plan, float[] big, float[] weight, int outFloats) {
        float[] run() {
            float[] out = new float[outFloats];
            plan.run(big, out, weight, null);
            return out;
        }
    }

    private static Case of(String name, int[] input, int[] weightShape, ConvSpec spec, Algorithm algorithm) {
        Tensor x = Tensor.uniform(name.hashCode(), -1, 1, input);
        Tensor w = Tensor.uniform(name.hashCode() + 1, -1, 1, weightShape);
        ConvProblem p = ConvProblem.conv(input, weightShape, spec);
        Plan plan = Conv.plan(input, w, spec, ConvOptions.defaults().withAlgorithm(algorithm).withThreads(2));
        return new Case(name, plan, x.data(), w.data(), Math.toIntExact(Tensor.numel(p.outputShape())));
    }

    @Test
    void sharedPlansGiveEveryCallerTheSameBits() throws Exception {
        ConvSpec pad1 = ConvSpec.defaults().withPadding(1);
        List<Case> cases = List.of(
                of("gemm", new int[] {2, 8, 20, 20}, new int[] {8, 8, 3, 3}, pad1.withStride(2), Algorithm.GEMM),
                of("winograd", new int[] {1, 8, 24, 24}, new int[] {8, 8, 3, 3}, pad1, Algorithm.WINOGRAD),
                of("winograd-dilated", new int[] {1, 8, 24, 24}, new int[] {8, 8, 3, 3},
                        ConvSpec.defaults().withPadding(2).withDilation(2), Algorithm.WINOGRAD),
                of("depthwise", new int[] {1, 16, 30, 30}, new int[] {16, 1, 3, 3}, pad1.withGroups(16),
                        Algorithm.DEPTHWISE),
                of("pointwise", new int[] {1, 16, 30, 30}, new int[] {8, 16, 1, 1}, ConvSpec.defaults(),
                        Algorithm.POINTWISE),
                of("fft", new int[] {1, 1, 64, 64}, new int[] {1, 1, 9, 9}, ConvSpec.defaults().withPadding(4),
                        Algorithm.FFT),
                of("direct", new int[] {1, 2, 40, 40}, new int[] {2, 2, 5, 5}, ConvSpec.defaults().withPadding(2),
                        Algorithm.DIRECT));
        List<float[]> alone = new ArrayList<>();
        for (Case c : cases) {
            alone.add(c.run());
        }
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                int first = t;
                Callable<Integer> caller = () -> {
                    int compared = 0;
                    for (int round = 0; round < 6; round++) {
                        for (int i = 0; i < cases.size(); i++) {
                            int k = (first + i + round) % cases.size();
                            assertThat(cases.get(k).run()).as("%s from caller %d", cases.get(k).name(), first)
                                    .isEqualTo(alone.get(k));
                            compared++;
                        }
                    }
                    return compared;
                };
                done.add(callers.submit(caller));
            }
            int compared = 0;
            for (Future<Integer> f : done) {
                compared += f.get();
            }
            assertThat(compared).isEqualTo(CALLERS * 6 * cases.size());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void everyTaskRunsOnceWhateverTheCallersAndNesting() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<AtomicIntegerArray>> done = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                done.add(callers.submit(() -> {
                    AtomicIntegerArray hits = new AtomicIntegerArray(1000);
                    for (int round = 0; round < 50; round++) {
                        int slot = round % 10;
                        // nested calls run on the task's own thread
                        Parallel.forEach(10, 4, outer -> Parallel.forEach(10, 4,
                                inner -> hits.incrementAndGet(outer * 100 + inner * 10 + slot)));
                    }
                    return hits;
                }));
            }
            for (Future<AtomicIntegerArray> f : done) {
                AtomicIntegerArray hits = f.get();
                for (int i = 0; i < hits.length(); i++) {
                    assertThat(hits.get(i)).as("task %d", i).isEqualTo(5);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailingTaskStopsTheCallAndItsExceptionReachesTheCaller() {
        assertThatThrownBy(() -> Parallel.forEach(100, 2, i -> {
            if (i == 37) {
                throw new IllegalArgumentException("task 37");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 37");
        // the pool is still usable afterwards
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.forEach(64, 2, hits::incrementAndGet);
        for (int i = 0; i < 64; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
    }
}
