package org.convkit.deconv;

import org.convkit.runtime.Parallel;

/**
 * The relative residual {@code ||fit - data|| / ||data||} a deconvolution reports, summed over the
 * whole transform grid (the signal and its border extension: the periodic problem the filters
 * solve), channel after channel. Wiener and Tikhonov take it from the spectrum by Parseval's
 * theorem, {@code sum |H G - 1|^2 |Y|^2 / sum |Y|^2}, which costs one pass over the half spectrum
 * where the fit itself would cost an inverse transform; Richardson-Lucy, which has its fit in real
 * space, from the grid's cells. Sums are taken in chunks of a fixed size added in a fixed order, so
 * the result is the same for any thread count.
 */
final class Residual {
    /** Cells per task of a sum: fixed, so that the result does not depend on the thread count. */
    private static final int CHUNK = 1 << 15;

    private final int threads;
    private final double[] sums;
    private double misfit;
    private double data;

    /** For grids of {@code cells} real cells whose last axis has {@code length}, on up to {@code threads} threads. */
    Residual(int cells, int length, int threads) {
        this.threads = threads;
        int half = length / 2 + 1;
        int rows = cells / length;
        this.sums = new double[2 * Math.max(chunks(cells), spectrumChunks(rows, half))];
    }

    private static int spectrumChunks(int rows, int half) {
        int perChunk = Math.max(1, CHUNK / half);
        return (rows + perChunk - 1) / perChunk;
    }

    private static int chunks(int cells) {
        return (cells + CHUNK - 1) / CHUNK;
    }

    /** Adds one channel's squared differences {@code fit - y} and squared data over the grid's cells. */
    void add(double[] fit, double[] y, int cells) {
        int chunks = chunks(cells);
        Parallel.forEach(chunks, threads, q -> {
            double m = 0;
            double d = 0;
            for (int k = q * CHUNK, end = Math.min(cells, k + CHUNK); k < end; k++) {
                double a = fit[k] - y[k];
                m += a * a;
                d += y[k] * y[k];
            }
            sums[2 * q] = m;
            sums[2 * q + 1] = d;
        });
        collect(chunks);
    }

    /**
     * Adds one channel from its interleaved half spectrum Y (rows of {@code length / 2 + 1}
     * complex cells): {@code sum misfitWeight |Y|^2} and the data's {@code sum |Y|^2}, each cell
     * counted as often as it stands for cells of the full spectrum (once at last-axis frequencies 0
     * and n/2, their own mirrors, twice elsewhere). {@code misfitWeight} is |H G - 1|^2 times that
     * multiplicity, one value per complex cell. The 1 / volume of Parseval's theorem cancels in the
     * ratio.
     */
    void addSpectrum(double[] spectrum, double[] misfitWeight, int length) {
        int half = length / 2 + 1;
        int rows = misfitWeight.length / half;
        int perChunk = Math.max(1, CHUNK / half);
        int chunks = spectrumChunks(rows, half);
        // the cells past 0 that have a mirror: all but n/2 when n is even
        int paired = length % 2 == 0 ? half - 2 : half - 1;
        Parallel.forEach(chunks, threads, q -> {
            double m = 0;
            double d = 0;
            for (int r = q * perChunk, end = Math.min(rows, r + perChunk); r < end; r++) {
                int c = r * half;
                double single = power(spectrum, c);
                m += misfitWeight[c] * single;
                double twice = 0;
                for (int k = c + 1; k <= c + paired; k++) {
                    double p = power(spectrum, k);
                    m += misfitWeight[k] * p;
                    twice += p;
                }
                if (c + paired + 1 < c + half) {
                    double p = power(spectrum, c + half - 1);
                    m += misfitWeight[c + half - 1] * p;
                    single += p;
                }
                d += single + 2 * twice;
            }
            sums[2 * q] = m;
            sums[2 * q + 1] = d;
        });
        collect(chunks);
    }

    private static double power(double[] s, int cell) {
        double re = s[2 * cell];
        double im = s[2 * cell + 1];
        return re * re + im * im;
    }

    /** How often the half spectrum's cell at last-axis frequency {@code f} counts in the full spectrum. */
    static int multiplicity(int f, int length) {
        return f == 0 || 2 * f == length ? 1 : 2;
    }

    private void collect(int chunks) {
        for (int q = 0; q < chunks; q++) {
            misfit += sums[2 * q];
            data += sums[2 * q + 1];
        }
    }

    /** Starts over, for the next call of a prepared filter. */
    void clear() {
        misfit = 0;
        data = 0;
    }

    /** ||fit - data|| / ||data|| over everything added (0 for zero data fitted exactly). */
    double relative() {
        return misfit == 0 ? 0 : Math.sqrt(misfit / data);
    }
}
