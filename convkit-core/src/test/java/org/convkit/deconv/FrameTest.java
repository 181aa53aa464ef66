package org.convkit.deconv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.convkit.fft.RealFft;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Frame's fast loops (row by row, per-axis tables) against the cell-by-cell definitions they replaced. */
class FrameTest {
    private static final int[][][] CASES = {
        {{2, 37}, {5}}, {{23, 30}, {5, 3}}, {{2, 9, 8, 7}, {3, 2, 5}}, {{6, 5, 4}, {3, 3, 3}},
        // above Frame's 2^15 cells: pad and crop split their rows among threads
        {{2, 200, 190}, {5, 7}}, {{40, 36, 30}, {3, 3, 3}}};

    @Test
    void padReadsEveryGridCellByTheBorderRuleAndCropUndoesIt() {
        int checked = 0;
        for (int[][] c : CASES) {
            for (PaddingMode border : new PaddingMode[] {PaddingMode.REFLECT, PaddingMode.ZEROS, PaddingMode.CIRCULAR}) {
                Tensor signal = Signals.random(3, c[0]);
                Frame f = Frame.of(c[0], new float[] {1}, c[1], border);
                int d = f.dims;
                for (int ch = 0; ch < f.channels; ch++) {
                    double[] grid = new double[f.gridVolume];
                    Arrays.fill(grid, Double.NaN);
                    f.pad(signal.data(), ch, grid, 3);
                    int[] g = new int[3];
                    for (int k = 0; k < f.gridVolume; k++) {
                        int rest = k;
                        double want = 1;
                        int from = 0;
                        for (int a = d - 1; a >= 0; a--) {
                            g[a] = rest % f.grid[a];
                            rest /= f.grid[a];
                        }
                        for (int a = 0; a < d; a++) {
                            int s = border.source(g[a] - f.before[a], f.spatial[a]);
                            if (s < 0) {
                                want = 0;
                            }
                            from = from * f.spatial[a] + Math.max(s, 0);
                        }
                        if (want != 0) {
                            want = signal.data()[ch * f.volume + from];
                        }
                        assertThat(grid[k]).as("grid cell %d of %s", k, Arrays.toString(f.grid)).isEqualTo(want);
                    }
                    float[] back = new float[signal.numel()];
                    Arrays.fill(back, Float.NaN);
                    for (int other = 0; other < f.channels; other++) {
                        f.pad(signal.data(), other, grid, 3);
                        f.crop(grid, back, other, 3);
                    }
                    assertThat(back).isEqualTo(signal.data());
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(18);
    }

    @Test
    void theLaplaciansPowerIsItsClosedFormAtEveryCell() {
        int checked = 0;
        for (int[][] c : CASES) {
            Frame f = Frame.of(c[0], new float[] {1}, c[1], PaddingMode.REFLECT);
            RealFft fft = new RealFft(f.grid, 1);
            int[] sp = fft.spectrumShape();
            double[] p = f.laplacianPower(fft);
            int k = 0;
            int[] at = new int[3];
            for (; k < p.length; k++) {
                int rest = k;
                for (int a = f.dims - 1; a >= 0; a--) {
                    at[a] = rest % sp[a];
                    rest /= sp[a];
                }
                double l = 0;
                for (int a = 0; a < f.dims; a++) {
                    l += 2 - 2 * Math.cos(2 * Math.PI * at[a] / f.grid[a]);
                }
                assertThat(p[k]).isEqualTo(l * l);
            }
            checked += k;
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void theResidualCountsEveryCellOfTheGrid() {
        for (int[][] c : CASES) {
            Frame f = Frame.of(c[0], new float[] {1}, c[1], PaddingMode.REFLECT);
            double[] fit = new double[f.gridVolume];
            double[] y = new double[f.gridVolume];
            double misfit = 0;
            double data = 0;
            for (int k = 0; k < f.gridVolume; k++) {
                fit[k] = k % 7;
                y[k] = k % 5 + 1;
                misfit += (fit[k] - y[k]) * (fit[k] - y[k]);
                data += y[k] * y[k];
            }
            Residual r = new Residual(f.gridVolume, f.grid[f.dims - 1], 3);
            r.add(fit, y, f.gridVolume);
            assertThat(r.relative()).isCloseTo(Math.sqrt(misfit / data), org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}
