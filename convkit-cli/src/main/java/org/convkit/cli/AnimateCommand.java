package org.convkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.viz.Animation;
import org.convkit.viz.AnimationSpec;
import org.convkit.viz.Animations;
import org.convkit.viz.FramePainter;
import org.convkit.viz.GifAnimation;
import org.convkit.viz.SvgAnimation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit animate}: an animated GIF or SVG of any convolution, transposed convolution or pooling. */
@Command(name = "animate", sortOptions = false,
        description = {
            "Animate how an operation walks its input: one frame per output cell, each",
            "value computed by the engine on small integers, then a pause on the result.",
            "Input cells, padding (dashed), a transposed convolution's inserted zeros",
            "(grey) and the kernel's footprint (spread out by dilation) are drawn",
            "distinctly; channels appear side by side, summed into each filter's map."},
        footer = {"",
            "Format: --svg writes an animated SVG whatever the file's name (the flag",
            "wins); otherwise the extension decides: .gif (animated GIF), .svg (animated",
            "SVG) or .png (one frame, see --frame).",
            "",
            "Examples:",
            "  convkit animate --input 7,7 --channels 3 --filters 2 --kernel 3 --stride 2 \\",
            "      --output guide.gif",
            "  convkit animate --input 2,2 --kernel 3 --stride 2 --transposed --output up.svg",
            "  convkit animate --input 9 --kernel 3 --dilation 2 --padding causal \\",
            "      --output wavenet.gif"})
final class AnimateCommand implements Callable<Integer> {
    /** What the output file will hold. */
    enum Format { GIF, SVG, PNG }

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "I[,J]",
            description = "Input spatial size: one value (1-D) or two (2-D, height,width).")
    String input;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "1", description = "Input channels (default 1).")
    int channels;

    @Option(names = "--filters", paramLabel = "F", defaultValue = "1",
            description = "Filters: output maps of a convolution (default 1).")
    int filters;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K",
            description = "Kernel (or pooling window) size: " + GeometryOptions.PER_DIM + ".")
    String kernel;

    @Mixin
    GeometryOptions geometry;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "1", description = "Channel groups (default 1).")
    int groups;

    @Option(names = "--padding-mode", paramLabel = "MODE", defaultValue = "zeros",
            description = LayerOptions.PADDING_MODE_HELP + " A copying mode draws each padding cell's value and, as"
                    + " the window passes, the input cell it copies.")
    String paddingMode;

    @Option(names = "--transposed", description = "A transposed convolution, drawn as conv_arithmetic does: "
            + "stride-1 zeros between the inputs, implicit padding d(k-1)-p around them.")
    boolean transposed;

    @Option(names = "--output-padding", paramLabel = "O", description = "With --transposed: extra cells after the output.")
    String outputPadding;

    @Option(names = "--pool", paramLabel = "KIND", description = "Pool instead of convolving: max or avg.")
    String pool;

    @Option(names = "--ceil-mode", description = "With --pool: round the output size up, as PyTorch's ceil_mode does;"
            + " the last window may then hang past the input, and is drawn so.")
    boolean ceilMode;

    @Option(names = "--depthwise-separable",
            description = "A depthwise convolution (one kernel per channel), then a pointwise 1x1 one to the filters.")
    boolean depthwiseSeparable;

    @Option(names = "--svg", description = "Write an animated SVG, whatever the output's extension.")
    boolean svg;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "" + AnimationSpec.DEFAULT_DELAY_MS,
            description = "Milliseconds per frame (default ${DEFAULT-VALUE}; the final pause is longer).")
    int delay;

    @Option(names = "--frame", paramLabel = "N",
            description = "With a .png output: which frame to draw, from 0 (default: the last, the finished result).")
    Integer frame;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "A.gif",
            description = "Where to write the animation.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NpyFiles.checkName("--output", output, "a.gif");
        Format format = format();
        if (frame != null && format != Format.PNG) {
            throw new ParameterException(spec.commandLine(), "--frame draws one frame into a .png output; "
                    + output + " is written as " + format.name().toLowerCase(Locale.ROOT));
        }
        if (outputPadding != null && !transposed) {
            throw new ParameterException(spec.commandLine(), "--output-padding needs --transposed");
        }
        NpyFiles.checkWritable(output);
        Animation a = Animations.build(animationSpec());
        int index = frame == null ? a.frameCount() - 1 : frame;
        if (index < 0 || index >= a.frameCount()) {
            throw new ParameterException(spec.commandLine(), "--frame " + frame + " does not exist: this animation has "
                    + "frames 0 to " + (a.frameCount() - 1));
        }
        int[] size = FramePainter.size(a);
        try {
            switch (format) {
                case SVG:
                    SvgAnimation.write(a, output);
                    break;
                case PNG:
                    FramePainter.writePng(a, index, output);
                    break;
                default:
                    GifAnimation.write(a, output);
                    break;
            }
        } catch (IOException e) {
            throw new CliException("cannot write " + output + ": " + NpyFiles.reason(e), e);
        }
        String what = format == Format.PNG ? "frame " + index + " of " + a.frameCount()
                : a.frameCount() + " frames (" + a.outputFrames() + " output cells + " + Animations.HOLD_FRAMES
                + " hold), " + a.durationMillis() + " ms per loop";
        spec.commandLine().getOut().println("animate " + a.spec().operation().title() + " " + shape(a.inputShape())
                + " -> " + shape(a.outputShape()) + ": " + what + ", " + size[0] + "x" + size[1] + " px, "
                + format.name().toLowerCase(Locale.ROOT) + " written to " + output);
        return 0;
    }

    /** --svg wins; otherwise the extension decides. */
    private Format format() {
        if (svg) {
            return Format.SVG;
        }
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gif")) {
            return Format.GIF;
        }
        if (name.endsWith(".svg")) {
            return Format.SVG;
        }
        if (name.endsWith(".png")) {
            return Format.PNG;
        }
        throw new ParameterException(spec.commandLine(), "cannot tell the format of " + output
                + ": name it .gif, .svg or .png, or add --svg");
    }

    private AnimationSpec animationSpec() {
        AnimationSpec s = AnimationSpec.of(Ints.parseList("input", input), Ints.parseList("kernel", kernel))
                .withChannels(channels).withFilters(filters).withGroups(groups).withTransposed(transposed)
                .withDepthwiseSeparable(depthwiseSeparable).withDelayMillis(delay)
                .withPaddingMode(PaddingModes.parse("--padding-mode", paddingMode)).withCeilMode(ceilMode);
        if (pool != null) {
            s = s.withPooling(AnimationSpec.Pooling.parse(pool));
        }
        if (geometry.stride != null) {
            s = s.withStride(Ints.parseList("stride", geometry.stride));
        }
        if (geometry.padding != null) {
            s = s.withPadding(Padding.parse(geometry.padding));
        }
        if (geometry.dilation != null) {
            s = s.withDilation(Ints.parseList("dilation", geometry.dilation));
        }
        if (outputPadding != null) {
            s = s.withOutputPadding(Ints.parseList("output_padding", outputPadding));
        }
        return s;
    }

    private static String shape(int[] s) {
        return Ints.times(java.util.Arrays.copyOfRange(s, 1, s.length)) + "x" + s[0];
    }
}
