package org.convkit.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.convkit.io.AtomicWrite;
import org.convkit.tensor.Tensor;

/**
 * PNG and JPEG files as float tensors {@code (C, H, W)} with values in [0, 1], through ImageIO.
 *
 * <p>Channels: 1 for grey, 2 for grey + alpha, 3 for RGB, 4 for RGBA. Alpha is kept as the last
 * channel, straight (not premultiplied), so a PNG written back keeps it. {@link ImageFilter} filters
 * whatever channels it is given; to leave alpha alone (as {@code convkit filter} does), split it off
 * with {@link #colour} and {@link #alpha} and put it back with {@link #withAlpha}. Samples are read as
 * the file stores them (8 or 16 bits, divided by 255 or 65535), without colour management; a
 * palette image is expanded to RGB or RGBA.
 *
 * <p>Writing: the format comes from the extension ({@code .png}, {@code .jpg}, {@code .jpeg}). Each
 * value is clamped to [0, 1] and rounded to the nearest of 256 levels; NaN is written as 0. PNG is
 * lossless, so reading it back gives every value within 1/510 of what was written (exactly the
 * rounded level). JPEG is written at quality {@value #JPEG_QUALITY}, holds 1 or 3 channels only, and
 * is lossy. Files are written atomically ({@link AtomicWrite}): a failed write leaves no partial
 * file.
 */
public final class Images {
    /** The JPEG encoder's quality, 0 to 1: high, because the files are results to look at closely. */
    public static final float JPEG_QUALITY = 0.95f;

    private Images() {
    }

    /** The image formats by file extension. */
    public enum Format {
        /** PNG: lossless, 8 bits per sample. */
        PNG("png"),
        /** JPEG: lossy (quality {@link #JPEG_QUALITY}), no alpha. */
        JPEG("jpeg");

        private final String imageIoName;

        Format(String imageIoName) {
            this.imageIoName = imageIoName;
        }

