package org.convkit.cli.tour;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.convkit.image.Display;
import org.convkit.image.ImageFilter;
import org.convkit.image.Kernel;
import org.convkit.image.NamedKernels;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;

/** Discrete convolution: a sparse linear map that keeps order and reuses its weights. */
final class DiscreteSection implements TourSection {
    @Override
    public String id() {
        return "discrete";
    }

    @Override
    public String title() {
        return "Discrete convolution";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        // the guide's layer against a fully connected layer between the same input and output
        ConvProblem p = ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 3, 3}, ConvSpec.defaults().withStride(2));
        long inputs = 3L * 7 * 7;
        int[] o = p.userOutputShape();
        long outputs = (long) o[0] * o[1] * o[2];
        long convWeights = 2L * 3 * 3 * 3;
        long denseWeights = inputs * outputs;
        Geometry cube = Geometry.conv(new int[] {8, 8, 8}, new int[] {3, 3, 3}, ConvSpec.defaults());

        Tensor grey = a.grey();
        Kernel gaussian = NamedKernels.named("gaussian:1.5");
        Tensor blur = ImageFilter.apply(grey, gaussian, PaddingMode.REPLICATE);
        Tensor edges = ImageFilter.apply(grey, NamedKernels.named("sobel-x"), PaddingMode.REPLICATE);
        Tensor laplace = ImageFilter.apply(grey, NamedKernels.named("laplacian"), PaddingMode.REPLICATE);
        String gaussianSize = gaussian.height() + "x" + gaussian.width();
        String anim = a.animation(id(), AnimationSpec.of(new int[] {4, 4}, new int[] {3}),
                "A 3x3 kernel over a 4x4 input, stride 1, no padding: 2x2 outputs, each the sum of 9 products.");
        // what 'same' padding reads at the border, one animation per copying mode, on the same 4x4 input
        StringBuilder borders = new StringBuilder();
        for (PaddingMode m : List.of(PaddingMode.REPLICATE, PaddingMode.REFLECT, PaddingMode.CIRCULAR)) {
            String name = m.name().toLowerCase(Locale.ROOT);
            borders.append(a.animation(id() + "-" + name, AnimationSpec.of(new int[] {4, 4}, new int[] {3})
                    .withPadding("same").withPaddingMode(m), "'same' padding, " + name + ": " + BORDER.get(m)));
        }
        return """
                <p>A dense (fully connected) layer treats its input as one long vector: it multiplies it by a
                matrix, adds a bias and moves on. That works for any data, but it forgets what images, sounds
                and videos have in common: they are arrays whose axes have an order (up and down, left and
                right, earlier and later), plus a channel axis that holds different views of the same place
                (red, green and blue; left and right ear).</p>
                <p>A discrete convolution is a linear map that keeps that order. It is <em>sparse</em>: each
                output depends on a few neighbouring inputs only. And it <em>reuses</em> its weights: the same
                kernel is applied at every position. For the guide's layer (7x7x3 in, 3x3x2 out) convkit counts:</p>
                <table class="numbers">
                <tr><th></th><th>convolution</th><th>fully connected</th></tr>
                <tr><td>weights</td><td class="n">%s</td><td class="n">%s</td></tr>
                <tr><td>inputs read by one output</td><td class="n">%d of %d</td><td class="n">%d of %d</td></tr>
                </table>
                <p>At each position the kernel's weights multiply the inputs under them and the products are
                summed into one output. With several input maps the kernel has one slice per map and the
                slices' sums are added together; several kernels give several output maps. Nothing here is
                special to two dimensions: in 3-D the kernel is a cuboid sliding along depth, height and width,
                for example a 3x3x3 kernel over an 8x8x8 volume:</p>
                """.formatted(Html.count(convWeights), Html.count(denseWeights), 27, inputs, inputs, inputs)
                + Html.formula(cube.explain()) + """
                <div class="figures">%s</div>
                <h3>Three kernels on the test image</h3>
                <p>The same operation with three classic 2-D kernels, each applied with 'same' padding (the
                border pixels repeated) so the output keeps the input's size: a %s Gaussian blur of standard
                deviation 1.5 pixels, Sobel's horizontal derivative and the Laplacian (grey is zero for the
                last two).</p>
                <div class="figures">%s%s%s%s</div>
                <p>What the padding holds matters at the border. Zeros darken it; the pictures above repeat the
                edge pixels instead (replicate). Reflect mirrors the input without repeating the edge, and
                circular wraps around to the other side. Each padding cell shows the value it copies, and as the
                window passes, the input cell it copies is outlined:</p>
                <div class="figures">%s</div>
                """.formatted(anim, gaussianSize, Html.figure(a.png("discrete-input", grey, Display.CLAMP), "test image", "input"),
                Html.figure(a.png("discrete-blur", blur, Display.CLAMP), "blurred", "Gaussian blur, sigma 1.5"),
                Html.figure(a.png("discrete-sobel", edges, Display.SYMMETRIC), "Sobel x", "Sobel x: vertical edges"),
                Html.figure(a.png("discrete-laplacian", laplace, Display.SYMMETRIC), "Laplacian",
                        "Laplacian: curvature"), borders);
    }

    /** What each copying mode puts on either side of a row a b c d (one cell, as here), as PyTorch's padding_mode does. */
    private static final Map<PaddingMode, String> BORDER = Map.of(
            PaddingMode.REPLICATE, "a | a b c d | d, the edge repeated.",
            PaddingMode.REFLECT, "b | a b c d | c, mirrored without repeating the edge.",
            PaddingMode.CIRCULAR, "d | a b c d | a, wrapped around.");
}
