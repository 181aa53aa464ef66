package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The real {@code bin/convkit}, run as a process against the packaged jar. An integration test
 * (failsafe, after {@code package}), so the jar always exists; {@code CONVKIT_NO_BUILD=1} keeps
 * the launcher from starting a Maven build inside this one.
 */
class LauncherIT {

    @Test
    void theLauncherRunsTheShapeCommand() throws IOException, InterruptedException {
        Result r = run("shape", "--input", "1,3,7,7", "--kernel", "3", "--stride", "2");
        assertThat(r.err).isEmpty();
        assertThat(r.code).isZero();
        assertThat(r.out).startsWith("convolution [1, 3, 7, 7] -> [1, 3, 3, 3]");
    }

    @Test
    void theLauncherReportsErrorsOnOneLineWithExitCodeTwo() throws IOException, InterruptedException {
        Result r = run("shape", "--input", "1,3,5,5", "--kernel", "7");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.lines()).singleElement().asString()
                .startsWith("error: kernel 7 with dilation 1 spans 7 cells but the padded input has 5");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        Path root = repoRoot();
        String[] cmd = new String[args.length + 1];
        cmd[0] = root.resolve("bin/convkit").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Files.createTempDirectory("convkit-launcher").toFile());
        pb.environment().put("CONVKIT_NO_BUILD", "1");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The nearest directory at or above the working directory that holds bin/convkit. */
    private static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bin/convkit"))) {
                return d;
            }
        }
        throw new IllegalStateException("no bin/convkit above " + Path.of("").toAbsolutePath());
    }
}