        /**
         * The format {@code path}'s extension names.
         *
         * @param path a file name ending in .png, .jpg or .jpeg (any case)
         * @return the format
         * @throws IllegalArgumentException for any other extension
         */
        public static Format of(Path path) {
            String name = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return PNG;
            }
            if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                return JPEG;
            }
            throw new IllegalArgumentException("cannot tell the image format of " + path
                    + ": its name should end in .png, .jpg or .jpeg");
        }
    }

    /**
     * Whether an image tensor {@code (C, H, W)} carries alpha: 2 or 4 channels.
     *
     * @param image {@code (C, H, W)}
     * @return true for 2 or 4 channels
     */
    public static boolean hasAlpha(Tensor image) {
        return image.rank() == 3 && (image.size(0) == 2 || image.size(0) == 4);
    }

    /**
     * The colour channels (all but alpha) as a new tensor; the image itself when it has no alpha.
     *
     * @param image {@code (C, H, W)}
     * @return {@code (1 or 3, H, W)}
     */
    public static Tensor colour(Tensor image) {
        return hasAlpha(image) ? channels(image, 0, image.size(0) - 1) : image;
    }

    /**
     * The alpha channel {@code (1, H, W)} as a new tensor; only for an image that {@link #hasAlpha}.
     *
     * @param image {@code (2 or 4, H, W)}
     * @return {@code (1, H, W)}
     * @throws IllegalArgumentException if the image has no alpha
     */
    public static Tensor alpha(Tensor image) {
        if (!hasAlpha(image)) {
            throw new IllegalArgumentException("an image with alpha has 2 or 4 channels; got shape "
                    + Arrays.toString(image.shape()));
        }
        return channels(image, image.size(0) - 1, image.size(0));
    }

    /**
     * {@code colour} {@code (1 or 3, H, W)} with {@code alpha} {@code (1, H, W)} appended as the last channel.
     *
     * @param colour {@code (1 or 3, H, W)}
     * @param alpha {@code (1, H, W)}
     * @return {@code (2 or 4, H, W)}
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public static Tensor withAlpha(Tensor colour, Tensor alpha) {
        if (colour.rank() != 3 || (colour.size(0) != 1 && colour.size(0) != 3) || alpha.rank() != 3 || alpha.size(0) != 1
                || alpha.size(1) != colour.size(1) || alpha.size(2) != colour.size(2)) {
            throw new IllegalArgumentException("withAlpha takes colour (1 or 3, H, W) and alpha (1, H, W); got "
                    + Arrays.toString(colour.shape()) + " and " + Arrays.toString(alpha.shape()));
        }
        float[] out = Arrays.copyOf(colour.data(), colour.numel() + alpha.numel());
        System.arraycopy(alpha.data(), 0, out, colour.numel(), alpha.numel());
        return Tensor.of(out, colour.size(0) + 1, colour.size(1), colour.size(2));
    }

    private static Tensor channels(Tensor image, int from, int to) {
        int plane = image.size(1) * image.size(2);
        return Tensor.of(Arrays.copyOfRange(image.data(), from * plane, to * plane), to - from, image.size(1),
                image.size(2));
    }

    /**
     * Reads a PNG or JPEG file as {@code (C, H, W)} in [0, 1].
     *
     * @param path the file
     * @return {@code (C, H, W)}: 1 grey, 2 grey and alpha, 3 RGB or 4 RGBA channels
     * @throws IOException if the file cannot be read or is not a readable image
     */
    public static Tensor read(Path path) throws IOException {
        BufferedImage image;
        try (InputStream in = Files.newInputStream(path)) {
            image = ImageIO.read(in);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            // ImageIO's decoders throw these on some corrupt files instead of IIOException
            throw new IOException("not a readable image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException("not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
        }
        return fromImage(image);
    }

    /**
     * The most bits any stored sample of an image file has, from its header (the pixels are not
     * decoded): 16 for a 16-bit PNG, 8 for most files, fewer for 1-, 2- or 4-bit greys and palettes.
     * Written images have 8, so a caller can say when a 16-bit input loses precision.
     *
     * @param path the file
     * @return bits per sample, the largest over the bands
     * @throws IOException if the file cannot be read or no ImageIO reader knows it
     */
    public static int sampleBits(Path path) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageTypeSpecifier raw = reader.getRawImageType(0);
                if (raw == null) {
                    return 8;
                }
                int bits = 0;
                for (int size : raw.getColorModel().getComponentSize()) {
                    bits = Math.max(bits, size);
                }
                return bits;
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * The image's samples as {@code (C, H, W)} in [0, 1]; see the class comment for the channels.
     *
     * @param image any image
     * @return {@code (C, H, W)}
     */
    public static Tensor fromImage(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (cm.isAlphaPremultiplied()) {
            image = copyStraight(image);
            cm = image.getColorModel();
        }
        int type = cm.getColorSpace().getType();
        boolean plain = (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
                && (type == ColorSpace.TYPE_GRAY || type == ColorSpace.TYPE_RGB)
                && image.getRaster().getNumBands() == cm.getNumComponents();
        return plain ? fromSamples(image.getRaster(), cm) : fromArgb(image);
    }

    /** Samples as stored, scaled by each band's full range. */
    private static Tensor fromSamples(Raster raster, ColorModel cm) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int c = raster.getNumBands();
        float[] out = new float[c * h * w];
        int[] row = new int[w];
        for (int b = 0; b < c; b++) {
            // a division, not a multiplication by the reciprocal: level k must read as the float nearest k/255
            float full = (1L << cm.getComponentSize(b)) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, row);
                int o = (b * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[o + x] = row[x] / full;
                }
            }
        }
        return Tensor.of(out, c, h, w);
    }

    /** Anything else (palettes, other colour spaces) through Java2D's conversion to sRGB. */
    private static Tensor fromArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int c = image.getColorModel().hasAlpha() ? 4 : 3;
        float[] out = new float[c * h * w];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                for (int b = 0; b < c; b++) {
                    // ARGB packs R at 16, G at 8, B at 0, A at 24
                    int shift = b == 3 ? 24 : 16 - 8 * b;
                    out[(b * h + y) * w + x] = ((p >>> shift) & 0xff) / 255f;
                }
            }
        }
        return Tensor.of(out, c, h, w);
    }

    private static BufferedImage copyStraight(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        WritableRaster copy = image.copyData(null);
        ColorModel straight = cm.coerceData(copy, false);
        return new BufferedImage(straight, copy, false, null);
    }

    /**
     * An 8-bit image of {@code t}, {@code (C, H, W)} or {@code (H, W)} with C in 1 to 4: values
     * clamped to [0, 1] and rounded to 256 levels, NaN as 0.
     *
     * @param t {@code (C, H, W)} or {@code (H, W)}
     * @return grey, grey with alpha, RGB or RGBA by the channel count
     * @throws IllegalArgumentException if the shape is not an image's
     */
    public static BufferedImage toImage(Tensor t) {
        int[] s = t.rank() == 2 ? new int[] {1, t.size(0), t.size(1)} : t.shape();
        if (s.length != 3 || s[0] < 1 || s[0] > 4 || s[1] < 1 || s[2] < 1) {
            throw new IllegalArgumentException("an image tensor has shape (C, H, W) with C = 1 (grey), 2 (grey, alpha),"
                    + " 3 (RGB) or 4 (RGBA), or (H, W); got " + Arrays.toString(t.shape()));
        }
        int c = s[0];
        int h = s[1];
        int w = s[2];
        BufferedImage image = blank(c, w, h);
        WritableRaster raster = image.getRaster();
        float[] x = t.data();
        int[] row = new int[w];
        for (int b = 0; b < c; b++) {
            for (int y = 0; y < h; y++) {
                int o = (b * h + y) * w;
                for (int i = 0; i < w; i++) {
                    row[i] = level(x[o + i]);
                }
                raster.setSamples(0, y, w, 1, b, row);
            }
        }
        return image;
    }

    /** The 8-bit level of one value: clamped, rounded half up, NaN as 0. */
    static int level(float v) {
        if (!(v > 0)) {
            return 0; // NaN too
        }
        return v >= 1 ? 255 : (int) (v * 255f + 0.5f);
    }

    private static BufferedImage blank(int c, int w, int h) {
        switch (c) {
            case 1:
                return new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            case 3:
                return new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            case 4:
                return new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
            default:
                // grey + alpha has no predefined type; PNG's writer accepts this component model
                ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
                return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        }
    }

    /**
     * Writes {@code t} ({@code (C, H, W)} or {@code (H, W)}) as PNG or JPEG by {@code path}'s
     * extension, atomically. Values are clamped to [0, 1] and NaN written as 0; map other ranges
     * first with {@link Display}, or use {@link #writeMap}.
     *
     * @param path the file, replaced whole or left untouched
     * @param t {@code (C, H, W)} or {@code (H, W)}
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the extension or the shape is not an image's
     */
    public static void write(Path path, Tensor t) throws IOException {
        Format format = Format.of(path);
        BufferedImage image = toImage(t);
        int c = image.getColorModel().getNumComponents();
        if (format == Format.JPEG && c != 1 && c != 3) {
            throw new IllegalArgumentException("JPEG holds 1 (grey) or 3 (RGB) channels, not " + c
                    + " (the alpha channel is the last one): write " + path.getFileName() + " as .png, or drop the alpha");
        }
        AtomicWrite.write(path, out -> encode(image, format, out));
    }

    /**
     * Writes a map (a filter response, a feature map: {@code (H, W)} or {@code (C, H, W)}) after
     * mapping its values with {@code display}: {@link Display#MINMAX} for any range,
     * {@link Display#SYMMETRIC} for signed results such as Sobel's, where zero should stay mid-grey.
     *
     * @param path the file, replaced whole or left untouched
     * @param map {@code (C, H, W)} or {@code (H, W)}, any range
     * @param display how values become [0, 1]
     * @throws IOException if the file cannot be written
     */
    public static void writeMap(Path path, Tensor map, Display display) throws IOException {
        write(path, display.apply(map));
    }

    /**
     * Encodes an image to a stream (neither flushed nor closed) in {@code format}.
     *
     * @param image the image
     * @param format PNG or JPEG
     * @param out the stream
     * @throws IOException if encoding or the stream fails
     */
    public static void encode(BufferedImage image, Format format, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.imageIoName);
        if (!writers.hasNext()) {
            throw new IOException("this Java runtime has no " + format + " encoder");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == Format.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
            ios.flush();
        } finally {
            writer.dispose();
        }
    }
}
