package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code convkit serve} as a process, from the packaged jar: it prints its address, answers there,
 * and stops when told to (SIGTERM, which runs the same shutdown hook as Ctrl-C's SIGINT), closing
 * its port.
 */
class ServeLauncherIT {
    private static final Pattern URL = Pattern.compile("convkit explorer: (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void servesOnAFreePortAndStopsCleanly() throws IOException, InterruptedException {
        Path target = Path.of("target").toAbsolutePath();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", target.resolve("convkit-cli.jar") + File.pathSeparator
                + target.resolve("lib") + "/*", "org.convkit.cli.Main", "serve", "--port", "0")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // stderr is merged in: without --add-modules the library's one WARNING about the Vector API
            // (two lines of java.util.logging) may come before the address
            String line = out.readLine();
            for (int skipped = 0; line != null && !URL.matcher(line).find() && skipped < 4; skipped++) {
                line = out.readLine();
            }
            assertThat(line).as("the line with the address").isNotNull().matches(URL.pattern() + ".*");
            Matcher m = URL.matcher(line);
            assertThat(m.find()).isTrue();
            URI url = URI.create(m.group(1));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("convkit explorer");

            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped").isTrue();
            try {
                http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("the port still answers after the server stopped");
            } catch (ConnectException expected) {
                // the port is closed
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
