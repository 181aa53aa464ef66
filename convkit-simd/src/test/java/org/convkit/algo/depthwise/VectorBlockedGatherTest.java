package org.convkit.algo.depthwise;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.junit.jupiter.api.Test;

/** With the vector kernels, small maps of many channels take the channel-blocked GATHER, within its budget. */
class VectorBlockedGatherTest {
    private static ConvProblem depthwise(int n, int c, int size, int k, int stride) {
        return ConvProblem.conv(new int[] {n, c, size, size}, new int[] {c, 1, k, k},
                ConvSpec.defaults().withGroups(c).withStride(stride).withPadding(Padding.of(k / 2, k / 2)));
    }

    @Test
    void efficientNetsLateLayersRunBlockedAndAgreeWithTheReference() {
        DepthwiseConv dw = new DepthwiseConv();
        ConvProblem[] taken = {depthwise(1, 1152, 7, 5, 1), depthwise(2, 960, 7, 3, 1), depthwise(1, 672, 14, 5, 2),
            depthwise(1, 37, 7, 3, 1),
            // the last row and column never read (a stride and no padding), and a 3-D map
            ConvProblem.conv(new int[] {1, 48, 8, 8}, new int[] {48, 1, 3, 3}, ConvSpec.defaults().withGroups(48).withStride(2)),
            ConvProblem.conv(new int[] {1, 32, 5, 5, 5}, new int[] {32, 1, 3, 3, 3},
                    ConvSpec.defaults().withGroups(32).withPadding(1))};
        long seed = 5;
        // at 128 bits (4 lanes) the row loops may well be cheaper: the choice is only asserted on wider vectors
        boolean wide = org.convkit.runtime.Kernels.active().blockLanes() >= 8;
        for (ConvProblem p : taken) {
            if (wide) {
                assertThat(dw.blockedGather(p)).as("%s", p.geometry()).isTrue();
            }
            ReferenceCheck.Outcome o = new ReferenceCheck(p, Pass.GATHER, seed++, -1).compare(dw);
            assertThat(o.ofBudget()).as("%s", p.geometry()).isLessThanOrEqualTo(1.0);
        }
        // large maps stay on the row loops
        assertThat(dw.blockedGather(depthwise(1, 32, 112, 3, 1))).isFalse();
    }
}
