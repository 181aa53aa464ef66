package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convkit tune}'s output check, which runs before the minutes of measuring. */
class TuneCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theCachesDirectoryIsMadeOnANewMachine() throws IOException {
        Path cache = tmp.resolve(".cache").resolve("convkit").resolve("tuning.properties");
        TuneCommand.checkOutput(cache, cache);
        assertThat(cache.getParent()).isDirectory();
    }

    @Test
    void aDirectoryTheUserNamesMustExist() {
        Path cache = tmp.resolve("cache").resolve("tuning.properties");
        Path mine = tmp.resolve("missing").resolve("mine.properties");
        assertThatThrownBy(() -> TuneCommand.checkOutput(mine, cache)).isInstanceOf(CliException.class)
                .hasMessageContaining("no such directory");
        assertThat(mine.getParent()).doesNotExist();
        assertThat(cache.getParent()).doesNotExist();
    }
}
