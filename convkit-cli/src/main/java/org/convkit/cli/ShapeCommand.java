package org.convkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit shape}: a convolution's output shape and its worked arithmetic, or the settings for a target. */
@Command(name = "shape", sortOptions = false,
        description = {
            "Print the output shape of a convolution (or, with --transposed, a transposed convolution) and the",
            "formula worked with your numbers; no data needed. With --target, list instead the strides and",
            "paddings that give that output size."},
        footer = {"",
            "--json prints {\"output\": [N, C, ...], \"input\": [...], \"kernel\": [...], \"stride\": [...],",
            "\"padding\": [[before, after], ...], \"dilation\": [...], \"output_padding\": [...],",
            "\"transposed\": false, \"batched\": true, \"explain\": \"...\"}.",
            "",
            "With --target it prints {\"target\": [...], \"transposed\": false, \"input\": [...], \"kernel\": [...],",
            "\"dilation\": [...], \"settings\": [[{\"stride\": s, \"padding\": [before, after],",
            "\"output_padding\": o, \"words\": [\"same\", ...]}, ...], ...]}: one list per spatial dimension,",
            "simplest first (smallest stride, symmetric padding before asymmetric, least padding).",
            "",
            "Examples:",
            "  convkit shape --input 1,3,7,7 --kernel 3 --stride 2",
            "  convkit shape --input 1,3,7,7 --kernel 3 --target 4 --json",
            "  convkit shape --input 1,16,2,2 --kernel 3 --stride 2 --transposed \\",
            "      --out-channels 8"})
