package org.convkit.viz;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces an RGB frame to an indexed one for GIF. A drawing has a few flat colours plus the
 * anti-aliased edges of its text; the 256 most frequent colours keep every flat colour exact, and
 * the rare edge colours beyond them go to their nearest kept colour. (ImageIO's own reduction,
 * an octree over every pixel, was ten times slower here and shifts the flat colours.)
 */
final class GifPalette {
    private GifPalette() {
    }

    static BufferedImage indexed(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, int[]> counts = new HashMap<>();
        for (int p : px) {
            counts.computeIfAbsent(p & 0xffffff, k -> new int[1])[0]++;
        }
        List<Map.Entry<Integer, int[]>> byCount = new ArrayList<>(counts.entrySet());
        // most frequent first; ties by colour value so that the palette is the same on every run
        byCount.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Integer.compare(b.getValue()[0], a.getValue()[0])
                : Integer.compare(a.getKey(), b.getKey()));
        int n = Math.min(256, byCount.size());
        int[] palette = new int[n];
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            palette[i] = byCount.get(i).getKey();
            index.put(palette[i], i);
        }
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        IndexColorModel cm = new IndexColorModel(8, n, r, g, b);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        byte[] data = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int c = px[i] & 0xffffff;
            Integer k = index.get(c);
            if (k == null) {
                k = nearest(palette, c);
                index.put(c, k);
            }
            data[i] = (byte) (int) k;
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
}
