package org.convkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convkit.image.Images;
import org.convkit.tensor.Tensor;

/**
 * The image commands' file access, worded like {@link NpyFiles}'s ("cannot read X.png: no such
 * file"); writes are atomic ({@link Images#write}).
 */
final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Reads a PNG or JPEG as {@code (C, H, W)} in [0, 1], noting once when its samples have more
     * bits than the 8 that images are written with (a 16-bit PNG).
     */
    static Tensor read(Path path) {
        if (Files.isDirectory(path)) {
            throw new CliException("cannot read " + path + ": it is a directory");
        }
        try {
            Tensor image = Images.read(path);
            int bits = Images.sampleBits(path);
            if (bits > 8) {
                Notices.note(path + " has " + bits + " bits per sample; it is filtered at that precision, in float32, "
                        + "but written images have 8 bits per sample");
            }
            return image;
        } catch (IOException e) {
            throw new CliException("cannot read " + path + ": " + NpyFiles.reason(e), e);
        }
    }

    /**
     * Fails now, before any computing, if {@code path} could not be written later: its directory,
     * and its extension (which sets the format).
     */
    static void checkWritable(String option, Path path) {
        NpyFiles.checkName(option, path, "out.png");
        NpyFiles.checkWritable(path);
        Images.Format.of(path);
    }

    /** Writes {@code t} (clamped to [0, 1]) atomically in the format of {@code path}'s extension. */
    static void write(Path path, Tensor t) {
        try {
            Images.write(path, t);
        } catch (IOException e) {
            throw new CliException("cannot write " + path + ": " + NpyFiles.reason(e), e);
        }
    }
}
