package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;

/**
 * Measures a {@link Tuning} on this machine: each algorithm runs each pass it has on a few problems
 * of the class it is made for, on one thread, and its scale is the geometric mean of measured time
 * over its cost model's estimate. Times are thread CPU time (steadier than wall time on a shared
 * machine), medians of several calls, taken only once the JIT has settled: every case first runs
 * for a while (the first second or two of a Vector API kernel run uncompiled, ten times slower),
 * then each is repeated until two successive medians of five agree within 10%, twice, and the faster
 * kept. The data are seeded, so the same machine and JVM give the
 * same problems and, up to timing noise, the same tuning. Takes some tens of seconds.
 */
public final class TuningMeasurement {
    /** The most CPU seconds one case is timed for once warm. */
    static final double MAX_SECONDS_PER_CASE = 3.0;
    /** Warm-up: every case runs for this much CPU time, this many rounds, before any is timed. */
    static final long WARM_NANOS = 400_000_000L;
    static final int WARM_ROUNDS = 2;
    /** Each case is timed this many times, the fastest kept. */
    static final int TIMED_ROUNDS = 2;

    private final long seed;
    private final Consumer<String> progress;

    /**
     * A measurement of this machine.
     *
     * @param seed seeds the problems' data, so that a machine measures the same problems each time
     * @param progress told a line per case measured (may be a no-op)
     */
    public TuningMeasurement(long seed, Consumer<String> progress) {
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * One calibration problem: the algorithm, the pass, the problem and the weight to run it with
     * (a rank-1 weight for the separable algorithm).
     */
    record Case(Algorithm algorithm, Pass pass, ConvProblem problem, boolean rankOne) {
    }

    /** The calibration set: typical problems of each algorithm's class, small enough to time quickly. */
    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        ConvProblem conv3 = conv(new int[] {1, 32, 40, 40}, new int[] {32, 32, 3, 3}, 1, 1);
        ConvProblem conv3s2 = conv(new int[] {1, 32, 40, 40}, new int[] {64, 32, 3, 3}, 2, 1);
        ConvProblem small = conv(new int[] {1, 128, 7, 7}, new int[] {128, 128, 3, 3}, 1, 1);
        ConvProblem narrow = conv(new int[] {8, 16, 28, 28}, new int[] {16, 16, 3, 3}, 1, 1);
        ConvProblem depth = ConvProblem.conv(new int[] {1, 32, 56, 56}, new int[] {32, 1, 3, 3},
                ConvSpec.defaults().withPadding(Padding.of(1, 1)).withGroups(32));
        ConvProblem image5 = conv(new int[] {1, 1, 256, 256}, new int[] {1, 1, 5, 5}, 1, 2);
        ConvProblem image15 = conv(new int[] {1, 1, 192, 192}, new int[] {1, 1, 15, 15}, 1, 7);
        for (Pass pass : Pass.values()) {
            c.add(new Case(Algorithm.GEMM, pass, conv3, false));
            c.add(new Case(Algorithm.GEMM, pass, conv3s2, false));
            c.add(new Case(Algorithm.GEMM, pass, small, false));
            // the implicit GEMM on the GEMM's problems and a 16-channel batch, so that the two are
            // scaled alike (a strided transposed pass is not its kind)
            c.add(new Case(Algorithm.IMPLICIT, pass, conv3, false));
            if (pass != Pass.SCATTER) {
                c.add(new Case(Algorithm.IMPLICIT, pass, conv3s2, false));
            }
            if (pass != Pass.WEIGHT_GRAD) {
                c.add(new Case(Algorithm.IMPLICIT, pass, small, false)); // a 7x7 map's gradient is not its kind
            }
            c.add(new Case(Algorithm.IMPLICIT, pass, narrow, false));
            c.add(new Case(Algorithm.WINOGRAD, pass, conv3, false));
            c.add(new Case(Algorithm.WINOGRAD, pass, small, false));
            // and where few channels make its transforms and packing outweigh the products, as the
            // implicit GEMM is measured there: calibrated on 32 and 128 channels alone, Winograd's
            // weight gradient of a 16-channel batch was taken at 1.4x the implicit GEMM's time
            c.add(new Case(Algorithm.WINOGRAD, pass, narrow, false));
            c.add(new Case(Algorithm.DEPTHWISE, pass, depth, false));
            c.add(new Case(Algorithm.FFT, pass, image15, false));
        }
        // direct's one scale covers its three uses (filters, grouped layers, strided layers): calibrated
        // on the filter alone it made strided 256-channel layers look 3x cheaper than they run, and
        // the planner took them off the GEMM at 40x the time
        ConvProblem grouped = ConvProblem.conv(new int[] {1, 64, 28, 28}, new int[] {64, 4, 3, 3},
                ConvSpec.defaults().withPadding(Padding.of(1, 1)).withGroups(16));
        c.add(new Case(Algorithm.DIRECT, Pass.GATHER, image5, false));
        c.add(new Case(Algorithm.DIRECT, Pass.GATHER, grouped, false));
        c.add(new Case(Algorithm.DIRECT, Pass.GATHER, conv3s2, false));
        c.add(new Case(Algorithm.SEPARABLE, Pass.GATHER, image15, true));
        return c;
    }

