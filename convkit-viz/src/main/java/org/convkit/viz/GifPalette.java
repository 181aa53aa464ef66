package org.convkit.viz;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.util.Arrays;

/**
 * Reduces an RGB frame to an indexed one for GIF. A drawing has a few flat colours plus the
 * anti-aliased edges of its text; the 256 most frequent colours keep every flat colour exact, and
 * the rare edge colours beyond them go to their nearest kept colour. (ImageIO's own reduction,
 * an octree over every pixel, was ten times slower here and shifts the flat colours.) Colours are
 * counted in an open-addressing table of ints, so the pass over the pixels allocates nothing.
 */
final class GifPalette {
    private static final int EMPTY = -1;

    private GifPalette() {
    }

    /**
     * {@code rgb} as an indexed image. With a {@code previous} picture of the same size, pixels
     * that did not change become the transparent index (the last one), so that over a kept
     * previous frame they show what was there.
     */
    static BufferedImage indexed(BufferedImage rgb, BufferedImage previous) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        int[] old = previous == null ? null : previous.getRGB(0, 0, w, h, null, 0, w);
        ColourTable counts = new ColourTable();
        for (int i = 0; i < px.length; i++) {
            if (old == null || old[i] != px[i]) {
                counts.add(px[i] & 0xffffff);
            }
        }
        long[] byCount = counts.entries();
        // most frequent first; ties by colour value so that the palette is the same on every run
        Arrays.sort(byCount);
        int n = Math.min(old == null ? 256 : 255, byCount.length);
        int[] palette = new int[n];
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        ColourTable index = new ColourTable();
        for (int i = 0; i < n; i++) {
            palette[i] = (int) (byCount[i] & 0xffffff);
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
            index.put(palette[i], i);
        }
        IndexColorModel cm;
        if (old == null) {
            cm = new IndexColorModel(8, n, r, g, b);
        } else {
            // one more entry, transparent; its colour (black) is never shown
            cm = new IndexColorModel(8, n + 1, Arrays.copyOf(r, n + 1), Arrays.copyOf(g, n + 1),
                    Arrays.copyOf(b, n + 1), n);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            if (old != null && old[i] == px[i]) {
                data[i] = (byte) n;
                continue;
            }
            int c = px[i] & 0xffffff;
            int k = index.get(c);
            if (k == EMPTY) {
                k = nearest(palette, c);
                index.put(c, k);
            }
            data[i] = (byte) k;
        }
        return out;
    }

    private static int nearest(int[] palette, int c) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = ((palette[i] >> 16) & 0xff) - ((c >> 16) & 0xff);
            int dg = ((palette[i] >> 8) & 0xff) - ((c >> 8) & 0xff);
            int db = (palette[i] & 0xff) - (c & 0xff);
            long d = 3L * dr * dr + 4L * dg * dg + 2L * db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** A map from 24-bit colours to ints (counts or palette indices), open addressing, growing. */
    private static final class ColourTable {
        private int[] keys = new int[1024];
        private int[] values = new int[1024];
        private int size;

        ColourTable() {
            Arrays.fill(keys, EMPTY);
        }

        void add(int colour) {
            int i = slot(colour);
            if (keys[i] == EMPTY) {
                keys[i] = colour;
                size++;
                if (2 * size > keys.length) {
                    grow();
                    i = slot(colour);
                }
            }
            values[i]++;
        }

        void put(int colour, int value) {
            int i = slot(colour);
            if (keys[i] == EMPTY) {
                keys[i] = colour;
                size++;
                values[i] = value;
                if (2 * size > keys.length) {
                    grow();
                }
                return;
            }
            values[i] = value;
        }

        int get(int colour) {
            int i = slot(colour);
            return keys[i] == EMPTY ? EMPTY : values[i];
        }

        /** (-count, colour) packed so that sorting the longs orders by count descending, then colour. */
        long[] entries() {
            long[] e = new long[size];
            int n = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != EMPTY) {
                    e[n++] = ((long) -values[i] << 24) | keys[i];
                }
            }
            return e;
        }

        private int slot(int colour) {
            int mask = keys.length - 1;
            int i = (colour * 0x9E3779B1) >>> 7 & mask;
            while (keys[i] != EMPTY && keys[i] != colour) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            int[] k = keys;
            int[] v = values;
            keys = new int[k.length * 2];
            values = new int[k.length * 2];
            Arrays.fill(keys, EMPTY);
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (k[i] != EMPTY) {
                    int s = slot(k[i]);
                    keys[s] = k[i];
                    values[s] = v[i];
                    size++;
                }
            }
        }
    }
}