final class ShapeCommand implements Callable<Integer> {
    private static final int WIDTH = 100;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "N,C,H,W",
            description = {"Input shape, batched (N, C, spatial...) or unbatched (C, spatial...), 1 to 3 spatial",
                "dimensions, read as conv reads an input: --kernel's value count plays the weight's rank (3,7,7",
                "with --kernel 3,3 is one 3-channel 7x7 image). A single kernel value leaves a rank-3 or rank-4",
                "input open: it is read as batched, and the output says so."})
    String input;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K",
            description = "Kernel size: " + GeometryOptions.PER_DIM + ".")
    String kernel;

    @Option(names = "--out-channels", paramLabel = "C", description = "Output channels (default: the input's).")
    Integer outChannels;

    @Mixin
    GeometryOptions geometry;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "1", description = "Channel groups (default 1).")
    int groups;

    @Option(names = "--transposed", description = "A transposed convolution instead of a convolution.")
    boolean transposed;

    @Option(names = "--output-padding", paramLabel = "O",
            description = "With --transposed: extra cells at the end, below max(stride, dilation).")
    String outputPadding;

    @Option(names = "--target", paramLabel = "N[,M]",
            description = "Output size wanted (" + GeometryOptions.PER_DIM + "): list the settings that give it.")
    String target;

    @Option(names = "--json", description = "Print JSON (described below) instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int[] in = Ints.parseList("input", input);
        int[] kernelValues = Ints.parseList("kernel", kernel);
        ShapeReading reading = ShapeReading.of(in, kernelValues.length);
        int dims = reading.dims();
        int[] k = Ints.broadcast("kernel", kernelValues, dims);
        if (outputPadding != null && !transposed) {
            throw new ParameterException(spec.commandLine(), "--output-padding needs --transposed");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (target != null) {
            rejectWithTarget();
            int[] t = Ints.parseList("target", target);
            TargetReport report = new TargetReport(transposed, in, reading.spatialStart(), k, Ints.broadcast("dilation",
                    geometry.dilationOr1(), dims), Ints.broadcast("target", t, dims));
            String ambiguity = reading.ambiguity(in, kernelValues[0]);
            if (!json && ambiguity != null) {
                out.println("input " + Arrays.toString(in) + " " + ambiguity);
            }
            out.println(json ? report.json() : report.text());
            return 0;
        }
        ConvProblem p = problem(in, reading, k);
        out.println(json ? json(p, reading) : text(p, reading, kernelValues[0]));
        return 0;
    }

    private void rejectWithTarget() {
        List<String> clash = new ArrayList<>();
        if (geometry.hasStride()) {
            clash.add("--stride");
        }
        if (geometry.hasPadding()) {
            clash.add("--padding");
        }
        if (outputPadding != null) {
            clash.add("--output-padding");
        }
        if (!clash.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--target finds the stride and padding itself; "
                    + "drop " + String.join(", ", clash));
        }
    }

    /** The problem the library would check for a weight of these sizes. */
    private ConvProblem problem(int[] in, ShapeReading reading, int[] k) {
        int c = reading.channels(in);
        Ints.requireAtLeast("input channels", new int[] {c}, 1);
        int cout = outChannels == null ? c : outChannels;
        Ints.requireAtLeast("out-channels", new int[] {cout}, 1);
        ConvSpec s = geometry.applyTo(ConvSpec.defaults().withGroups(groups));
        if (outputPadding != null) {
            s = s.withOutputPadding(Ints.parseList("output_padding", outputPadding));
        }
        // the weight's layout puts the grouped side second: conv (C_out, C_in/G, k...), transposed (C_in, C_out/G, k...)
        int grouped = transposed ? cout : c;
        if (grouped % groups != 0) {
            throw new IllegalArgumentException((transposed ? "output" : "input") + " channels " + grouped
                    + " are not divisible by groups " + groups);
        }
        int[] w = new int[k.length + 2];
        w[0] = transposed ? c : cout;
        w[1] = grouped / groups;
        System.arraycopy(k, 0, w, 2, k.length);
        return transposed ? ConvProblem.convTranspose(in, w, s) : ConvProblem.conv(in, w, s);
    }

    private String text(ConvProblem p, ShapeReading reading, int kernelValue) {
        Geometry g = p.geometry();
        StringBuilder sb = new StringBuilder();
        sb.append(transposed ? "transposed convolution" : "convolution").append(' ')
                .append(Arrays.toString(p.userInputShape())).append(" -> ").append(Arrays.toString(p.userOutputShape()))
                .append("  (").append(reading.axesLabel()).append(")\n");
        String ambiguity = reading.ambiguity(p.userInputShape(), kernelValue);
        if (ambiguity != null) {
            for (String part : Grid.wrapEquation(ambiguity, WIDTH, "", "    ")) {
                sb.append(part).append('\n');
            }
        }
        sb.append("kernel ").append(Ints.times(g.kernel())).append(", stride ").append(Ints.times(g.stride()))
                .append(", dilation ").append(Ints.times(g.dilation())).append(", padding ")
                .append(paddingText(g.padBefore(), g.padAfter()));
        if (g.requestedPadding().isWord()) {
            sb.append(" ('").append(g.requestedPadding()).append("')");
        }
        if (transposed) {
            sb.append(", output_padding ").append(Ints.times(g.outputPadding()));
        }
        if (groups != 1) {
            sb.append(", groups ").append(groups);
        }
        for (String line : g.explain().split("\n")) {
            for (String part : Grid.wrapEquation(line, WIDTH, "", "    ")) {
                sb.append('\n').append(part);
            }
        }
        return sb.toString();
    }

    /** Padding in the form --padding takes: one value (or before:after) when every dimension agrees. */
    static String paddingText(int[] before, int[] after) {
        boolean uniform = Arrays.stream(before).distinct().count() == 1 && Arrays.stream(after).distinct().count() == 1;
        return uniform ? Padding.of(new int[] {before[0]}, new int[] {after[0]}).toString()
                : Padding.of(before, after).toString();
    }

    private String json(ConvProblem p, ShapeReading reading) {
        Geometry g = p.geometry();
        List<String> pads = new ArrayList<>();
        for (int i = 0; i < g.dims(); i++) {
            pads.add(Json.array(new int[] {g.padBefore()[i], g.padAfter()[i]}));
        }
        return new Json().field("output", p.userOutputShape()).field("input", p.userInputShape())
                .field("kernel", g.kernel()).field("stride", g.stride()).raw("padding", Json.array(pads))
                .field("dilation", g.dilation()).field("output_padding", g.outputPadding())
                .field("transposed", transposed).field("batched", reading.batched()).field("explain", g.explain())
                .toString();
    }

    static String axes(int dims) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dims; i++) {
            names.add(Geometry.axisName(i, dims));
        }
        return String.join(", ", names);
    }
}
