package org.convkit.cli;

import java.util.Locale;

import org.convkit.deconv.IterationListener;

/**
 * An iterative deconvolution's progress on a {@link ProgressBar}: the iteration, the residual
 * {@code ||fit - Y|| / ||Y||} a person watches fall, and the method's own stopping measure, e.g.
 * {@code deconv least-squares [###---] 26/500 residual 1.41e-06, normal residual 3.67e-07}.
 * Richardson-Lucy runs its iterations channel after channel, so the count says which channel.
 */
final class IterationProgress implements IterationListener {
    private final ProgressBar bar;
    private final String measure;
    private final int channels;

    /**
     * @param measure  the name of the method's metric ("normal residual", "change")
     * @param channels how many runs of the iterations the total counts (1 for least squares)
     */
    IterationProgress(ProgressBar bar, String measure, int channels) {
        this.bar = bar;
        this.measure = measure;
        this.channels = Math.max(1, channels);
    }

    @Override
    public void iteration(int done, int total, double metric) {
        bar.update(done, total, measure + " " + sci(metric));
    }

    @Override
    public void iteration(int done, int total, double metric, double residual) {
        String where = "";
        if (channels > 1) {
            int per = total / channels;
            int channel = Math.min(channels, (done - 1) / per + 1);
            where = "channel " + channel + "/" + channels + ", iteration " + (done - (channel - 1) * per) + "/" + per
                    + ", ";
        }
        bar.update(done, total, where + "residual " + sci(residual) + ", " + measure + " " + sci(metric));
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
