package org.convkit.cli.tour;

import java.io.IOException;

import org.convkit.image.Display;
import org.convkit.image.ImageFilter;
import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;

/** Dilated (atrous) convolution, and the receptive field of WaveNet's stack. */
final class DilatedSection implements TourSection {
    /** WaveNet's stack: kernel 2, dilations 1, 2, 4, ..., 512. */
    static final int LAYERS = 10;

    @Override
    public String id() {
        return "dilated";
    }

    @Override
    public String title() {
        return "Dilated convolution";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        Geometry g = Geometry.conv(new int[] {7, 7}, new int[] {3, 3}, ConvSpec.defaults().withDilation(2));
        long[] plain = new long[LAYERS];
        long[] dilated = new long[LAYERS];
        for (int l = 1; l <= LAYERS; l++) {
            plain[l - 1] = measuredField(l, false);
            dilated[l - 1] = measuredField(l, true);
        }
        String chart = a.svg("charts", "dilated-receptive-field", ReceptiveFieldChart.svg(plain, dilated,
                "dilation 1", "dilations 1, 2, 4..."));
        String anim = a.animation(id(), AnimationSpec.of(new int[] {7, 7}, new int[] {3}).withDilation(2),
                "A 3x3 kernel with dilation 2 covers 5x5 cells of a 7x7 input with 9 weights: a 3x3 output.");

        Tensor grey = a.grey();
        Tensor box = ImageMath.scaled(3, 3, 9f, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor d1 = ImageFilter.apply(grey, box, PaddingMode.REPLICATE);
        // dilation is not an image filter's option: 'same' padding, dilated, through the engine
        Tensor d6 = ImageMath.perChannel(grey, box, ImageMath.sameSize().withDilation(6));
        return """
                <p>A dilated convolution (atrous, from the French <em>à trous</em>, "with holes") spreads the
                kernel's taps apart: with dilation rate d, consecutive taps are d cells apart, so a kernel of
                size k spans d(k - 1) + 1 cells with the same k weights. Dilation 1 is the ordinary
                convolution. A 3x3 kernel with dilation 2 on a 7x7 input:</p>
                """ + Html.formula(g.explain()) + """
                <div class="figures">%s</div>
                <p>The receptive field (how many input cells one output can see) grows at no extra cost per
                layer, and the gain compounds when dilated layers are stacked with growing rates. WaveNet
                models raw audio this way: causal convolutions of kernel size 2 with dilations 1, 2, 4, ...,
                512, so ten layers see %d past samples, where ten undilated ones would see %d. The chart's
                values were measured, not computed from the formula: convkit pushed a single impulse through
                each stack of causal 1-D convolutions and counted the outputs it reached.</p>
                <figure class="chart"><img src="%s" alt="receptive field chart"><figcaption>Receptive field
                of a stack of causal convolutions with kernel size 2, by depth.</figcaption></figure>
                <h3>On the test image</h3>
                <p>The same 3x3 average with dilation 1 and with dilation 6: the dilated kernel reads nine
                pixels 6 apart, so every edge appears three times over in each direction, and thin stripes
                whose period matches the gaps can vanish. Dilation widens the view; it does not see what lies
                between the taps, which is why dilated networks mix several rates.</p>
                <div class="figures">%s%s%s</div>
                """.formatted(anim, dilated[LAYERS - 1], plain[LAYERS - 1], chart,
                Html.figure(a.png("dilated-input", grey, Display.CLAMP), "test image", "input"),
                Html.figure(a.png("dilated-d1", d1, Display.CLAMP), "dilation 1", "3x3 average, dilation 1"),
                Html.figure(a.png("dilated-d6", d6, Display.CLAMP), "dilation 6",
                        "3x3 average, dilation 6 (spans 13x13)"));
    }

    /**
     * The receptive field of {@code layers} causal convolutions of kernel size 2 (dilations doubling
     * if {@code dilated}), measured: an impulse goes through the stack with all-ones weights, and the
     * outputs it reaches are counted.
     */
    static long measuredField(int layers, boolean dilated) {
        int n = 2 * (1 << LAYERS) + 8;
        float[] x = new float[n];
        x[n / 4] = 1;
        Tensor t = Tensor.of(x, 1, 1, n);
        Tensor w = Tensor.of(new float[] {1, 1}, 1, 1, 2);
        for (int l = 0; l < layers; l++) {
            t = Conv.forward(t, w, ConvSpec.defaults().withPadding(Padding.causal()).withDilation(dilated ? 1 << l : 1));
        }
        long reached = 0;
        for (float v : t.data()) {
            if (v != 0) {
                reached++;
            }
        }
        return reached;
    }
}
