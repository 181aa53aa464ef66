package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The generic progress bar, on a fake clock so the rate limit is tested without timing anything. */
class ProgressBarTest {
    @Test
    void theProgressBarIsOneRewrittenLineRateLimitedAndSilentOffATerminal() {
        StringWriter on = new StringWriter();
        long[] now = {1_000_000_000L};
        ProgressBar bar = ProgressBar.of(new PrintWriter(on), true, "deconv wiener", () -> now[0]);
        bar.update(1, 4, "change 0.1");
        bar.update(2, 4, "change 0.05"); // within 200 ms of the first: skipped
        now[0] += StatusLine.MIN_INTERVAL_NS;
        bar.update(3, 4, "");
        bar.update(4, 4, "done"); // the last step is always drawn
        bar.clear();
        String s = on.toString();
        assertThat(s).doesNotContain("\n").doesNotContain("2/4")
                .contains("\rdeconv wiener [######------------------] 1/4 change 0.1")
                .contains("\rdeconv wiener [##################------] 3/4")
                .contains("\rdeconv wiener [########################] 4/4 done").endsWith("\r");

        StringWriter off = new StringWriter();
        ProgressBar quiet = ProgressBar.of(new PrintWriter(off), false, "x");
        quiet.update(1, 1, "done");
        quiet.clear();
        assertThat(off.toString()).isEmpty();
    }
}
