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
 * <p>The page asks again at every change of a setting, so a drawing is sent only up to
 * {@link #MAX_SVG_CHARS}: a larger layer is drawn for one input channel and one filter (each
 * channel's window slides the same way), and a layer too large even so is not drawn.
 *
 * @param svg  the animated SVG, or empty
 * @param note what the drawing leaves out, or why there is none; or empty
 */
record ExplorerAnimation(String svg, String note) {
    /** The largest drawing sent (the guide's example draws about 117,000). */
    static final int MAX_SVG_CHARS = 180_000;
    /**
     * Fewer characters than any drawing spends on a window cell (its highlight, value and weight
     * take about 240), so that a drawing certain to be too large is not rendered to find out.
     */
    private static final int CHARS_PER_TAP = 100;

    static ExplorerAnimation of(Settings s) {
        try {
            String svg = render(s);
            if (!svg.isEmpty()) {
                return new ExplorerAnimation(svg, "");
            }
            Settings one = s.oneChannel();
            String small = one.equals(s) ? "" : render(one);
            if (!small.isEmpty()) {
                return new ExplorerAnimation(small, "drawn for one input channel and one filter, as each channel's"
                        + " window slides the same way: all " + s.inChannels() + " channels would be too large to send");
            }
            return new ExplorerAnimation("", "no animation: drawing every window of these settings would take more"
                    + " than the explorer's " + MAX_SVG_CHARS / 1000 + " KB; a smaller input or kernel is drawn");
        } catch (IllegalArgumentException e) {
            return new ExplorerAnimation("", "no animation: " + e.getMessage());
        }
    }

    /** The SVG, or empty when it would pass {@link #MAX_SVG_CHARS}. */
    private static String render(Settings s) {
        Animation a = build(s);
        long taps = a.frames().stream().mapToLong(f -> f.taps().size()).sum();
        if (taps * CHARS_PER_TAP > MAX_SVG_CHARS) {
            return "";
        }
        String svg = SvgAnimation.render(a);
        return svg.length() > MAX_SVG_CHARS ? "" : svg;
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
            case CONV -> a.withFilters(s.filterCount()).withGroups(s.convProblem().groups()).withPaddingMode(s.mode());
            case CONV_TRANSPOSE -> a.withFilters(s.filterCount()).withGroups(s.convProblem().groups())
                    .withTransposed(true).withOutputPadding(s.convProblem().geometry().outputPadding());
            case DEPTHWISE_SEPARABLE -> a.withFilters(s.filterCount()).withDepthwiseSeparable(true);
            case MAX_POOL -> a.withPooling(AnimationSpec.Pooling.MAX).withCeilMode(s.ceil());
            case AVG_POOL -> a.withPooling(AnimationSpec.Pooling.AVG).withCeilMode(s.ceil());
        };
    }

    /** What the animation shows, for a check that it draws the operation the engine computed. */
    static Animation build(Settings s) {
        return Animations.build(spec(s));
    }
}
