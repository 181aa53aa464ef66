package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The browser tests' harness fails, not skips, when a browser program is missing, and says how to install it. */
class HeadlessChromiumTest {
    @Test
    void aMissingProgramFailsWithTheInstallCommand() {
        assertThatThrownBy(() -> HeadlessChromium.find("convkit.test.no-such-property", "no-such-chromedriver-xyz"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no-such-chromedriver-xyz")
                .hasMessageContaining("apt-get install -y chromium chromium-driver");
    }

    @Test
    void findsAProgramOnThePath() {
        // 'sh' is on every PATH this build runs on
        assertThat(HeadlessChromium.find("convkit.test.no-such-property", "sh")).isExecutable();
    }
}
