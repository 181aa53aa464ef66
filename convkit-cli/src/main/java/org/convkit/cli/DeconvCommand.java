package org.convkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.convkit.deconv.DeconvSettings;
import org.convkit.deconv.Deconvolved;
import org.convkit.deconv.LeastSquares;
import org.convkit.deconv.Penalty;
import org.convkit.deconv.RichardsonLucy;
import org.convkit.deconv.SpectralFilter;
import org.convkit.deconv.Tikhonov;
import org.convkit.deconv.Uniqueness;
import org.convkit.deconv.Wiener;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.tensor.Tensor;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convkit deconv}: the true inverse of a blur (a PSF) or of a convolution layer (its weights). */
@Command(name = "deconv", sortOptions = false,
        description = {
            "Deconvolve Y: recover the signal a convolution was applied to (the true",
            "inverse; 'convt' is only the adjoint).",
            "With --psf: undo a blur of (L), (H,W) or (D,H,W) signals, with or without a",
            "leading channel dimension; the blur is a true convolution with the PSF",
            "centered at floor(k/2) (scikit-image's convention for odd sizes).",
            "With --weight: recover a convolution layer's input (conv's options).",
            "Prints one line: method, regularization, residual ||C X - Y|| / ||Y|| (with",
            "--psf: over the transform's grid, the signal and its border extension) and",
            "the time spent computing (file I/O and JVM start-up excluded). When many",
            "inputs give Y (fewer outputs than inputs, or cells no window reads), a second",
            "line says so: least squares then returns the one of least norm."},
        footer = {"",
            "Methods:",
            "  wiener           X = conj(H) Y / (|H|^2 + NSR); --regularization is the NSR",
            "                   (default: estimated from Y, noise variance from the median",
            "                   absolute Laplacian over the signal's variance)",
            "  tikhonov         X = conj(H) Y / (|H|^2 + lambda |P|^2), P the Laplacian",
            "                   (or --penalty identity)",
            "  richardson-lucy  --iterations multiplicative updates (default 50), stays",
            "                   nonnegative; --tv adds total variation (e.g. 0.002)",
            "  least-squares    conjugate gradients on the normal equations, up to",
            "                   --iterations (default 500) or --tolerance; --regularization",
            "                   adds lambda ||X||^2",
            "",
            "Examples:",
            "  convkit deconv --method wiener --input y.npy --psf psf.npy --output x.npy",
            "  convkit deconv --method richardson-lucy --tv 0.002 --input y.npy \\",
            "      --psf psf.npy --output x.npy",
            "  convkit deconv --method least-squares --input y.npy --weight w.npy \\",
            "      --stride 2 --padding 1 --output x.npy"})
