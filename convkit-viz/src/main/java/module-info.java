/**
 * Animations of every operation (animated GIF through ImageIO, animated SVG, single frames), drawn
 * from the engine's own geometry and values. See {@link org.convkit.viz}.
 */
module org.convkit.viz {
    requires transitive org.convkit.core;
    requires transitive java.desktop; // frames are BufferedImages

    exports org.convkit.viz;
}
