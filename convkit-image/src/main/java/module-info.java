/**
 * Images as tensors: PNG and JPEG in and out through ImageIO, the classic named kernels, filtering
 * with border modes, and a built-in test image. See {@link org.convkit.image}.
 */
module org.convkit.image {
    requires transitive org.convkit.core;
    requires transitive java.desktop; // BufferedImage is in this module's API

    exports org.convkit.image;
}
