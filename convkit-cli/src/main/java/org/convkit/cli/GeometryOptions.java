package org.convkit.cli;

import java.util.ArrayList;
import java.util.List;

import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.SlidingSpec;

import picocli.CommandLine.Option;

/**
 * {@code --stride}, {@code --padding} and {@code --dilation}, shared by every command that slides a
 * window. Values stay text until used so that the library's parsers word the errors; an option not
 * given leaves the spec's default (which for pooling's stride is the window size).
 */
final class GeometryOptions {
    static final String PER_DIM = "one value for every spatial dimension or a comma list, one per dimension";

    @Option(names = "--stride", paramLabel = "S", description = "Stride: " + PER_DIM + " (default 1; pool: the kernel).")
    String stride;

    @Option(names = "--padding", paramLabel = "P", description = {
        "Padding: N or N,M,... (symmetric), before:after per dimension (1:2,0:1),",
        "or a word: valid, same (output ceil(n/stride), any stride; an odd total's",
        "extra cell after), same-lower (that cell before: ONNX's SAME_LOWER), full,",
        "causal. Default 0."})
    String padding;

    @Option(names = "--dilation", paramLabel = "D", description = "Dilation: " + PER_DIM + " (default 1).")
    String dilation;

    boolean hasStride() {
        return stride != null;
    }

    boolean hasPadding() {
        return padding != null;
    }

    int[] dilationOr1() {
        return dilation == null ? new int[] {1} : Ints.parseList("dilation", dilation);
    }

    /** The spec with every option that was given applied; the others keep the spec's defaults. */
    <T extends SlidingSpec<T>> T applyTo(T spec) {
        T s = spec;
        if (stride != null) {
            s = s.withStride(Ints.parseList("stride", stride));
        }
        if (padding != null) {
            s = s.withPadding(Padding.parse(padding));
        }
        if (dilation != null) {
            s = s.withDilation(Ints.parseList("dilation", dilation));
        }
        return s;
    }

    /** The options given, by name, for commands where some of them make no sense. */
    List<String> given() {
        List<String> names = new ArrayList<>();
        if (stride != null) {
            names.add("--stride");
        }
        if (padding != null) {
            names.add("--padding");
        }
        if (dilation != null) {
            names.add("--dilation");
        }
        return names;
    }
}
