package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** An iterative deconvolution's bar shows the residual, and for several channels which one runs. */
class IterationProgressTest {
    @Test
    void theBarShowsTheIterationItsResidualAndTheChannel() {
        StringWriter text = new StringWriter();
        long[] now = {0};
        ProgressBar bar = ProgressBar.of(new PrintWriter(text), true, "deconv least-squares", () -> now[0]);
        new IterationProgress(bar, "normal residual", 1).iteration(26, 500, 3.67e-7, 1.41e-6);
        assertThat(text.toString()).isEqualTo("\rdeconv least-squares [#-----------------------] 26/500 residual "
                + "1.41e-06, normal residual 3.67e-07");

        StringWriter rl = new StringWriter();
        ProgressBar b = ProgressBar.of(new PrintWriter(rl), true, "deconv richardson-lucy", () -> now[0]);
        IterationProgress p = new IterationProgress(b, "change", 3);
        p.iteration(250, 600, 0.01, 0.02);
        assertThat(rl.toString()).endsWith("250/600 channel 2/3, iteration 50/200, residual 0.0200, change 0.0100");
        now[0] += StatusLine.MIN_INTERVAL_NS;
        p.iteration(600, 600, 0.001, 0.002);
        assertThat(rl.toString()).endsWith("600/600 channel 3/3, iteration 200/200, residual 0.00200, change 0.00100");
    }
}
