package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** torch_peer.py's protocol, counted in calls (never in time), and the progress line's manners. */
class BenchTimerTest {
    private static final BenchTimer.Listener QUIET = new Progress(new PrintWriter(new StringWriter()), false);

    @Test
    void threeWarmUpsThenAtLeastFiveAndAtMostFiftyTimedCalls() {
        AtomicInteger calls = new AtomicInteger();
        BenchTimer.Timing none = BenchTimer.time(calls::incrementAndGet, 0, 0, QUIET);
        assertThat(none.runs()).isEqualTo(5);
        assertThat(calls.get()).isEqualTo(3 + 5);

        calls.set(0);
        // a call of nanoseconds and a budget of minutes: the 50-call cap ends it
        BenchTimer.Timing capped = BenchTimer.time(calls::incrementAndGet, 600, 0, QUIET);
        assertThat(capped.runs()).isEqualTo(50);
        assertThat(calls.get()).isEqualTo(3 + 50);
        assertThat(capped.minMs()).isLessThanOrEqualTo(capped.medianMs());
        assertThat(capped.medianMs()).isLessThanOrEqualTo(capped.maxMs());
    }

    /** The JIT's share: with a warm-up time, untimed calls go on until it has passed (3 at least). */
    @Test
    void theWarmUpLastsAtLeastItsTime() {
        AtomicInteger calls = new AtomicInteger();
        long t0 = System.nanoTime();
        BenchTimer.time(() -> {
            calls.incrementAndGet();
            return null;
        }, 0, 0.05, QUIET);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(50_000_000L);
        assertThat(calls.get()).isGreaterThan(3 + 5);
    }

    @Test
    void progressIsOneRewrittenLineAndNothingWhenOff() {
        StringWriter on = new StringWriter();
        Progress p = new Progress(new PrintWriter(on), true);
        p.start("resnet-3x3");
        p.warmUp(1, 3);
        p.clear();
        assertThat(on.toString()).startsWith("\rtiming resnet-3x3: preparing").doesNotContain("\n").endsWith("\r");

        StringWriter off = new StringWriter();
        Progress q = new Progress(new PrintWriter(off), false);
        q.start("resnet-3x3");
        q.run(1);
        q.clear();
        assertThat(off.toString()).isEmpty();
    }
}
