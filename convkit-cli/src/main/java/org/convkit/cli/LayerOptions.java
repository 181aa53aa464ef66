package org.convkit.cli;

import org.convkit.spec.ConvSpec;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A convolution layer's settings besides its files: stride, padding, dilation, groups and padding
 * mode. Shared by the commands that compute a convolution and by {@code deconv}, which inverts one;
 * public so that {@code convkit-spark}'s commands take the very same options.
 */
public final class LayerOptions {
    @Mixin
    GeometryOptions geometry;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "1",
            description = "Channel groups (default ${DEFAULT-VALUE}); G = C_in is depthwise.")
    int groups;

    /** The help of {@code --padding-mode}, wherever a command takes it. */
    static final String PADDING_MODE_HELP =
            "What lies outside the input: zeros, reflect, replicate, circular (default ${DEFAULT-VALUE}).";

    @Option(names = "--padding-mode", paramLabel = "MODE", defaultValue = "zeros", description = PADDING_MODE_HELP)
    String paddingMode;

    /**
     * The spec these options describe, checked by the library.
     *
     * @return the spec
     */
    public ConvSpec spec() {
        return geometry.applyTo(ConvSpec.defaults().withGroups(groups)
                .withPaddingMode(PaddingModes.parse("--padding-mode", paddingMode)));
    }
}
