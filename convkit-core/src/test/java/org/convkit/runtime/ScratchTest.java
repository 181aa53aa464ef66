package org.convkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @AfterEach
    void empty() {
        Scratch.clear();
    }

    @Test
    void anArrayGivenBackIsTakenAgainByExactLength() {
        Scratch.clear();
        float[] a = Scratch.take(1000);
        a[3] = 7f;
        Scratch.give(a);
        assertThat(Scratch.held()).isEqualTo(1000);
        assertThat(Scratch.take(999)).isNotSameAs(a).hasSize(999);
        float[] again = Scratch.take(1000);
        assertThat(again).isSameAs(a);
        assertThat(again[3]).as("content is whatever the last user left").isEqualTo(7f);
        assertThat(Scratch.held()).isZero();
        Scratch.give(again);
        assertThat(Scratch.zeros(1000)).isSameAs(a).containsOnly(0f);
    }

    @Test
    void whatIsHeldStaysWithinTheBound() {
        Scratch.clear();
        int big = (int) (Scratch.MAX_FLOATS / 3);
        float[][] arrays = Scratch.take(4, big);
        Scratch.give(arrays);
        assertThat(Scratch.held()).isEqualTo(3L * big).isLessThanOrEqualTo(Scratch.MAX_FLOATS);
        assertThat(oneOf(Scratch.take(big), arrays)).as("a held array is reused").isTrue();
        Scratch.clear();
        assertThat(Scratch.held()).isZero();
        assertThat(oneOf(Scratch.take(big), arrays)).as("after clear, a new array").isFalse();
    }

    private static boolean oneOf(float[] a, float[][] arrays) {
        for (float[] b : arrays) {
            if (a == b) {
                return true;
            }
        }
        return false;
    }

    @Test
    void manyLengthsDoNotPileUp() {
        Scratch.clear();
        for (int n = 1; n <= 3 * Scratch.MAX_LENGTHS; n++) {
            Scratch.give(new float[n]);
        }
        assertThat(Scratch.lengths()).isPositive().isLessThanOrEqualTo(Scratch.MAX_LENGTHS);
    }
}
