package org.convkit.cli.tour;

import java.io.IOException;

import org.convkit.image.Display;
import org.convkit.Conv;
import org.convkit.DepthwiseSeparable;
import org.convkit.spec.ConvSpec;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;

/** Depthwise separable convolution: its cost against a standard convolution, and its result. */
final class DepthwiseSection implements TourSection {
    @Override
    public String id() {
        return "depthwise";
    }

    @Override
    public String title() {
        return "Depthwise separable convolution";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        // the guide's input with 128 filters, and a MobileNet-sized layer
        DepthwiseSeparable.Cost guide = DepthwiseSeparable.cost(new int[] {3, 7, 7}, new int[] {3, 1, 3, 3},
                new int[] {128, 3, 1, 1}, ConvSpec.defaults().withPadding(1));
        DepthwiseSeparable.Cost mobile = DepthwiseSeparable.cost(new int[] {256, 56, 56}, new int[] {256, 1, 3, 3},
                new int[] {256, 256, 1, 1}, ConvSpec.defaults().withPadding(1));

        // on the picture: blur each colour on its own (depthwise), then mix the colours into luma (pointwise)
        Tensor rgb = a.rgb();
        float[] dw = new float[27];
        java.util.Arrays.fill(dw, 1f / 9);
        Tensor depthwise = Tensor.of(dw, 3, 1, 3, 3);
        Tensor pointwise = Tensor.of(new float[] {0.299f, 0.587f, 0.114f}, 1, 3, 1, 1);
        ConvSpec same = ImageMath.sameSize();
        Tensor separable = DepthwiseSeparable.forward(rgb, depthwise, null, pointwise, null, same);
        // the standard convolution it equals: w[o, c] = pointwise[o, c] * depthwise[c]
        float[] standard = new float[27];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 9; i++) {
                standard[c * 9 + i] = pointwise.data()[c] * dw[c * 9 + i];
            }
        }
        Tensor full = Conv.forward(rgb, Tensor.of(standard, 1, 3, 3, 3), same);
        double diff = separable.maxAbsDiff(full);
        String anim = a.animation(id(), AnimationSpec.of(new int[] {5, 5}, new int[] {3}).withChannels(3)
                .withFilters(2).withDepthwiseSeparable(true), "Depthwise: each of the 3 channels gets its own "
                + "3x3 kernel. Pointwise: 1x1 kernels mix the channels into the 2 outputs.");
        return """
                <p>Deep learning's separable convolution splits the other way: not the kernel's height from
                its width, but space from channels. A <em>depthwise</em> convolution filters each input
                channel with its own spatial kernel, keeping the channels apart; a <em>pointwise</em> (1x1)
                convolution then mixes the channels at each pixel. Xception is built from these blocks, and
                MobileNets use them to fit on phones. convkit's account of the weights and multiply-adds,
                against the standard convolution with the same input, kernel and output:</p>
                <table class="numbers">
                <tr><th>layer</th><th></th><th>standard</th><th>depthwise + pointwise</th><th>ratio</th></tr>
                %s%s%s%s
                </table>
                <p>For a channel multiplier of 1 the ratio is 1/C<sub>out</sub> + 1/k<sup>2</sup>: with 3x3
                kernels, close to a ninth once the outputs are many. The price is expressiveness: the
                standard layer can give every output channel its own spatial filter on every input channel.</p>
                <div class="figures">%s</div>
                <h3>On the test image</h3>
                <p>A 3x3 average on each colour channel (depthwise), then a 1x1 convolution mixing red, green
                and blue with the weights 0.299, 0.587 and 0.114 (pointwise): a blurred grey image. The same
                result comes from one standard 3x3x3 convolution whose kernel is their product; they agree
                to %s.</p>
                <div class="figures">%s%s</div>
                """.formatted(
                rows("7x7x3 to 7x7x128, 3x3, padding 1", guide, false),
                rows("7x7x3 to 7x7x128, 3x3, padding 1", guide, true),
                rows("56x56x256 to 56x56x256, 3x3, padding 1", mobile, false),
                rows("56x56x256 to 56x56x256, 3x3, padding 1", mobile, true),
                anim, Html.num(diff, 7),
                Html.figure(a.png("depthwise-input", rgb, Display.CLAMP), "test image", "input, 3 channels"),
                Html.figure(a.png("depthwise-output", separable, Display.CLAMP), "depthwise separable output",
                        "depthwise 3x3, then pointwise 3 to 1"));
    }

    private static String rows(String layer, DepthwiseSeparable.Cost c, boolean multiplyAdds) {
        long std = multiplyAdds ? c.standardMultiplyAdds() : c.standardParameters();
        long sep = multiplyAdds ? c.separableMultiplyAdds() : c.separableParameters();
        double ratio = multiplyAdds ? c.multiplyAddRatio() : c.parameterRatio();
        return "<tr><td>" + (multiplyAdds ? "" : Html.esc(layer)) + "</td><td>" + (multiplyAdds ? "multiply-adds"
                : "weights") + "</td><td class=\"n\">" + Html.count(std) + "</td><td class=\"n\">" + Html.count(sep)
                + "</td><td class=\"n\">" + Html.num(ratio, 3) + "</td></tr>";
    }
}
