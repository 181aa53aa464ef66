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

    /**
     * A scripted clock: calls start at 20 ms and get 0.5% faster each until 1 ms (a JIT compiling
     * kernel after kernel, for about 3.8 s). The warm-up goes on past its second while blocks of
     * calls get faster, and stops once they do not: every timed call is a fast one. A body that
     * never speeds up stops after its first two blocks.
     */
    @Test
    void theWarmUpGoesOnWhileCallsGetFasterAndStopsWhenTheyDoNot() {
        long[] now = {0};
        AtomicInteger calls = new AtomicInteger();
        BenchTimer.Timing t = BenchTimer.time(() -> {
            now[0] += Math.max(1_000_000L, (long) (20e6 * Math.pow(0.995, calls.incrementAndGet())));
            return null;
        }, 0.5, 1.0, QUIET, () -> now[0]);
        assertThat(calls.get()).isGreaterThan(598);
        assertThat(t.maxMs()).isEqualTo(1.0);

        now[0] = 0;
        calls.set(0);
        BenchTimer.Timing steady = BenchTimer.time(() -> {
            calls.incrementAndGet();
            now[0] += 10_000_000L;
            return null;
        }, 0, 1.0, QUIET, () -> now[0]);
        // 1 s of warm-up (100 calls), two blocks of 0.25 s (25 calls each), then the 5 timed calls
        assertThat(calls.get()).isEqualTo(100 + 25 + 25 + 5);
        assertThat(steady.medianMs()).isEqualTo(10.0);

        // never past MAX_WARM_UP_S, however long the calls keep getting faster
        now[0] = 0;
        calls.set(0);
        BenchTimer.time(() -> {
            int c = calls.incrementAndGet();
            now[0] += Math.max(1, 10_000_000L - 10_000L * c);
            return null;
        }, 0, 1.0, QUIET, () -> now[0]);
        assertThat(now[0]).isLessThan((long) ((BenchTimer.MAX_WARM_UP_S + 0.5) * 1e9));
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
