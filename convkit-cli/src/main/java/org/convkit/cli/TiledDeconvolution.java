package org.convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.convkit.deconv.DeconvSettings;
import org.convkit.deconv.Deconvolved;
import org.convkit.deconv.IterationListener;
import org.convkit.io.NpyFile;
import org.convkit.tensor.Tensor;
import org.convkit.tile.BlendedDeconvolution;
import org.convkit.tile.Box;

/**
 * {@code deconv --tile}: a Wiener, Tikhonov or Richardson-Lucy deconvolution streamed through
 * blended tiles. An automatic regularization must be one value for the whole signal (tiles with
 * their own would not blend), so it is estimated once, on the central tile's window.
 */
final class TiledDeconvolution {
    /** One method run on one window with given settings. */
    @FunctionalInterface
    interface Run {
        Deconvolved deconvolve(Tensor window, DeconvSettings settings);
    }

    private final String label;
    private final int[] shape;
    private final Tensor psf;
    private final DeconvSettings settings;
    private final Run method;
    private final int channels;
    private final int[] spatial;

    TiledDeconvolution(String label, int[] shape, Tensor psf, DeconvSettings settings, Run method) {
        this.label = label;
        this.shape = shape.clone();
        this.psf = psf;
        // one thread per tile (the threads go across tiles), and no per-iteration bar from each tile
        this.settings = settings.withThreads(1).withListener(IterationListener.NONE);
        this.method = method;
        int dims = psf.rank();
        if (shape.length != dims && shape.length != dims + 1) {
            throw new CliException("the signal has shape " + Arrays.toString(shape) + " but the PSF "
                    + Arrays.toString(psf.shape()) + " has " + dims + " dimensions: the signal needs " + dims
                    + " (spatial) or " + (dims + 1) + " (channels first)");
        }
        this.channels = shape.length == dims ? 1 : shape[0];
        this.spatial = Arrays.copyOfRange(shape, shape.length - dims, shape.length);
    }

    private BlendedDeconvolution tiling(int[] core, DeconvSettings s) {
        return new BlendedDeconvolution(channels, spatial, core, BlendedDeconvolution.defaultMargin(psf.shape()),
                BlendedDeconvolution.defaultBlend(psf.shape(), core, spatial),
                w -> method.deconvolve(w.reshape(windowShape(w)), s).estimate().reshape(w.shape()));
    }

    /** The method's layout: without a channel dimension when the signal has none. */
    private int[] windowShape(Tensor w) {
        return shape.length == psf.rank() ? Arrays.copyOfRange(w.shape(), 1, w.rank()) : w.shape();
    }

    /** Streams the deconvolution and returns the result line. */
    String run(TileOptions tiles, int threads, Path input, Path output, PrintWriter out) {
        int[] core = tiles.deconvolutionSize(spatial, channels, psf.shape(), threads);
        DeconvSettings s = settings;
        String reg = "";
        if (s.automaticRegularization() && !label.equals("richardson-lucy")) {
            double value = sampled(core, input);
            s = s.withRegularization(value);
            reg = ", regularization " + String.format(Locale.ROOT, "%.3g", value) + " (estimated on the central tile)";
        }
        BlendedDeconvolution tiling = tiling(core, s);
        TileOptions.Report r = tiles.run("deconv " + label, tiling, input, output, threads, out);
        return label + " " + Arrays.toString(shape) + " with PSF " + Arrays.toString(psf.shape()) + ", border "
                + s.border() + reg + ", margin " + Arrays.toString(BlendedDeconvolution.defaultMargin(psf.shape()))
                + " in " + r.text() + ", written to " + output;
    }

    /** The automatic regularization of the central tile's window. */
    private double sampled(int[] core, Path input) {
        BlendedDeconvolution t = tiling(core, settings);
        List<Box> cores = t.cores();
        Box central = cores.get(cores.size() / 2);
        try (NpyFile f = NpyFile.open(input)) {
            Tensor read = t.window(central).read(f::read, 1, channels, spatial);
            Tensor w = read.reshape(Arrays.copyOfRange(read.shape(), 1, read.rank()));
            return method.deconvolve(w.reshape(windowShape(w)), settings).regularization();
        } catch (IOException e) {
            throw new CliException("cannot read " + input + ": " + NpyFiles.reason(e), e);
        }
    }
}
