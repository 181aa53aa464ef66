package org.convkit.algo.direct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.convkit.algo.Pass;
import org.convkit.algo.ReferenceCheck;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * The direct algorithm against the reference within its budget, on the shapes it is chosen for
 * (grouped layers with few channels per group, single-channel filters) and on every option that
 * moves a row's interior and borders: padding wider than the kernel, every padding mode, dilation,
 * flip, strides along and across the row, 1-D to 3-D; and bitwise the same on 1, 2 and 5 threads.
 */
class DirectConvTest {
    private static final DirectConv DIRECT = new DirectConv();

    @Test
    void groupedAndSingleChannelLayersAgreeWithTheReference() {
        List<String> failures = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(11);
        int compared = 0;
        for (int i = 0; i < 160; i++) {
            int dims = 1 + r.nextInt(3);
            int groups = 1 + r.nextInt(4);
            int cbg = 1 + r.nextInt(4);
            int csg = 1 + r.nextInt(3);
            int[] in = new int[dims + 2];
            int[] w = new int[dims + 2];
            in[0] = 1 + r.nextInt(2);
            in[1] = groups * cbg;
            w[0] = groups * csg;
            w[1] = cbg;
            int[] stride = new int[dims];
            int[] dil = new int[dims];
            int[] pb = new int[dims];
            int[] pa = new int[dims];
            for (int d = 0; d < dims; d++) {
                in[d + 2] = 1 + r.nextInt(dims == 3 ? 6 : 17);
                w[d + 2] = 1 + r.nextInt(5);
                stride[d] = r.nextInt(4) == 0 ? 2 : 1;
                dil[d] = r.nextInt(4) == 0 ? 2 : 1;
                pb[d] = r.nextInt(5);
                pa[d] = r.nextInt(5);
            }
            ConvSpec spec = ConvSpec.defaults().withStride(stride).withDilation(dil).withGroups(groups)
                    .withPadding(Padding.of(pb, pa)).withFlip(r.nextInt(4) == 0)
                    .withPaddingMode(PaddingMode.values()[r.nextInt(PaddingMode.values().length)]);
            ConvProblem p;
            try {
                p = ConvProblem.conv(in, w, spec);
            } catch (IllegalArgumentException e) {
                continue;
            }
            ReferenceCheck check = new ReferenceCheck(p, Pass.GATHER, r.nextLong(), -1f);
            ReferenceCheck.Outcome o = check.compare(DIRECT);
            if (!(o.ofBudget() <= 1)) {
                failures.add(o.where());
            }
            for (int t : new int[] {2, 5}) {
                if (!Arrays.equals(o.got(), check.run(DIRECT, t))) {
                    failures.add("differs on " + t + " threads: " + spec + " " + p.geometry());
                }
            }
            compared++;
        }
        assertThat(failures).isEmpty();
        assertThat(compared).isGreaterThan(100);
    }
}
