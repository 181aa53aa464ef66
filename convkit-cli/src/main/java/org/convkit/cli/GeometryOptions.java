package org.convkit.cli;

import java.util.ArrayList;
import java.util.List;

import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolSpec;

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
        "or a word: valid, same (output ceil(n/stride), any stride), full, causal. Default 0."})
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

    ConvSpec applyTo(ConvSpec spec) {
        ConvSpec s = spec;
        if (stride != null) {
            s = s.withStride(Ints.parseList("stride", stride));
        }
        if (padding != null) {
            s = s.withPadding(padding());
        }
        if (dilation != null) {
            s = s.withDilation(Ints.parseList("dilation", dilation));
        }
        return s;
    }

    /** The padding given; a misspelt word is called one, not "not an integer". */
    Padding padding() {
        try {
            return Padding.parse(padding);
        } catch (IllegalArgumentException e) {
            if (padding.chars().anyMatch(Character::isLetter)) {
                throw new IllegalArgumentException("padding '" + padding + "' is not one of valid, same, full, causal "
                        + "(nor numbers such as 1, 1,2 or before:after pairs such as 1:2,0:1)", e);
            }
            throw e;
        }
    }

    PoolSpec applyTo(PoolSpec spec) {
        PoolSpec s = spec;
        if (stride != null) {
            s = s.withStride(Ints.parseList("stride", stride));
        }
        if (padding != null) {
            s = s.withPadding(padding());
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
