package org.convkit.algo.gemm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Parallel;
import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The GEMM algorithms' memory stays bounded: the workspace they state for the benchmark suite's
 * shapes is at most max(4M floats, 10% of input + output + weight), and what a run really allocates
 * (measured per thread by the JVM) stays within that budget and within what they state.
 */
class MemoryBoundTest {
    private static final long FOUR_M = 4L << 20;

    /** The conv and transposed-conv cases of /work/shared/bench/suite.json (train-step as its three passes). */
    static List<ConvProblem> suite() {
        List<ConvProblem> s = new ArrayList<>();
        s.add(conv(new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3}, 1, 1, 1, 1));
        s.add(conv(new int[] {1, 256, 56, 56}, new int[] {64, 256, 1, 1}, 1, 0, 1, 1));
        s.add(conv(new int[] {1, 3, 224, 224}, new int[] {64, 3, 7, 7}, 2, 3, 1, 1));
        s.add(conv(new int[] {1, 32, 112, 112}, new int[] {32, 1, 3, 3}, 1, 1, 1, 32));
        s.add(conv(new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3}, 1, 2, 2, 1));
        s.add(conv(new int[] {8, 128, 28, 28}, new int[] {128, 128, 3, 3}, 1, 1, 1, 1));
        s.add(conv(new int[] {1, 1, 1024, 1024}, new int[] {1, 1, 5, 5}, 1, 2, 1, 1));
        s.add(conv(new int[] {1, 1, 1024, 1024}, new int[] {1, 1, 15, 15}, 1, 7, 1, 1));
        s.add(conv(new int[] {1, 1, 2048, 2048}, new int[] {1, 1, 31, 31}, 1, 15, 1, 1));
        s.add(ConvProblem.convTranspose(new int[] {1, 256, 16, 16}, new int[] {256, 128, 4, 4},
                ConvSpec.defaults().withStride(2).withPadding(1)));
        s.add(ConvProblem.conv(new int[] {1, 64, 16000}, new int[] {64, 64, 2},
                ConvSpec.defaults().withDilation(8).withPadding(Padding.of(new int[] {8}, new int[] {0}))));
        s.add(conv(new int[] {1, 32, 16, 16, 16}, new int[] {32, 32, 3, 3, 3}, 1, 1, 1, 1));
        s.add(conv(new int[] {4, 64, 28, 28}, new int[] {64, 64, 3, 3}, 1, 1, 1, 1));
        return s;
    }

    private static ConvProblem conv(int[] in, int[] w, int stride, int pad, int dilation, int groups) {
        return ConvProblem.conv(in, w, ConvSpec.defaults().withStride(stride).withPadding(pad).withDilation(dilation)
                .withGroups(groups));
    }

    static long budgetFloats(ConvProblem p) {
        long io = Tensor.numel(p.inputShape()) + Tensor.numel(p.outputShape()) + Tensor.numel(p.weightShape());
        return Math.max(FOUR_M, io / 10);
    }

    @Test
    void statedWorkspaceForTheSuiteIsWithinTheBudget() {
        StringBuilder table = new StringBuilder();
        for (ConvProblem p : suite()) {
            for (ConvAlgorithm a : List.of(new GemmConv(), new PointwiseConv())) {
                for (Pass pass : Pass.values()) {
                    if (a.unsupported(p, pass) != null) {
                        continue;
                    }
                    for (int threads : new int[] {1, 2, 8, Math.max(8, Parallel.CORES)}) {
                        assertThat(a.workspaceFloats(p, pass, threads)).as("%s %s %s, %d threads", a.id(), pass,
                                p.geometry(), threads).isLessThanOrEqualTo(budgetFloats(p));
                    }
                    table.append(String.format(Locale.ROOT, "%-9s %-11s %-28s %9d floats (2 threads), %9d (8)%n",
                            a.id().label(), pass, p.geometry(), a.workspaceFloats(p, pass, 2),
                            a.workspaceFloats(p, pass, 8)));
                }
            }
        }
        System.out.print("MemoryBoundTest workspace:\n" + table);
    }

    @Test
    void aRunAllocatesNoMoreThanItsWorkspaceBeyondTheOutput() {
        List<ConvProblem> problems = List.of(
                conv(new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3}, 1, 1, 1, 1),
                conv(new int[] {1, 1, 512, 512}, new int[] {1, 1, 15, 15}, 1, 7, 1, 1),
                conv(new int[] {1, 8, 12, 12, 12}, new int[] {8, 8, 3, 3, 3}, 1, 1, 1, 1),
                ConvProblem.convTranspose(new int[] {1, 64, 16, 16}, new int[] {64, 32, 4, 4},
                        ConvSpec.defaults().withStride(2).withPadding(1)),
                conv(new int[] {2, 64, 28, 28}, new int[] {32, 64, 1, 1}, 1, 0, 1, 1));
        for (ConvProblem p : problems) {
            float[] big = Tensor.uniform(1, -1, 1, p.bigShape()).data();
            float[] small = Tensor.uniform(2, -1, 1, p.smallShape()).data();
            float[] weight = Tensor.uniform(3, -1, 1, p.weightShape()).data();
            for (ConvAlgorithm a : List.of(new GemmConv(), new PointwiseConv())) {
                for (Pass pass : Pass.values()) {
                    if (a.unsupported(p, pass) != null) {
                        continue;
                    }
                    int threads = 2;
                    a.run(p, pass, big, small, weight, null, threads); // warm-up: classes, JIT, pool threads
                    long[] ids = threadsToWatch();
                    long before = allocated(ids);
                    a.run(p, pass, big, small, weight, null, threads);
                    long bytes = allocated(ids) - before;
                    long stated = 4 * a.workspaceFloats(p, pass, threads);
                    System.out.printf(Locale.ROOT, "MemoryBoundTest allocation: %-9s %-11s %-26s %9d bytes, stated %9d%n",
                            a.id().label(), pass, p.geometry(), bytes, stated);
                    assertThat(bytes).as("%s %s %s", a.id(), pass, p.geometry())
                            .isLessThanOrEqualTo(4 * budgetFloats(p))
                            // bookkeeping objects (tasks, futures, lambdas) besides the stated arrays
                            .isLessThanOrEqualTo(stated + 16 * 1024);
                }
            }
        }
    }

    /** This thread and every convkit worker (found once: listing threads allocates). */
    private static long[] threadsToWatch() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(Thread.currentThread()),
                        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("convkit-worker")))
                .mapToLong(Thread::getId).toArray();
    }

    /** Bytes allocated so far by these threads. */
    private static long allocated(long[] ids) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : ids) {
            total += Math.max(0, mx.getThreadAllocatedBytes(id));
        }
        return total;
    }
}
