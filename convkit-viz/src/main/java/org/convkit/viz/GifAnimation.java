package org.convkit.viz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.convkit.io.AtomicWrite;

/**
 * An {@link Animation} as an animated GIF, written by ImageIO's GIF writer: every frame carries its
 * own delay (a Graphic Control Extension, in hundredths of a second) and the first carries the
 * NETSCAPE2.0 application extension that makes viewers loop forever. Each frame has its own
 * palette ({@link GifPalette}).
 */
public final class GifAnimation {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private GifAnimation() {
    }

    /**
     * Writes the animation to {@code file} atomically (never a half-written GIF).
     *
     * @param a the animation
     * @param file the file, replaced whole or left untouched
     * @throws IOException if the file cannot be written
     */
    public static void write(Animation a, Path file) throws IOException {
        Scene scene = SceneLayout.of(a);
        AtomicWrite.write(file, out -> write(scene, out));
    }

    /**
     * The GIF's bytes.
     *
     * @param a the animation
     * @return an animated GIF that loops forever
     * @throws IOException if encoding fails
     */
    public static byte[] bytes(Animation a) throws IOException {
        Scene scene = SceneLayout.of(a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(scene, out);
        return out.toByteArray();
    }

    private static void write(Scene scene, OutputStream sink) throws IOException {
        ImageWriter writer = gifWriter();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(sink)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            BufferedImage previous = null;
            for (int i = 0; i < scene.frames(); i++) {
                BufferedImage img = FramePainter.render(scene, i, true);
                // frames are kept (disposal 'none'), so each frame after the first stores only the
                // rectangle that changed (the window, the output cell, the caption), and within it
                // the unchanged pixels as transparent, which compresses to almost nothing
                int[] box = previous == null ? new int[] {0, 0, img.getWidth(), img.getHeight()} : changed(previous, img);
                BufferedImage part = GifPalette.indexed(img.getSubimage(box[0], box[1], box[2], box[3]),
                        previous == null ? null : previous.getSubimage(box[0], box[1], box[2], box[3]));
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(part),
                        writer.getDefaultWriteParam());
                timing(meta, scene.frameDelays()[i], i == 0, box);
                writer.writeToSequence(new IIOImage(part, null, meta), writer.getDefaultWriteParam());
                previous = img;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static ImageWriter gifWriter() throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) {
            throw new IOException("this Java runtime has no GIF writer (ImageIO)");
        }
        return it.next();
    }

    /** Sets the frame's delay and, on the first frame, the loop-forever extension. */
    private static void timing(IIOMetadata meta, int delayMillis, boolean first, int[] box)
            throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        // the colour table round-trips through the tree wrongly (entries garbled on JDK 17); without
        // one, the writer takes it from the frame's own IndexColorModel, which is the palette wanted
        for (int i = root.getLength() - 1; i >= 0; i--) {
            if (root.item(i).getNodeName().equals("LocalColorTable")) {
                root.removeChild(root.item(i));
            }
        }
        IIOMetadataNode desc = child(root, "ImageDescriptor");
        desc.setAttribute("imageLeftPosition", Integer.toString(box[0]));
        desc.setAttribute("imageTopPosition", Integer.toString(box[1]));
        desc.setAttribute("imageWidth", Integer.toString(box[2]));
        desc.setAttribute("imageHeight", Integer.toString(box[3]));
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        // the writer takes the transparent index from the frame's IndexColorModel (see GifPalette)
        gce.setAttribute("delayTime", Integer.toString(Math.max(2, Math.round(delayMillis / 10f))));
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            // sub-block 1, then the loop count as a little-endian 16-bit integer: 0 means forever
            app.setUserObject(new byte[] {1, 0, 0});
            apps.appendChild(app);
        }
        meta.setFromTree(FORMAT, root);
    }

    /** {x, y, width, height} of the pixels that differ between two frames; one pixel when none do. */
    static int[] changed(BufferedImage a, BufferedImage b) {
        int w = a.getWidth();
        int h = a.getHeight();
        int[] pa = a.getRGB(0, 0, w, h, null, 0, w);
        int[] pb = b.getRGB(0, 0, w, h, null, 0, w);
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (pa[y * w + x] != pb[y * w + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, 1, 1} : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
