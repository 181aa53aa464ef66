package org.convkit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the session builder decides, on every Java the build runs on. */
class SessionsTest {
    @Test
    void localMastersRetryFailedTasks() {
        assertThat(Sessions.withRetries("local[2]")).isEqualTo("local[2,4]");
        assertThat(Sessions.withRetries("local[*]")).isEqualTo("local[*,4]");
        assertThat(Sessions.withRetries("local[2,3]")).isEqualTo("local[2,3]");
        assertThat(Sessions.withRetries("spark://host:7077")).isEqualTo("spark://host:7077");
    }

    @Test
    void aJavaThatHadoopCannotRunOnIsRefusedClearly() {
        if (Runtime.version().feature() >= Sessions.FIRST_UNSUPPORTED_JAVA) {
            assertThatThrownBy(Sessions::requireSupportedJava).hasMessageContaining("runs on Java 17 to 23")
                    .hasMessageContaining("JEP 486");
        } else {
            Sessions.requireSupportedJava();
        }
    }
}
