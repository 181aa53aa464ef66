package org.convkit.cli.tour;

import java.io.IOException;
import java.util.Random;

import org.convkit.deconv.DeconvSettings;
import org.convkit.deconv.Deconvolved;
import org.convkit.deconv.LeastSquares;
import org.convkit.deconv.RichardsonLucy;
import org.convkit.deconv.Tikhonov;
import org.convkit.deconv.Wiener;
import org.convkit.image.Display;
import org.convkit.image.NamedKernels;
import org.convkit.Conv;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec;

/** True deconvolution: the inverse of a convolution, on a small layer and on a blurred picture. */
final class DeconvolutionSection implements TourSection {
    /** Standard deviation of the noise added to the blurred picture, in units of the [0, 1] range. */
    static final double NOISE = 0.005;
    /** Standard deviation of the Gaussian blur, in pixels. */
    static final double BLUR_SIGMA = 1.5;

    @Override
    public String id() {
        return "deconvolution";
    }

    @Override
    public String title() {
        return "True deconvolution";
    }

    @Override
    public String body(TourAssets a) throws IOException {
        // a layer that can be inverted: stride 1, 'full' padding, so 25 unknowns give 49 equations
        Tensor x = Tensor.uniform(7, 0, 9, 1, 1, 5, 5);
        float[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
            xd[i] = Math.round(xd[i]);
        }
        Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 1, 0, 0, 1, 1}, 1, 1, 3, 3);
        ConvSpec full = ConvSpec.defaults().withPadding(Padding.full());
        Tensor y = Conv.forward(x, w, full);
        LeastSquares.Inversion inv = LeastSquares.invert(y, w, null, full, new int[] {1, 1, 5, 5}, null,
                LeastSquares.Settings.defaults());
        double err = x.maxAbsDiff(inv.input());
        String anim = a.animation(id(), AnimationSpec.of(new int[] {5, 5}, new int[] {3}).withPadding("full"),
                "The convolution to undo: a 3x3 kernel over a 5x5 input with 'full' padding (2 cells each side) "
                + "gives 7x7; every input cell is seen by 9 outputs.");

        // the picture: a Gaussian blur with reflected borders (the deconvolutions' own convention) plus a little noise
        Tensor grey = a.grey();
        Tensor psf = NamedKernels.gaussian(BLUR_SIGMA);
        Tensor blurred = ImageMath.perChannel(grey, psf, ConvSpec.defaults().withPadding(Padding.same())
                .withPaddingMode(PaddingMode.REFLECT).withFlip(true));
        Random noise = new Random(2022);
        float[] b = blurred.data();
        for (int i = 0; i < b.length; i++) {
            b[i] += (float) (NOISE * noise.nextGaussian());
        }
        DeconvSettings settings = DeconvSettings.defaults();
        Deconvolved wiener = Wiener.deconvolve(blurred, psf, settings);
        Deconvolved tikhonov = Tikhonov.deconvolve(blurred, psf, settings);
        Deconvolved lucy = RichardsonLucy.deconvolve(blurred, psf, settings.withIterations(30));

        StringBuilder rows = new StringBuilder();
        rows.append(row("blurred and noisy (no recovery)", ImageMath.psnr(grey, ImageMath.clamp01(blurred)), "-"));
        rows.append(row("Wiener", ImageMath.psnr(grey, ImageMath.clamp01(wiener.estimate())),
                "noise-to-signal " + Html.num(wiener.regularization(), 5)));
        rows.append(row("Tikhonov (Laplacian penalty)", ImageMath.psnr(grey, ImageMath.clamp01(tikhonov.estimate())),
                "lambda " + Html.num(tikhonov.regularization(), 5)));
        rows.append(row("Richardson-Lucy", ImageMath.psnr(grey, ImageMath.clamp01(lucy.estimate())),
                lucy.iterations() + " iterations"));
        return """
                <p>A deconvolution in the true sense undoes a convolution: send an image through a
                convolution, send the result through the deconvolution, and the image comes back. It is the
                mathematical inverse of the convolution, and unlike the transposed convolution it depends on
                the kernel's values, not only on its shape. Deep learning rarely needs it; microscopy,
                astronomy and photography (deblurring) do.</p>
                <h3>Inverting a layer</h3>
                <p>With stride 1 and 'full' padding, a 3x3 convolution maps a 5x5 input to a 7x7 output: 49
                equations for 25 unknowns. convkit's least-squares inversion (conjugate gradients on the
                normal equations, %d iterations) recovers the input to within %s.</p>
                <div class="figures">%s</div>
                <div class="matrices">%s%s%s</div>
                <h3>Deblurring the test image</h3>
                <p>The test image blurred by a %dx%d Gaussian kernel of standard deviation %s pixels, with
                noise of standard deviation %s added, then restored by three classic
                methods. Their peak signal-to-noise ratio against the sharp original (higher is better):</p>
                <table class="numbers"><tr><th>image</th><th>PSNR (dB)</th><th>setting</th></tr>%s</table>
                <div class="figures">%s%s%s%s%s</div>
                <p class="note">Noise is what makes deconvolution hard: the blur all but erased the finest
                details, and dividing by the blur's tiny response at those frequencies would amplify the noise
                there without limit. Each method trades sharpness against noise: Wiener and Tikhonov through a
                regularization estimated from the data, Richardson-Lucy by stopping after a few
                iterations.</p>
                """.formatted(inv.solution().iterations(), Html.num(err, 6), anim,
                Html.matrix(x, 0, "input x (5x5)"), Html.matrix(y, 0, "y = conv(x, w), full padding (7x7)"),
                Html.matrix(inv.input(), 2, "recovered from y (5x5)"), psf.shape()[0], psf.shape()[1],
                Html.num(BLUR_SIGMA, 1), Html.num(NOISE, 3), rows,
                Html.figure(a.png("deconvolution-sharp", grey, Display.CLAMP), "original", "original"),
                Html.figure(a.png("deconvolution-blurred", blurred, Display.CLAMP), "blurred", "blurred and noisy"),
                Html.figure(a.png("deconvolution-wiener", wiener.estimate(), Display.CLAMP), "Wiener", "Wiener"),
                Html.figure(a.png("deconvolution-tikhonov", tikhonov.estimate(), Display.CLAMP), "Tikhonov", "Tikhonov"),
                Html.figure(a.png("deconvolution-lucy", lucy.estimate(), Display.CLAMP), "Richardson-Lucy",
                        "Richardson-Lucy"));
    }

    private static String row(String what, double psnr, String setting) {
        return "<tr><td>" + Html.esc(what) + "</td><td class=\"n\">" + Html.num(psnr, 2) + "</td><td>"
                + Html.esc(setting) + "</td></tr>";
    }
}
