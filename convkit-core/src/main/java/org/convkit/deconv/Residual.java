package org.convkit.deconv;

/**
 * The relative residual {@code ||fit - data|| / ||data||} a deconvolution reports, summed over the
 * signal's cells of the grid (the extension is not data), channel after channel.
 */
final class Residual {
    private final Frame frame;
    private double misfit;
    private double data;

    Residual(Frame frame) {
        this.frame = frame;
    }

    /** Adds one channel's squared differences and squared data over the signal's cells of the grid. */
    void add(double[] fit, double[] y) {
        frame.forEachSignalRun((from, length) -> {
            double m = 0;
            double d = 0;
            for (int k = from; k < from + length; k++) {
                double a = fit[k] - y[k];
                m += a * a;
                d += y[k] * y[k];
            }
            misfit += m;
            data += d;
        });
    }

    /** ||fit - data|| / ||data|| over everything added (0 for zero data fitted exactly). */
    double relative() {
        return misfit == 0 ? 0 : Math.sqrt(misfit / data);
    }
}
