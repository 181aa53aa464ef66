package org.convkit.algo.winograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.junit.jupiter.api.Test;

/**
 * The measured error table quoted in {@link WinogradConv}'s javadoc: on a resnet-shaped problem
 * (64 channels, 56 x 56, padding 1), the largest error in units of {@code u * sum|x*w|} of its
 * element, next to the stated budget c, for the chosen transform and the alternatives it was chosen
 * over. The chosen one must stay within its budget, and within what the javadoc quotes.
 */
class WinogradErrorTest {
    /** Measured 17.9, 14.0 and 17.5 here (javadoc); a GEMM kernel with another summation order may move them a little. */
    static final double QUOTED_MEASURED = 24;

    @Test
    void measuredErrorOnA64ChannelImageStaysWithinTheStatedBound() {
        ConvProblem p = ConvProblem.conv(new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3},
                ConvSpec.defaults().withPadding(1));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "Winograd error, 1x64x56x56, 64 filters 3x3, padding 1 (units of u * sum|x*w|, u = 2^-24)%n"
                        + "%-58s %-7s %-6s %9s %9s %8s%n", "transform", "pass", "data", "measured", "budget c", "used"));
        ReferenceCheck.Outcome chosen = null;
        Object[][] rows = {
            {WinogradTransform.f43(), Pass.GATHER, -1f}, {WinogradTransform.f43(), Pass.GATHER, 0f},
            {WinogradTransform.f43(), Pass.SCATTER, -1f}, {WinogradTransform.f43Lavin(), Pass.GATHER, -1f},
            {WinogradTransform.f23(), Pass.GATHER, -1f},
            {WinogradTransform.f43(), Pass.WEIGHT_GRAD, -1f}, {WinogradTransform.f43(), Pass.WEIGHT_GRAD, 0f},
            {WinogradTransform.f23(), Pass.WEIGHT_GRAD, -1f},
        };
        for (Object[] row : rows) {
            WinogradTransform t = (WinogradTransform) row[0];
            Pass pass = (Pass) row[1];
            float lo = (Float) row[2];
            WinogradConv w = new WinogradConv(t, null);
            ReferenceCheck.Outcome o = new ReferenceCheck(p, pass, 56, lo).compare(w);
            table.append(String.format(Locale.ROOT, "%-58s %-7s %-6s %9.2f %9.0f %7.1f%%%n", t, pass,
                    lo < 0 ? "[-1,1)" : "[0,1)", o.inU(), w.errorBound(p, pass), 100 * o.ofBudget()));
            if (t.toString().equals(WinogradTransform.f43().toString())) {
                assertThat(o.ofBudget()).as("%s %s: error as a fraction of the budget", pass, lo).isLessThanOrEqualTo(1);
                assertThat(o.inU()).as("%s %s: measured c", pass, lo).isLessThan(QUOTED_MEASURED);
                chosen = o;
            }
        }
        System.out.print(table);
        assertThat(chosen).isNotNull();
    }
}
