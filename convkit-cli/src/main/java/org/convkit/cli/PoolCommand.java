package org.convkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.convkit.Pool;
import org.convkit.spec.IndexLayout;
import org.convkit.spec.Ints;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.convkit.tile.PoolTiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit pool}: max, average or Lp pooling of a .npy file, optionally with argmax indices. */
@Command(name = "pool", sortOptions = false,
        description = {
            "Max, average or Lp pooling of X, (N, C, spatial...) or, with one kernel value per dimension, (C, spatial...).",
            "Per dimension: n_out = floor((n + p_before + p_after - d(k-1) - 1)/s) + 1 (ceil with --ceil-mode).",
            "As ONNX allows, average and Lp pooling take --dilation, and padding may be up to the window's span",
            "less one. Lp pooling runs on the reference engine (--explain says which engine runs)."},
        footer = {"", "Examples:",
            "  convkit pool --input x.npy --kind max --kernel 2 --indices idx.npy \\",
            "      --output y.npy",
            "  convkit pool --input x.npy --kind lp --power 2 --global --output y.npy",
            "  # indices as ONNX's MaxPool with storage_order=1 gives them:",
            "  convkit pool --input x.npy --kind max --kernel 2 --indices idx.npy \\",
            "      --index-scope tensor --index-order column --output y.npy"})
final class PoolCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy", description = "Input.")
    Path input;

    @Option(names = "--kind", required = true, paramLabel = "KIND",
            description = "max, avg, or lp (each window's p-norm, ONNX's LpPool).")
    String kind;

    @Option(names = "--power", paramLabel = "P",
            description = "Lp only: the norm's power p, at least 1 (default 2, ONNX's p).")
    Double power;

    @Option(names = {"-k", "--kernel"}, paramLabel = "K", description = "Window size: " + GeometryOptions.PER_DIM + ".")
    String kernel;

    @Option(names = "--global", description = "One window over each whole map (no --kernel, --stride, --padding).")
    boolean global;

    @Mixin
    GeometryOptions geometry;

    @Option(names = "--ceil-mode", description = "Round the output size up, as PyTorch's ceil_mode.")
    boolean ceilMode;

    @Option(names = "--exclude-padding", description = "Averages divide by the real cells only (count_include_pad=False).")
    boolean excludePadding;

    @Option(names = "--indices", paramLabel = "IDX.npy",
            description = "Max only: also write each maximum's flat index within its map (int64, PyTorch's layout).")
    Path indices;

    @Mixin
    IndexLayoutOptions indexLayout = new IndexLayoutOptions();

    @Option(names = "--explain", description = "First print the shape arithmetic, and which engine runs the pooling and why.")
    boolean explain;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy", description = "Where to write the result (float32).")
    Path output;

    @Mixin
    TileOptions tiles;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads across tiles when streaming (default: all cores). Results do not depend on it.")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PoolSpec.Kind k = PoolSpec.Kind.parse(kind);
        if (indices != null && k != PoolSpec.Kind.MAX) {
            throw new ParameterException(spec.commandLine(), "--indices needs --kind max: an average has no argmax");
        }
        if (indices == null && indexLayout.given()) {
            throw new ParameterException(spec.commandLine(), indexLayout.firstGiven()
                    + " says how --indices counts; give --indices IDX.npy too");
        }
        if (excludePadding && k == PoolSpec.Kind.LP) {
            throw new ParameterException(spec.commandLine(), "--exclude-padding is for averages; Lp pooling's padding "
                    + "adds nothing to the norm, so it has no divisor to change");
        }
        if (power != null && k != PoolSpec.Kind.LP) {
            throw new ParameterException(spec.commandLine(), "--power " + power + " is for --kind lp, not " + kind);
        }
        IndexLayout layout = indexLayout.layout();
        checkWindowOptions();
        NpyFiles.checkNpyOutput("--output", output);
        NpyFiles.checkNpyOutput("--indices", indices);
        if (tiles.tile != null && (global || indices != null)) {
            throw new ParameterException(spec.commandLine(), "--tile cannot be combined with "
                    + (global ? "--global (one window over each whole map)" : "--indices (flat indices within "
                    + "whole maps)") + "; drop --tile to pool in memory");
        }
        int[] inShape = NpyFiles.shape(input);
        PoolSpec poolSpec = global ? PoolProblem.global(inShape, k).spec() : windowSpec(k);
        if (k == PoolSpec.Kind.LP) {
            poolSpec = poolSpec.withPower(power == null ? 2 : power);
        }
        int[] outShape = Pool.outputShape(inShape, poolSpec);
        if (explain) {
            spec.commandLine().getOut().println(Pool.explain(inShape, poolSpec, org.convkit.ConvOptions.defaults()));
        }
        if (!global && indices == null && tiles.streams(TileOptions.cells(inShape), TileOptions.cells(outShape))) {
            int threads = TileOptions.threads(this.threads);
            PoolTiles op = new PoolTiles(inShape, poolSpec, org.convkit.ConvOptions.defaults().withThreads(1));
            TileOptions.Report r = tiles.run("pool", op, outShape, input, output, threads, spec.commandLine().getOut());
            report(inShape, outShape, " in " + r.text());
            return 0;
        }
        Tensor x = NpyFiles.read(input);
        if (indices == null) {
            Tensor y = Pool.forward(x, poolSpec);
            NpyFiles.write(output, y);
            report(x.shape(), y.shape(), "");
            return 0;
        }
        Pool.MaxResult r = Pool.maxWithIndices(x, poolSpec, layout, org.convkit.ConvOptions.defaults());
        NpyFiles.writeInts(indices, r.indices(), r.values().shape());
        try {
            NpyFiles.write(output, r.values());
        } catch (RuntimeException e) {
            // half a result is worse than none: the indices are useless without their values
            NpyFiles.deleteQuietly(indices);
            throw e;
        }
        report(x.shape(), r.values().shape(), "");
        return 0;
    }

    private void checkWindowOptions() {
        if (global) {
            List<String> extra = new ArrayList<>();
            if (kernel != null) {
                extra.add("--kernel");
            }
            extra.addAll(geometry.given());
            if (ceilMode) {
                extra.add("--ceil-mode");
            }
            if (!extra.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--global pools each whole map; it takes no "
                        + String.join(", ", extra));
            }
        } else if (kernel == null) {
            throw new ParameterException(spec.commandLine(), "pool needs --kernel K (or --global)");
        }
    }

    private PoolSpec windowSpec(PoolSpec.Kind k) {
        PoolSpec s = geometry.applyTo(PoolSpec.of(k, Ints.parseList("kernel", kernel)));
        return s.withCeilMode(ceilMode).withCountIncludePad(!excludePadding);
    }

    private void report(int[] in, int[] out, String how) {
        spec.commandLine().getOut().println("pool " + kind + " " + Arrays.toString(in) + " -> "
                + Arrays.toString(out) + how + ", written to " + output + (indices != null ? " (indices: " + indices
                + ")" : ""));
    }
}
