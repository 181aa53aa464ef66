package org.convkit.viz;

import java.awt.Color;

/**
 * The colours of every drawing: Okabe and Ito's palette, which stays distinguishable under the
 * common colour-vision deficiencies, lightened for fills so that dark text on them stays readable.
 * Kinds of cell differ by line style (solid, dashed) as well as colour, so the drawing reads in grey too.
 */
final class Palette {
    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = new Color(0x1A1A1A);
    static final Color MUTED = new Color(0x6E6E6E);
    static final Color INPUT_FILL = new Color(0xCFE8F7);
    static final Color INPUT_STROKE = new Color(0x3C5A6E);
    static final Color PAD_FILL = Color.WHITE;
    static final Color PAD_STROKE = new Color(0x8C8C8C);
    static final Color ZERO_FILL = new Color(0xE6E6E6);
    static final Color WINDOW_FILL = new Color(0xE6, 0x9F, 0x00, 150);
    static final Color WINDOW_STROKE = new Color(0x9A6A00);
    static final Color OUT_EMPTY = new Color(0xBDBDBD);
    static final Color OUT_DONE_FILL = new Color(0xC3EAD9);
    static final Color OUT_DONE_STROKE = new Color(0x007A5A);
    static final Color OUT_NOW_FILL = new Color(0xF7CDB0);
    static final Color OUT_NOW_STROKE = new Color(0xD55E00);
    static final Color LINK = new Color(0xD5, 0x5E, 0x00, 140);
    static final Color CHOSEN = new Color(0x0072B2);
    /** The input cell a reflect, replicate or circular padding cell copies. */
    static final Color COPIED = new Color(0xCC79A7);
    /** Cells past the padded input that a ceil-mode window hangs over. */
    static final Color BEYOND = new Color(0xC8C8C8);

    private Palette() {
    }
}
