package org.convkit.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.convkit.viz.AnimationSpec.Pooling;
import org.junit.jupiter.api.Test;

/**
 * Frames do not drift unnoticed. Two goldens, neither depending on fonts (which differ between
 * machines and JDKs): the storyboard written out as text (every frame's cells, kinds, values and
 * weights), and the pixels of every frame drawn without text and without anti-aliasing (boxes and
 * lines at the scene's coordinates, which Java2D fills identically everywhere). A change that is
 * meant updates the digests below; the failure prints the new ones.
 */
class GoldenTest {
    /** A tiny transposed convolution: padding, inserted zeros, a flipped kernel, two channels and groups. */
    private static final AnimationSpec TINY = AnimationSpec.of(new int[] {2, 3}, new int[] {2, 3}).withStride(2, 1)
            .withPadding("0:1,1").withChannels(2).withFilters(2).withGroups(2).withTransposed(true);
    private static final AnimationSpec POOL = AnimationSpec.of(new int[] {5}, new int[] {3}).withStride(2)
            .withPadding("1").withPooling(Pooling.MAX).withChannels(2);

    private static final String TINY_STORYBOARD = "f9dbad805442592380cb10730fcef05dd90c6057e2b5df22e97da3b755fb538f";
    private static final String TINY_PIXELS = "6554a13bfff95b495e5d66cfcf3891323b687c0e3f4165257e8bc518db7b0a1a";
    private static final String POOL_STORYBOARD = "a97a37582fdc1867c0944a0279e5151826ec20cdf22279f3b6f6e55a92bc696a";
    private static final String POOL_PIXELS = "1514d86160a55a57820d217c09f8b0b03ba777b4f22a4fdb669408011ddddde3";

    @Test
    void theTinyTransposedAnimationIsStable() {
        Animation a = Animations.build(TINY);
        assertThat(sha256(storyboard(a))).as(storyboard(a)).isEqualTo(TINY_STORYBOARD);
        assertThat(pixels(a)).isEqualTo(TINY_PIXELS);
    }

    @Test
    void theOneDimensionalMaxPoolingIsStable() {
        Animation a = Animations.build(POOL);
        assertThat(sha256(storyboard(a))).as(storyboard(a)).isEqualTo(POOL_STORYBOARD);
        assertThat(pixels(a)).isEqualTo(POOL_PIXELS);
    }

    /** The storyboard as text: one line per frame, one entry per tap. */
    static String storyboard(Animation a) {
        StringBuilder sb = new StringBuilder();
        for (Stage s : a.stages()) {
            sb.append(s.title()).append(' ').append(s.canvas()).append('\n');
        }
        for (Frame f : a.frames()) {
            sb.append(f.index()).append(" s").append(f.stage()).append(" m").append(f.map()).append(" @")
                    .append(java.util.Arrays.toString(f.position())).append(" = ").append(f.value()).append(" c")
                    .append(f.chosen()).append(" d").append(f.divisor()).append(" t").append(f.delayMillis())
                    .append(':');
            for (Tap t : f.taps()) {
                sb.append(' ').append(t);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One digest over every frame's textless pixels. */
    private static String pixels(Animation a) {
        MessageDigest md = sha();
        for (int i = 0; i < a.frameCount(); i++) {
            BufferedImage img = FramePainter.render(a, i, false);
            int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            for (int p : px) {
                md.update((byte) (p >> 16));
                md.update((byte) (p >> 8));
                md.update((byte) p);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(String s) {
        return HexFormat.of().formatHex(sha().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
