package org.convkit.viz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnimationsTest {
    @Test
    void theGuidesSevenBySevenByThreeExample() {
        Animation a = Animations.build(AnimationSpec.of(new int[] {7, 7}, new int[] {3}).withChannels(3)
                .withFilters(2).withStride(2));
        assertThat(a.outputShape()).containsExactly(2, 3, 3);
        assertThat(a.frameCount()).isEqualTo(18 + Animations.HOLD_FRAMES);
        assertThat(a.frames().get(0).taps()).hasSize(27);
    }
}
