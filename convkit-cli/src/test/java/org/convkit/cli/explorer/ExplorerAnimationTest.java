package org.convkit.cli.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The explorer draws the operation the engine computed: same output shape, for every kind of operation. */
class ExplorerAnimationTest {
    @Test
    void theAnimationsOutputShapeIsTheEngines() {
        List<Settings> cases = List.of(Settings.GUIDE,
                new Settings("convt", "2", "1", "1", "3", "2", "0", "1", "1", "1", "zeros", "false"),
                new Settings("conv", "6,5", "4", "2", "3,2", "2,1", "same", "1", "2", "0", "zeros", "false"),
                new Settings("conv", "7", "1", "1", "3", "1", "0", "2", "1", "0", "zeros", "false"),
                new Settings("conv", "5", "1", "1", "3", "1", "1", "1", "1", "0", "reflect", "false"),
                new Settings("dwsep", "5", "3", "2", "3", "1", "1", "1", "1", "0", "zeros", "false"),
                new Settings("maxpool", "6", "2", "1", "2", "2", "0", "1", "1", "0", "zeros", "false"),
                new Settings("avgpool", "7", "1", "1", "3", "2", "1", "1", "1", "0", "zeros", "false"),
                new Settings("maxpool", "5", "1", "1", "2", "2", "0", "1", "1", "0", "zeros", "true"));
        for (Settings s : cases) {
            int[] drawn = ExplorerAnimation.build(s).outputShape();
            int[] engine = s.outputShape();
            // the animation may draw (C, H, W) or only the spatial part; its spatial sizes must agree
            assertThat(java.util.Arrays.copyOfRange(drawn, drawn.length - 2, drawn.length)).as(s.toString())
                    .containsExactly(engine[1], engine[2]);
            assertThat(ExplorerAnimation.of(s).svg()).as(s.toString()).contains("<svg", "</svg>");
        }
    }
}
