package org.convkit.algo.winograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Pass;
import org.convkit.runtime.Scratch;
import org.convkit.algo.ReferenceCheck;
import org.convkit.algo.depthwise.DepthwiseConv;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * workspaceFloats says what a call allocates: measured with HotSpot's per-thread allocation
 * counter on one thread (so every allocation happens on the calling thread), with {@link Scratch}'s
 * pool emptied first (so buffers kept from an earlier call count too), it must match to within the
 * small tables and objects a call also makes.
 */
public class WorkspaceTest {
    /** Bytes one call of the pass allocates on this thread, after a warm-up call. */
    public static long allocatedBytes(ConvAlgorithm a, ConvProblem p, Pass pass) {
        ReferenceCheck check = new ReferenceCheck(p, pass, 1, -1);
        check.run(a, 1);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            // run() also makes the output array (NaN-filled) and clones the inputs: measure those apart
            long before = mx.getThreadAllocatedBytes(id);
            check.run(NOTHING, 1);
            long baseline = mx.getThreadAllocatedBytes(id) - before;
            // an empty pool, so that the call allocates all it uses (later calls reuse it)
            Scratch.clear();
            before = mx.getThreadAllocatedBytes(id);
            check.run(a, 1);
            best = Math.min(best, mx.getThreadAllocatedBytes(id) - before - baseline);
        }
        return best;
    }

    /** An algorithm that does nothing: what ReferenceCheck.run allocates by itself. */
    private static final ConvAlgorithm NOTHING = new ConvAlgorithm() {
        @Override
        public org.convkit.Algorithm id() {
            return org.convkit.Algorithm.AUTO;
        }

        @Override
        public String unsupported(ConvProblem p, Pass pass) {
            return null;
        }

        @Override
        public double cost(ConvProblem p, Pass pass, int threads) {
            return 0;
        }

        @Override
        public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
            return 0;
        }

        @Override
        public double errorBound(ConvProblem p, Pass pass) {
            return 0;
        }

        @Override
        public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int t) {
        }
    };

    /** Within 2% and 16 KiB of the statement (the rest is tables, index arrays and small objects). */
    public static void matches(ConvAlgorithm a, ConvProblem p, Pass pass) {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        long stated = 4 * a.workspaceFloats(p, pass, 1);
        long measured = allocatedBytes(a, p, pass);
        System.out.printf("WorkspaceTest: %s %s %s: stated %d bytes, allocated %d%n", a.id(), pass, p.geometry(), stated,
                measured);
        assertThat((double) measured).as("%s %s of %s: bytes allocated vs %d stated", a.id(), pass, p.geometry(), stated)
                .isBetween(stated * 0.98, stated * 1.02 + 16384);
    }

    @Test
    void winogradStatesWhatItAllocates() {
        ConvProblem p = ConvProblem.conv(new int[] {2, 48, 30, 30}, new int[] {40, 48, 3, 3},
                ConvSpec.defaults().withPadding(1));
        for (Pass pass : Pass.values()) {
            matches(new WinogradConv(), p, pass);
        }
    }

    @Test
    void depthwiseStatesWhatItAllocates() {
        ConvProblem p = ConvProblem.conv(new int[] {2, 8, 60, 50}, new int[] {16, 1, 3, 3},
                ConvSpec.defaults().withPadding(1).withGroups(8));
        for (Pass pass : Pass.values()) {
            matches(new DepthwiseConv(), p, pass);
        }
    }
}
