package org.convkit.cli.explorer;

import org.convkit.spec.Ints;
import org.convkit.viz.Animation;
import org.convkit.viz.AnimationSpec;
import org.convkit.viz.Animations;
import org.convkit.viz.SvgAnimation;

/**
 * The explorer's animation: the form's settings as convkit-viz's {@link AnimationSpec}, drawn as
 * an animated SVG. Called once the engine has accepted the settings, so a refusal here is a
 * drawing limit (too many cells or frames to draw), reported beside a still valid shape.
 *
 * @param svg  the animated SVG, or empty
 * @param note why there is no animation, or empty
 */
record ExplorerAnimation(String svg, String note) {

    static ExplorerAnimation of(Settings s) {
        try {
            return new ExplorerAnimation(SvgAnimation.render(Animations.build(spec(s))), "");
        } catch (IllegalArgumentException e) {
            return new ExplorerAnimation("", "no animation: " + e.getMessage());
        }
    }

    /** The settings in convkit-viz's terms; the same text goes through the same engine parsers. */
    static AnimationSpec spec(Settings s) {
        Settings.Operation op = s.op();
        AnimationSpec a = AnimationSpec.of(s.spatial(), s.kernelSize()).withChannels(s.inChannels())
                .withPadding(s.padding());
        if (!op.pooling() || !s.stride().isBlank()) {
            a = a.withStride(Ints.parseList("stride", s.stride()));
        }
        if (op != Settings.Operation.AVG_POOL) {
            a = a.withDilation(Ints.parseList("dilation", s.dilation()));
        }
        return switch (op) {
            case CONV -> a.withFilters(s.filterCount()).withGroups(s.convProblem().groups());
            case CONV_TRANSPOSE -> a.withFilters(s.filterCount()).withGroups(s.convProblem().groups())
                    .withTransposed(true).withOutputPadding(s.convProblem().geometry().outputPadding());
            case DEPTHWISE_SEPARABLE -> a.withFilters(s.filterCount()).withDepthwiseSeparable(true);
            case MAX_POOL -> a.withPooling(AnimationSpec.Pooling.MAX);
            case AVG_POOL -> a.withPooling(AnimationSpec.Pooling.AVG);
        };
    }

    /** What the animation shows, for a check that it draws the operation the engine computed. */
    static Animation build(Settings s) {
        return Animations.build(spec(s));
    }
}
