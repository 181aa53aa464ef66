package org.convkit.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.convkit.fft.RealFft;
import org.jtransforms.fft.DoubleFFT_2D;
import org.jtransforms.fft.DoubleFFT_3D;
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

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * One forward and one inverse real transform of a grid per call, double precision: the project's
 * FFT ({@link RealFft}, half spectrum) against JTransforms 3.1, the pure-Java library it was
 * weighed against. JTransforms' {@code realForward}/{@code realInverse} (its packed half spectrum)
 * take powers of two only; for other sizes its best call is {@code realForwardFull} (the whole
 * spectrum) and {@code complexInverse}, which is what a padded deconvolution grid would need.
 * {@code threads} is each side's own thread count (JTransforms' ConcurrencyUtils for it).
 *
 * <pre>java -jar convkit-bench/target/benchmarks.jar FftBenchmark -p threads=2</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FftBenchmark {
    /** The sizes of the deconvolution benchmark (powers of two) and the 5-smooth grids its padding gives. */
    @Param({"512x512", "1024x1024", "2048x2048", "128x128x128", "576x576", "1080x1080", "2160x2160", "150x150x150"})
    public String shape;

    /** convkit (RealFft) or jtransforms. */
    @Param({"convkit", "jtransforms"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private int[] dims;
    private double[] x;
    private double[] spectrum;
    private double[] out;
    private RealFft fft;
    private DoubleFFT_2D jt2;
    private DoubleFFT_3D jt3;
    private boolean packed;

    @Setup
    public void setUp() {
        dims = Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        int v = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        SplittableRandom r = new SplittableRandom(1);
        x = new double[v];
        for (int i = 0; i < v; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        out = new double[v];
        packed = Arrays.stream(dims).allMatch(d -> Integer.bitCount(d) == 1);
        if (impl.equals("convkit")) {
            fft = new RealFft(dims, threads);
            spectrum = new double[fft.spectrumDoubles()];
        } else if (impl.equals("jtransforms")) {
            ConcurrencyUtils.setNumberOfThreads(threads);
            if (dims.length == 2) {
                jt2 = new DoubleFFT_2D(dims[0], dims[1]);
            } else {
                jt3 = new DoubleFFT_3D(dims[0], dims[1], dims[2]);
            }
            spectrum = new double[packed ? v : 2 * v];
        } else {
            throw new IllegalArgumentException("impl must be convkit or jtransforms, got " + impl);
        }
    }

    @Benchmark
    public double forwardInverse() {
        if (fft != null) {
            fft.forward(x, spectrum);
            fft.inverse(spectrum, out);
            return out[0];
        }
        if (packed) {
            System.arraycopy(x, 0, spectrum, 0, x.length);
            if (jt2 != null) {
                jt2.realForward(spectrum);
                jt2.realInverse(spectrum, true);
            } else {
                jt3.realForward(spectrum);
                jt3.realInverse(spectrum, true);
            }
            return spectrum[0];
        }
        System.arraycopy(x, 0, spectrum, 0, x.length);
        if (jt2 != null) {
            jt2.realForwardFull(spectrum);
            jt2.complexInverse(spectrum, true);
        } else {
            jt3.realForwardFull(spectrum);
            jt3.complexInverse(spectrum, true);
        }
        return spectrum[0];
    }
}
