package org.convkit.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.convkit.runtime.Kernels;
import org.convkit.runtime.ScalarSgemm;
import org.convkit.runtime.Sgemm;
import org.convkit.simd.VectorSgemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One single-threaded {@code C = op(A) op(B)} per call, at convolution-shaped sizes (as im2col
 * lays them out: m = output channels, n = output pixels, k = input channels x kernel area) and
 * square ones. The secondary metric {@code gflop} is GFLOP/s (2mnk per call); with
 * {@code -prof org.convkit.bench.CpuTimeProfiler} also {@code cpuGflops}, per second of CPU time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SgemmBenchmark {
    /**
     * m x n x k. 64x3136x576: ResNet's first 3x3 stage (64 channels at 56x56) as a GEMM;
     * 64x3136x256: a 1x1 there; 128x784x1152: the second stage's 3x3 (128 channels at 28x28).
     */
    @Param({"64x3136x576", "64x3136x256", "128x784x1152", "256x256x256", "1024x1024x1024"})
    public String shape;

    /** vector (VectorSgemm), scalar (ScalarSgemm), or kernels (whatever Kernels chose). */
    @Param({"vector"})
    public String impl;

    /** Transposes: NN, NT, TN or TT for op(A), op(B). */
    @Param({"NN"})
    public String trans;

    private Sgemm gemm;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private double gflopPerCall;

    @Setup
    public void setUp() {
        String[] mnk = shape.split("x");
        m = Integer.parseInt(mnk[0]);
        n = Integer.parseInt(mnk[1]);
        k = Integer.parseInt(mnk[2]);
        transA = trans.charAt(0) == 'T';
        transB = trans.charAt(1) == 'T';
        gemm = switch (impl) {
            case "vector" -> new VectorSgemm();
            case "scalar" -> ScalarSgemm.INSTANCE;
            case "kernels" -> Kernels.sgemm();
            default -> throw new IllegalArgumentException("impl must be vector, scalar or kernels, not " + impl);
        };
        SplittableRandom r = new SplittableRandom(42);
        a = random(r, m * k);
        b = random(r, k * n);
        c = new float[m * n];
        gflopPerCall = 2.0 * m * n * k / 1e9;
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    @Benchmark
    public float[] multiply(Flops flops) {
        long started = CpuFlops.start();
        gemm.multiply(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n, false);
        CpuFlops.stop(started, gflopPerCall);
        flops.gflop += gflopPerCall;
        return c;
    }
}