final class DeconvCommand implements Callable<Integer> {
    @Option(names = "--method", required = true, paramLabel = "M",
            description = "wiener, tikhonov, richardson-lucy or least-squares.")
    String method;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "Y.npy",
            description = "The observed signal: the blurred one, or the layer's output.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "X.npy",
            description = "Where to write the estimate (float32, written atomically).")
    Path output;

    @Option(names = "--psf", paramLabel = "PSF.npy",
            description = "The blur's point spread function, with as many dimensions as the signal has spatial ones.")
    Path psf;

    @Option(names = "--border", paramLabel = "B",
            description = "Beyond the edges: reflect (default), replicate, zeros, or circular for a blur known to wrap.")
    String border;

    @Option(names = "--penalty", paramLabel = "P", description = "Tikhonov's operator: laplacian (default) or identity.")
    String penalty;

    @Option(names = "--tv", paramLabel = "L", description = "Richardson-Lucy's total-variation weight (default 0: none).")
    Double tv;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Richardson-Lucy's iterations (default 50); least squares' maximum (default 500).")
    Integer iterations;

    @Option(names = "--regularization", paramLabel = "L",
            description = "Wiener's NSR, Tikhonov's or least squares' lambda (>= 0).")
    Double regularization;

    @Option(names = {"-w", "--weight"}, paramLabel = "W.npy",
            description = "The convolution layer's weight (C_out, C_in/groups, k...).")
    Path weight;

    @Option(names = "--bias", paramLabel = "B.npy", description = "The layer's bias, subtracted from Y first.")
    Path bias;

    @Mixin
    LayerOptions layer;

    @Option(names = "--flip", description = "The layer is a true convolution (kernel reversed), as 'conv --flip'.")
    boolean flip;

    @Option(names = "--input-shape", paramLabel = "N,C,...",
            description = "The layer's input shape. Default: the smallest input giving Y's shape (7x7 for a 4x4 Y "
                    + "at stride 2 with 'same' padding); with stride s, up to s-1 larger inputs give the same "
                    + "output: give it then.")
    String inputShape;

    @Option(names = "--tolerance", paramLabel = "T",
            description = "Least squares stops when ||C^T(Y - CX) - L X|| falls below T times ||C^T Y|| (default 1e-6).")
    Double tolerance;

    @Option(names = "--exact",
            description = "Least squares: apply the layer in double precision (reference loops; slow) instead of float32.")
    boolean exact;

    @Mixin
    EngineOptions engine;

    @Mixin
    TileOptions tiles;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Compute N times and report the first run's time and the median of the others, which "
                    + "the JIT has compiled (for benchmarks; default ${DEFAULT-VALUE}). Wiener and Tikhonov prepare "
                    + "their filter (the PSF's spectrum, the transform plan) in the first run and reuse it, as for a "
                    + "batch of images.")
    int repeat;

    @Spec
    CommandSpec spec;

    /** The methods, and the options that only make sense for some of them. */
    private enum Method {
        WIENER("wiener", "--border", "--regularization", "--threads", "--tile"),
        TIKHONOV("tikhonov", "--border", "--regularization", "--penalty", "--threads", "--tile"),
        RICHARDSON_LUCY("richardson-lucy", "--border", "--iterations", "--tv", "--threads", "--tile"),
        LEAST_SQUARES("least-squares", "--iterations", "--regularization", "--bias", "--stride", "--padding",
                "--dilation", "--groups", "--padding-mode", "--flip", "--input-shape", "--tolerance", "--exact",
                "--algorithm", "--threads");

        static final List<String> OPTIONAL = List.of("--border", "--regularization", "--penalty", "--iterations",
                "--tv", "--bias", "--stride", "--padding", "--dilation", "--groups", "--padding-mode", "--flip",
                "--input-shape", "--tolerance", "--exact", "--algorithm", "--threads", "--tile");

        final String label;
        final List<String> accepts;

        Method(String label, String... accepts) {
            this.label = label;
            this.accepts = List.of(accepts);
        }

        static Method parse(String s) {
            for (Method m : values()) {
                if (m.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("method '" + s + "' is not one of wiener, tikhonov, richardson-lucy, "
                    + "least-squares");
        }
    }

    @Override
    public Integer call() {
        Method m = Method.parse(method);
        checkOptions(m);
        NpyFiles.checkNpyOutput("--output", output);
        PrintWriter out = spec.commandLine().getOut();
        ProgressBar bar = ProgressBar.onTerminal(out, "deconv " + m.label);
        Timer timer = new Timer(repeat, bar);
        String line;
        String note = null;
        Tensor x;
        if (m == Method.LEAST_SQUARES) {
            Tensor y = NpyFiles.read(input);
            Tensor w = NpyFiles.read(weight);
            Tensor b = NpyFiles.read(bias);
            ConvSpec convSpec = layer.spec().withFlip(flip);
            int[] shape = inputShape == null ? null : Ints.parseList("input shape", inputShape);
            LeastSquares.Settings s = LeastSquares.Settings.defaults()
                    .withListener(new IterationProgress(bar, "normal residual", 1));
            if (iterations != null) {
                s = s.withMaxIterations(iterations);
            }
            if (tolerance != null) {
                s = s.withTolerance(tolerance);
            }
            if (regularization != null) {
                s = s.withRegularization(regularization);
            }
            var options = exact ? null : engine.toOptions();
            LeastSquares.Settings settings = s;
            LeastSquares.Inversion inv = timer.time(() -> LeastSquares.invert(y, w, b, convSpec, shape, options, settings));
            x = inv.input();
            LeastSquares.Solution sol = inv.solution();
            line = "least-squares " + Arrays.toString(y.shape()) + " through weight " + Arrays.toString(w.shape())
                    + " -> " + Arrays.toString(x.shape()) + ": " + sol.iterations() + " iterations"
                    + (sol.converged() ? "" : " (tolerance not reached)") + ", lambda " + sci(s.regularization())
                    + ", residual " + sci(sol.residual()) + ", normal residual " + sci(sol.normalResidual());
            note = ambiguity(x.shape(), w, convSpec, s.regularization());
        } else {
            Tensor p = NpyFiles.read(psf);
            // Richardson-Lucy iterates each channel in turn: (C, spatial...) when Y has a dimension more than the PSF
            int[] yShape = NpyFiles.shape(input);
            int channels = yShape.length > p.shape().length ? yShape[0] : 1;
            DeconvSettings s = DeconvSettings.defaults().withListener(new IterationProgress(bar, "change", channels));
            if (border != null) {
                s = s.withBorder(PaddingModes.parse("--border", border));
            }
            if (regularization != null) {
                s = s.withRegularization(regularization);
            }
            if (penalty != null) {
                s = s.withPenalty(Penalty.parse(penalty));
            }
            if (iterations != null) {
                s = s.withIterations(iterations);
            }
            if (tv != null) {
                s = s.withTotalVariation(tv);
            }
            if (engine.threads != null) {
                s = s.withThreads(engine.threads);
            }
            DeconvSettings settings = s;
            int[] shape = yShape;
            if (tiles.streams(TileOptions.cells(shape), TileOptions.cells(shape))) {
                bar.clear();
                out.println(new TiledDeconvolution(m.label, shape, p, s, (w, ws) -> deconvolve(m, w, p, ws))
                        .run(tiles, TileOptions.threads(engine.threads), input, output, out));
                return 0;
            }
            Tensor y = NpyFiles.read(input);
            Deconvolved d = timer.time(runs(m, y, p, settings));
            x = d.estimate();
            String reg = switch (m) {
                case WIENER -> "nsr " + sci(d.regularization());
                case TIKHONOV -> "lambda " + sci(d.regularization()) + " (" + (penalty == null ? "laplacian" : penalty) + ")";
                default -> d.iterations() + " iterations, tv " + sci(d.regularization());
            };
            line = m.label + " " + Arrays.toString(y.shape()) + " with PSF " + Arrays.toString(p.shape()) + ", border "
                    + s.border() + ": " + reg + (m != Method.RICHARDSON_LUCY && s.automaticRegularization()
                    ? " (estimated)" : "") + ", residual " + sci(d.residual());
        }
        bar.clear();
        NpyFiles.write(output, x);
        out.println(line + ", " + timer.report() + "; written to " + output);
        if (note != null) {
            out.println(note);
        }
        return 0;
    }

    /**
     * A small residual reads as success, but when many inputs give Y it only says that one of them
     * was found: a second line says which (with lambda > 0 the regularized answer is unique).
     */
    private static String ambiguity(int[] inputShape, Tensor w, ConvSpec convSpec, double lambda) {
        String why = lambda > 0 ? null : Uniqueness.whyNot(inputShape, w, convSpec);
        return why == null ? null : "The solution is not unique: " + why + ". This is the "
                + "one of least norm among them (conjugate gradients from zero), not necessarily the layer's input; "
                + "--regularization L > 0 makes the answer unique.";
    }

    /**
     * The runs --repeat times: Wiener and Tikhonov prepare their filter (grid, plan, the PSF's
     * spectrum) in the first and reuse it in the others, as a batch of images would; Richardson-Lucy
     * runs whole each time.
     */
    private static Supplier<Deconvolved> runs(Method m, Tensor y, Tensor p, DeconvSettings settings) {
        if (m == Method.RICHARDSON_LUCY) {
            return () -> RichardsonLucy.deconvolve(y, p, settings);
        }
        SpectralFilter[] filter = {null};
        return () -> {
            if (filter[0] == null) {
                filter[0] = m == Method.WIENER ? Wiener.prepare(y.shape(), p, settings)
                        : Tikhonov.prepare(y.shape(), p, settings);
            }
            return filter[0].apply(y);
        };
    }

    private static Deconvolved deconvolve(Method m, Tensor y, Tensor p, DeconvSettings settings) {
        return switch (m) {
            case WIENER -> Wiener.deconvolve(y, p, settings);
            case TIKHONOV -> Tikhonov.deconvolve(y, p, settings);
            default -> RichardsonLucy.deconvolve(y, p, settings);
        };
    }

    /** Refuses options the method does not use, and a missing operand, before any file is read. */
    private void checkOptions(Method m) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> foreign = new ArrayList<>();
        for (String o : Method.OPTIONAL) {
            if (parsed.hasMatchedOption(o) && !m.accepts.contains(o)) {
                foreign.add(o);
            }
        }
        boolean layerMethod = m == Method.LEAST_SQUARES;
        if (layerMethod && psf != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--psf is for wiener, tikhonov and "
                    + "richardson-lucy; least-squares inverts a convolution layer given by --weight and its options");
        }
        if (!layerMethod && weight != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--weight is for least-squares, which inverts "
                    + "a convolution layer; " + m.label + " deconvolves a blur given by --psf");
        }
        if (!foreign.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", foreign)
                    + (foreign.size() == 1 ? " does" : " do") + " not apply to --method " + m.label + ", which takes "
                    + String.join(", ", m.accepts));
        }
        if (layerMethod && weight == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "least-squares needs the layer's --weight (and its --bias and conv options, if any)");
        }
        if (!layerMethod && psf == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), m.label + " needs the blur's --psf");
        }
    }

    /** Times a computation, {@code repeat} times over: the first run, and the median of the others. */
    private static final class Timer {
        private final int repeat;
        private final ProgressBar bar;
        private double first;
        private double[] others = new double[0];

        Timer(int repeat, ProgressBar bar) {
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
            }
            this.repeat = repeat;
            this.bar = bar;
        }

        <T> T time(java.util.function.Supplier<T> work) {
            T result = null;
            others = new double[repeat - 1];
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                result = work.get();
                double ms = (System.nanoTime() - t0) / 1e6;
                if (i == 0) {
                    first = ms;
                } else {
                    others[i - 1] = ms;
                }
                bar.clear();
            }
            return result;
        }

        String report() {
            String s = String.format(Locale.ROOT, "%.1f ms", first);
            if (others.length == 0) {
                return s;
            }
            double[] o = others.clone();
            Arrays.sort(o);
            double median = o.length % 2 == 1 ? o[o.length / 2] : (o[o.length / 2 - 1] + o[o.length / 2]) / 2;
            return s + " (first run; median of the " + o.length + " after it "
                    + String.format(Locale.ROOT, "%.1f ms", median) + ")";
        }
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
