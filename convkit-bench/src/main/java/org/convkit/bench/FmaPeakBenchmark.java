package org.convkit.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The single-core fma peak through the Vector API: twelve independent accumulator chains, enough to
 * cover the fma latency (4 cycles) times the fma ports (2) of current x86 cores, so the loop is
 * bound by throughput, not by one chain's latency. Operands stay in registers; no memory traffic.
 * The secondary metric {@code gflop} (and {@code cpuGflops} with {@link CpuTimeProfiler}) is the peak
 * the GEMM is compared with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    private static final int STEPS = 1 << 16;

    /** Loaded from a field, so the JIT cannot fold the arithmetic. c = c*x + y settles near y/(1-x): no overflow, no subnormals. */
    public float x = 0.999f;
    public float y = 1e-3f;

    @Benchmark
    public float fma(Flops flops) {
        long started = CpuFlops.start();
        FloatVector vx = FloatVector.broadcast(SPECIES, x);
        FloatVector vy = FloatVector.broadcast(SPECIES, y);
        FloatVector c0 = vy;
        FloatVector c1 = vy.add(vy);
        FloatVector c2 = vy.add(c1);
        FloatVector c3 = vy.add(c2);
        FloatVector c4 = vy.add(c3);
        FloatVector c5 = vy.add(c4);
        FloatVector c6 = vy.add(c5);
        FloatVector c7 = vy.add(c6);
        FloatVector c8 = vy.add(c7);
        FloatVector c9 = vy.add(c8);
        FloatVector c10 = vy.add(c9);
        FloatVector c11 = vy.add(c10);
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(vx, vy);
            c1 = c1.fma(vx, vy);
            c2 = c2.fma(vx, vy);
            c3 = c3.fma(vx, vy);
            c4 = c4.fma(vx, vy);
            c5 = c5.fma(vx, vy);
            c6 = c6.fma(vx, vy);
            c7 = c7.fma(vx, vy);
            c8 = c8.fma(vx, vy);
            c9 = c9.fma(vx, vy);
            c10 = c10.fma(vx, vy);
            c11 = c11.fma(vx, vy);
        }
        double gflop = 2.0 * CHAINS * STEPS * SPECIES.length() / 1e9;
        CpuFlops.stop(started, gflop);
        flops.gflop += gflop;
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
