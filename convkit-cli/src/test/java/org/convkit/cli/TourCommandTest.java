package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convkit tour}: what it prints, and how it refuses. */
class TourCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheTourAndSaysWhere() {
        Path dir = tmp.resolve("tour");
        String out = CliRun.ok("tour", "--output", dir.toString(), "--image-size", "64");
        assertThat(out).isEqualTo("tour written: " + dir.toAbsolutePath().resolve("index.html")
                + " (" + org.convkit.cli.tour.Tour.SECTION_IDS.size() + " sections); open it in a browser" + System.lineSeparator());
        assertThat(dir.resolve("index.html")).isRegularFile();
    }

    @Test
    void refusesAForeignDirectoryOnOneLine() throws IOException {
        Files.writeString(tmp.resolve("keep.txt"), "x");
        CliRun.fails(CliRun.args("tour", "--output", tmp.toString()), "is a non-empty directory that convkit tour "
                + "did not write", "give a new or empty directory");
        assertThat(CliRun.listing(tmp)).containsExactly("keep.txt");
        CliRun.fails(CliRun.args("tour", "--output", tmp.resolve("t").toString(), "--image-size", "8"),
                "image size 8 is outside 32 to");
    }
}
