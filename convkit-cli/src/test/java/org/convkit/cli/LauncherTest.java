package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The real {@code bin/convkit}, run as a process against the already packaged jar. */
class LauncherTest {

    @Test
    void theLauncherRunsTheShapeCommand() throws IOException, InterruptedException {
        Path root = repoRoot();
        Assumptions.assumeTrue(root != null, "skipped: no bin/convkit above " + Path.of("").toAbsolutePath());
        Path launcher = root.resolve("bin/convkit");
        Path jar = root.resolve("convkit-cli/target/convkit-cli.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar) && Files.isDirectory(root.resolve("convkit-cli/target/lib")),
                "skipped: " + jar + " is not built yet, and the launcher would start a Maven build inside this one "
                        + "(run 'mvn package' first to include this test)");
        Assumptions.assumeTrue(!stale(root, jar),
                "skipped: sources are newer than " + jar + ", so the launcher would rebuild inside this build");
        Process p = new ProcessBuilder(launcher.toString(), "shape", "--input", "1,3,7,7", "--kernel", "3", "--stride",
                "2").directory(Files.createTempDirectory("convkit-launcher").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(err).isEmpty();
        assertThat(p.exitValue()).isZero();
        assertThat(out).startsWith("convolution [1, 3, 7, 7] -> [1, 3, 3, 3]");
    }

    /** The nearest directory at or above the working directory that holds bin/convkit. */
    private static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bin/convkit"))) {
                return d;
            }
        }
        return null;
    }

    /** The launcher's own rule: a pom.xml or a file under a src/ directory newer than the jar. */
    private static boolean stale(Path root, Path jar) throws IOException {
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (var files = Files.walk(root)) {
            return files.filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
                    .filter(f -> f.getFileName().toString().equals("pom.xml") || root.relativize(f).toString().contains("src/"))
                    .filter(Files::isRegularFile)
                    .anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toMillis() > built;
                        } catch (IOException e) {
                            return true;
                        }
                    });
        }
    }
}
