package org.convkit.cli.explorer;

import java.util.ArrayList;
import java.util.List;

import org.convkit.cli.Json;
import org.convkit.DepthwiseSeparable;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;

/**
 * What the explorer shows for one set of {@link Settings}, all of it computed by the engine: the
 * input, weight and output shapes, the resolved padding, the worked formula and the animation.
 */
final class Exploration {
    private Exploration() {
    }

    /**
     * The endpoint's JSON for {@code s}: {@code operation}, {@code input}, {@code output}
     * ((C, H, W)), {@code weight} (empty for pooling), {@code kernel}, {@code stride},
     * {@code dilation}, {@code padding} ([[before, after] per dimension]), {@code explain} and
     * {@code svg}. Throws the engine's {@link IllegalArgumentException} for bad settings.
     */
    static String json(Settings s) {
        Settings.Operation op = s.op();
        Geometry g = s.geometry();
        List<String> weights = new ArrayList<>();
        if (!op.pooling()) {
            weights.add(Json.array(s.convProblem().weightShape()));
        }
        String cost = "null";
        if (op == Settings.Operation.DEPTHWISE_SEPARABLE) {
            weights.add(Json.array(new int[] {s.filterCount(), s.inChannels(), 1, 1}));
            DepthwiseSeparable.Cost c = s.separableCost();
            cost = new Json().raw("standard_parameters", Long.toString(c.standardParameters()))
                    .raw("separable_parameters", Long.toString(c.separableParameters()))
                    .raw("standard_multiply_adds", Long.toString(c.standardMultiplyAdds()))
                    .raw("separable_multiply_adds", Long.toString(c.separableMultiplyAdds())).toString();
        }
        List<String> pads = new ArrayList<>();
        for (int i = 0; i < g.dims(); i++) {
            pads.add(Json.array(new int[] {g.padBefore()[i], g.padAfter()[i]}));
        }
        ExplorerAnimation animation = ExplorerAnimation.of(s);
        return new Json().field("operation", op.title()).field("input", s.inputShape())
                .field("output", s.outputShape()).raw("weights", Json.array(weights)).field("kernel", g.kernel())
                .field("stride", g.stride()).field("dilation", g.dilation()).raw("padding", Json.array(pads))
                .field("output_padding", g.outputPadding()).field("explain", g.explain())
                .field("summary", summary(s, g)).raw("cost", cost).field("svg", animation.svg())
                .field("animation_note", animation.note()).toString();
    }

    /** One line: "7x7x3 input, two 3x3x3 filters -> 3x3x2" in the guide's H x W x C order. */
    private static String summary(Settings s, Geometry g) {
        int[] in = s.inputShape();
        int[] out = s.outputShape();
        String kernel = Ints.times(g.kernel());
        String what;
        if (s.op().pooling()) {
            what = kernel + " " + s.op().title() + " window";
        } else if (s.op() == Settings.Operation.DEPTHWISE_SEPARABLE) {
            what = "depthwise " + kernel + " per channel, then " + s.filterCount() + " pointwise 1x1x" + in[0];
        } else {
            ConvProblem p = s.convProblem();
            int[] w = p.weightShape();
            int filters = p.transposed() ? p.outChannels() : w[0];
            int depth = p.transposed() ? in[0] / p.groups() : w[1];
            what = filters + (filters == 1 ? " filter " : " filters ") + kernel + "x" + depth;
        }
        return hwc(in) + " input, " + what + " -> " + hwc(out);
    }

    private static String hwc(int[] chw) {
        return chw[1] + "x" + chw[2] + "x" + chw[0];
    }
}
