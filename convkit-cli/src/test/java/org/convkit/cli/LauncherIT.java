package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * {@code bin/convkit serve &} then {@code kill $!}: the signal goes to the launcher's PID, and
     * it must stop the server, not only a shell that leaves Java serving with PID 1 as its parent.
     */
    @Test
    void aSignalToTheLauncherStopsTheServer() throws IOException, InterruptedException {
        Process p = launcher("serve", "--port", "0").start();
        List<ProcessHandle> started = List.of();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("convkit explorer: (http://127\\.0\\.0\\.1:\\d+/)").matcher(out.readLine());
            assertThat(m.find()).as("the first line gives the address").isTrue();
            URI url = URI.create(m.group(1));
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(200);
            // everything the launcher started, taken while they are still its descendants
            started = p.descendants().toList();

            p.destroy(); // SIGTERM to the launcher's PID, as 'kill $!' sends
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the launcher stopped").isTrue();
            assertThat(p.exitValue()).as("the JVM's status after SIGTERM (128 + 15)").isEqualTo(143);
            for (ProcessHandle h : started) {
                assertThat(h.onExit().completeOnTimeout(h, 20, TimeUnit.SECONDS).join().isAlive())
                        .as("the launcher's child %s is still running", h.info().commandLine().orElse("?")).isFalse();
            }
            try {
                http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
                throw new AssertionError("the port still answers after the launcher was killed");
            } catch (ConnectException expected) {
                // closed: the server stopped with the launcher
            }
        } finally {
            // (on a failure, no server is left behind either)
            started.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        Process p = launcher(args).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static ProcessBuilder launcher(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = repoRoot().resolve("bin/convkit").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Files.createTempDirectory("convkit-launcher").toFile());
        pb.environment().put("CONVKIT_NO_BUILD", "1");
        return pb;
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