    private static ConvProblem conv(int[] in, int[] w, int stride, int pad) {
        int d = in.length - 2;
        int[] s = new int[d];
        Arrays.fill(s, stride);
        return ConvProblem.conv(in, w, ConvSpec.defaults().withStride(s).withPadding(Padding.of(pad, pad)));
    }

    /**
     * Measures every case this build can run and returns the tuning.
     *
     * @return the measured tuning (its scales relative to the development machine)
     */
    public Tuning measure() {
        List<Case> runnable = new ArrayList<>();
        List<Data> data = new ArrayList<>();
        for (Case k : cases()) {
            ConvAlgorithm a = Planner.algorithm(k.algorithm);
            Data d = new Data(k, seed);
            if (a.unsupported(k.problem, k.pass) == null && a.unsupportedWeight(k.problem, k.pass, d.weight) == null) {
                runnable.add(k);
                data.add(d);
            }
        }
        // every kernel is compiled before anything is timed: timing a case while the JIT still works
        // on it measured Winograd 5x and depthwise 3x slower than they run
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < WARM_ROUNDS; round++) {
            for (int i = 0; i < runnable.size(); i++) {
                progress.accept("warming up (" + (round + 1) + "/" + WARM_ROUNDS + "): " + runnable.get(i).algorithm.label()
                        + " " + runnable.get(i).pass.name().toLowerCase(Locale.ROOT));
                long start = mx.getCurrentThreadCpuTime();
                int calls = 0;
                while (calls < 3 || mx.getCurrentThreadCpuTime() - start < WARM_NANOS) {
                    data.get(i).run(Planner.algorithm(runnable.get(i).algorithm));
                    calls++;
                }
            }
        }
        // the best of rounds over the whole set: a slow spell of a shared machine, or a kernel still
        // being compiled, once measured a GEMM 8x slower than it runs
        double[] measured = new double[runnable.size()];
        Arrays.fill(measured, Double.POSITIVE_INFINITY);
        for (int round = 0; round < TIMED_ROUNDS; round++) {
            for (int i = 0; i < runnable.size(); i++) {
                measured[i] = Math.min(measured[i], time(Planner.algorithm(runnable.get(i).algorithm), data.get(i)));
            }
        }
        Map<Algorithm, List<double[]>> ratios = new EnumMap<>(Algorithm.class);
        for (int i = 0; i < runnable.size(); i++) {
            Case k = runnable.get(i);
            ConvAlgorithm a = Planner.algorithm(k.algorithm);
            double model = a.cost(k.problem, k.pass, 1);
            double ratio = measured[i] / model;
            ratios.computeIfAbsent(k.algorithm, x -> new ArrayList<>()).add(new double[] {k.pass.ordinal(), ratio});
            progress.accept(String.format(Locale.ROOT, "%-10s %-11s %-32s model %9.1f us, measured %9.1f us, x%.2f",
                    k.algorithm.label(), k.pass.name().toLowerCase(Locale.ROOT), k.problem.geometry(), model / 1e3,
                    measured[i] / 1e3, ratio));
        }
        return fromRatios(ratios);
    }

    /**
     * The tuning from each algorithm's measured-over-model ratios, as {pass ordinal, ratio} pairs:
     * per pass their geometric mean, and pointwise the GEMM's.
     */
    static Tuning fromRatios(Map<Algorithm, List<double[]>> ratios) {
        Map<Algorithm, double[]> scales = new EnumMap<>(Algorithm.class);
        for (Map.Entry<Algorithm, List<double[]>> e : ratios.entrySet()) {
            scales.put(e.getKey(), perPass(e.getValue()));
        }
        // pointwise is the GEMM's multiply without the lowering: the same scale, so that the choice
        // between them on a 1x1 layer is their models' (the lowering), not the noise of two scales
        // measured on different problems. Scaled on its own 1x1 problem, the tuned planner gave four
        // 1x1 layers to the GEMM on which pointwise was 1.10-1.24x faster (it was no slower on 10 of
        // the zoo's 11).
        if (scales.containsKey(Algorithm.GEMM)) {
            scales.put(Algorithm.POINTWISE, scales.get(Algorithm.GEMM).clone());
        }
        return Tuning.of(scales, "measured on this machine");
    }

    /** Geometric mean per pass; a pass never measured takes the mean of those that were. */
    private static double[] perPass(List<double[]> ratios) {
        double[] logSum = new double[3];
        int[] n = new int[3];
        double all = 0;
        for (double[] r : ratios) {
            logSum[(int) r[0]] += Math.log(r[1]);
            n[(int) r[0]]++;
            all += Math.log(r[1]);
        }
        double mean = Math.exp(all / ratios.size());
        double[] s = new double[3];
        for (int p = 0; p < 3; p++) {
            s[p] = n[p] == 0 ? mean : Math.exp(logSum[p] / n[p]);
        }
        return s;
    }

    /** Median thread-CPU nanoseconds of one call, once the JIT has settled (see the class comment). */
    private static double time(ConvAlgorithm a, Data d) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long start = mx.getCurrentThreadCpuTime();
        double previous = Double.NaN;
        double[] batch = new double[5];
        while (true) {
            for (int i = 0; i < batch.length; i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                d.run(a);
                batch[i] = mx.getCurrentThreadCpuTime() - t0;
            }
            Arrays.sort(batch);
            double median = batch[batch.length / 2];
            boolean settled = Math.abs(median - previous) <= 0.1 * Math.min(median, previous);
            if (settled || (mx.getCurrentThreadCpuTime() - start) / 1e9 > MAX_SECONDS_PER_CASE) {
                return Math.min(median, Double.isNaN(previous) ? median : previous);
            }
            previous = median;
        }
    }

    /** Seeded data for one case. */
    private static final class Data {
        final Case k;
        final float[] big;
        final float[] small;
        final float[] weight;
        final float[] bias;

        Data(Case k, long seed) {
            this.k = k;
            ConvProblem p = k.problem;
            big = Tensor.uniform(seed, -1, 1, p.inputShape()).data();
            small = Tensor.uniform(seed + 1, -1, 1, p.outputShape()).data();
            weight = k.rankOne ? rankOne(p.weightShape()) : Tensor.uniform(seed + 2, -1, 1, p.weightShape()).data();
            bias = null;
        }

        void run(ConvAlgorithm a) {
            a.run(k.problem, k.pass, big, small, weight, bias, 1);
        }

        private static float[] rankOne(int[] shape) {
            int kh = shape[shape.length - 2];
            int kw = shape[shape.length - 1];
            float[] w = new float[Math.toIntExact(Tensor.numel(shape))];
            for (int i = 0; i < w.length; i++) {
                int y = i / kw % kh;
                int x = i % kw;
                w[i] = (float) (Math.exp(-(y - kh / 2.0) * (y - kh / 2.0) / 8) * Math.exp(-(x - kw / 2.0) * (x - kw / 2.0) / 8));
            }
            return w;
        }
    }
}
