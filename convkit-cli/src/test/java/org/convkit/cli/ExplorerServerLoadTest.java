package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.convkit.cli.explorer.ExplorerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explorer's server under load and under malformed requests: every request answered, the
 * right answer to each, a clear 4xx for what is not a request for the page, and the server still
 * serving afterwards. Malformed requests go over a raw socket, as a client library refuses to send them.
 */
class ExplorerServerLoadTest {
    private static ExplorerServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Small settings of each kind (and one refused), so that the load is the server's, not the drawing's. */
    private static final List<String> PATHS = List.of("/api/explore?operation=conv&size=4&channels=1&filters=1&kernel=3",
            "/api/explore?operation=maxpool&size=4&channels=1&kernel=2&stride=2",
            "/api/explore?operation=convt&size=2&channels=1&filters=1&kernel=2&stride=2",
            "/api/explore?operation=conv&size=3&kernel=5", "/api/explore?foo=bar", "/");

    @BeforeAll
    static void start() throws IOException {
        server = ExplorerServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void eightClientsSendTwoThousandRequestsAndEachGetsItsOwnAnswer() throws Exception {
        // each path's answer, asked alone
        Map<String, HttpResponse<String>> alone = new ConcurrentHashMap<>();
        for (String p : PATHS) {
            alone.put(p, get(p));
        }
        assertThat(alone.values()).extracting(HttpResponse::statusCode).containsOnly(200, 400).contains(200, 400);

        int clients = 8;
        int perClient = 250;
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        String p = PATHS.get((client + i) % PATHS.size());
                        HttpResponse<String> r = get(p);
                        assertThat(r.statusCode()).as(p).isEqualTo(alone.get(p).statusCode());
                        assertThat(r.body()).as(p).isEqualTo(alone.get(p).body());
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(answered.get()).isEqualTo(clients * perClient).isEqualTo(2000);
    }

    /** The JDK's server answers these itself, before any handler: "400 Bad Request", "URISyntaxException thrown". */
    @ParameterizedTest
    @ValueSource(strings = {"/api/explore?size=%zz", "/api/explore?size=7%", "/%zz"})
    void aBadPercentEncodingIs400AndTheServerStaysUp(String target) throws Exception {
        assertThat(status(raw("GET " + target + " HTTP/1.1"))).isEqualTo(400);
        assertThat(get(PATHS.get(0)).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/explore?%e2%82=1", "/../pom.xml", "/%2e%2e/pom.xml", "/%2e%2e%2fpom.xml", "/index.html/../../pom.xml", "/explorer.html",
        "/api/explore/../../pom.xml"})
    void aMalformedOrTraversingRequestIsA4xxAndTheServerStaysUp(String target) throws Exception {
        String reply = raw("GET " + target + " HTTP/1.1");
        assertThat(status(reply)).as(reply).isBetween(400, 499);
        assertThat(reply).doesNotContain("<artifactId>", "Exception");
        assertThat(get(PATHS.get(0)).statusCode()).isEqualTo(200);
    }

    @Test
    void aHugeQueryStringIsRefusedWithItsLength() throws Exception {
        String reply = raw("GET /api/explore?size=7&padding=" + "1".repeat(100_000) + " HTTP/1.1");
        assertThat(status(reply)).as(reply).isBetween(400, 499);
        assertThat(get(PATHS.get(0)).statusCode()).isEqualTo(200);
        HttpResponse<String> r = get("/api/explore?size=7&padding=" + "0".repeat(3000));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("the query is 3015 characters long; the explorer's settings fit in 2048");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends one request line as it is, and returns the whole reply (empty if the server closed at once). */
    private static String raw(String requestLine) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String reply) {
        assertThat(reply).as("an HTTP reply").startsWith("HTTP/1.1 ");
        return Integer.parseInt(reply.substring(9, 12));
    }
}
