package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.convkit.cli.explorer.ExplorerServer;
import org.convkit.DepthwiseSeparable;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explorer's HTTP endpoints, over a real loopback socket: the engine's answers, its messages,
 * and the server under load and under malformed requests (every request answered, the right answer
 * to each, a clear 4xx for what is not a request for the page, the server still serving after).
 * Malformed requests go over a raw socket, as a client library refuses to send them.
 */
class ExplorerServerTest {
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

    private record Reply(int status, String type, String body) {
        Map<?, ?> json() {
            return (Map<?, ?>) JsonReader.parse(body);
        }
    }

    private static Reply get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.url().resolve(pathAndQuery)).GET().build());
    }

    private static Reply send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body());
    }

    private static List<Long> longs(int[] v) {
        return Arrays.stream(v).mapToObj(i -> (long) i).toList();
    }

    @Test
    void bindsTheLoopbackInterfaceOnAFreePort() {
        assertThat(server.port()).isPositive();
        assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @Test
    void servesTheSelfContainedPage() throws Exception {
        Reply r = get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.type()).startsWith("text/html");
        assertThat(r.body()).contains("id=\"output-shape\"", "api/explore")
                // offline: nothing fetched from anywhere but this server
                .doesNotContain("http://", "https://", "src=\"//");
    }

    @Test
    void answersTheGuideExampleWithTheEnginesShapeAndFormula() throws Exception {
        Reply r = get("/api/explore?operation=conv&size=7&channels=3&filters=2&kernel=3&stride=2&padding=0");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.type()).startsWith("application/json");
        Map<?, ?> j = r.json();
        ConvProblem p = ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 3, 3}, ConvSpec.defaults().withStride(2));
        assertThat(j.get("output")).isEqualTo(longs(p.userOutputShape())).isEqualTo(List.of(2L, 3L, 3L));
        assertThat(j.get("input")).isEqualTo(List.of(3L, 7L, 7L));
        assertThat(j.get("weights")).isEqualTo(List.of(List.of(2L, 3L, 3L, 3L)));
        assertThat((String) j.get("svg")).contains("<svg", "</svg>");
        assertThat(j.get("animation_note")).isEqualTo("");
        assertThat(j.get("cost")).isNull();
        assertThat(j.get("explain")).isEqualTo(p.geometry().explain());
        assertThat(j.get("summary")).isEqualTo("7x7x3 input, 2 filters 3x3x3 -> 3x3x2");
        assertThat(j.keySet().stream().map(Object::toString).toList()).containsExactly("operation", "input", "output", "weights", "kernel", "stride", "dilation",
                "padding", "output_padding", "explain", "summary", "cost", "svg", "animation_note");
    }

    @Test
    void answersTransposedConvolutionWithOutputPaddingAndAPaddingWord() throws Exception {
        Map<?, ?> j = get("/api/explore?operation=convt&size=4,3&channels=2&filters=6&groups=2&kernel=3"
                + "&stride=2&padding=1&dilation=1&output_padding=1").json();
        ConvSpec s = ConvSpec.defaults().withGroups(2).withStride(2).withPadding(1).withOutputPadding(1);
        ConvProblem p = ConvProblem.convTranspose(new int[] {2, 4, 3}, new int[] {2, 3, 3, 3}, s);
        assertThat(j.get("output")).isEqualTo(longs(p.userOutputShape())).isEqualTo(List.of(6L, 8L, 6L));
        assertThat(j.get("operation")).isEqualTo("transposed convolution");

        Map<?, ?> same = get("/api/explore?size=7&stride=2&padding=same").json();
        assertThat(same.get("padding")).isEqualTo(List.of(List.of(1L, 1L), List.of(1L, 1L)));
        assertThat((String) same.get("explain")).contains("padding 'same' gives 1 before and 1 after");
    }

    @Test
    void answersPoolingWithTheEnginesShape() throws Exception {
        Map<?, ?> j = get("/api/explore?operation=maxpool&size=7&channels=4&kernel=3&stride=2&padding=1&dilation=1")
                .json();
        PoolProblem p = PoolProblem.of(new int[] {4, 7, 7}, PoolSpec.max(3, 3).withStride(2).withPadding(Padding.of(1)));
        assertThat(j.get("output")).isEqualTo(longs(p.userOutputShape())).isEqualTo(List.of(4L, 4L, 4L));
        assertThat(j.get("weights")).isEqualTo(List.of());
        assertThat((String) j.get("svg")).contains("<svg", "</svg>");
    }

    @Test
    void answersDepthwiseSeparableWithItsCostAgainstTheStandardConvolution() throws Exception {
        Map<?, ?> j = get("/api/explore?operation=dwsep&size=7&channels=3&filters=128&kernel=3&stride=1&padding=1")
                .json();
        DepthwiseSeparable.Cost c = DepthwiseSeparable.cost(new int[] {3, 7, 7}, new int[] {3, 1, 3, 3},
                new int[] {128, 3, 1, 1}, ConvSpec.defaults().withPadding(1));
        assertThat(j.get("output")).isEqualTo(List.of(128L, 7L, 7L));
        assertThat(j.get("weights")).isEqualTo(List.of(List.of(3L, 1L, 3L, 3L), List.of(128L, 3L, 1L, 1L)));
        assertThat(j.get("cost")).isEqualTo(Map.of("standard_parameters", c.standardParameters(),
                "separable_parameters", c.separableParameters(), "standard_multiply_adds", c.standardMultiplyAdds(),
                "separable_multiply_adds", c.separableMultiplyAdds()));
        assertThat(c.standardParameters()).isEqualTo(128L * 27);
    }

    @Test
    void settingsTooLargeToDrawStillAnswerTheShapeAndSayWhyThereIsNoAnimation() throws Exception {
        Reply r = get("/api/explore?size=200&channels=3&filters=8&kernel=3&stride=1");
        assertThat(r.status()).isEqualTo(200);
        Map<?, ?> j = r.json();
        assertThat(j.get("output")).isEqualTo(List.of(8L, 198L, 198L));
        assertThat(j.get("svg")).isEqualTo("");
        assertThat((String) j.get("animation_note")).startsWith("no animation: ");
    }

    @Test
    void badSettingsAnswer400WithTheEnginesOwnMessage() throws Exception {
        String message = messageOf(() -> ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 9, 9},
                ConvSpec.defaults().withStride(2)));
        Reply r = get("/api/explore?size=7&kernel=9");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).startsWith("application/json");
        assertThat(r.json()).isEqualTo(Map.of("error", message));
        assertThat(message).contains("kernel 9");

        assertThat(get("/api/explore?stride=0").json().get("error")).isEqualTo("stride must be at least 1, got 0");
        assertThat(get("/api/explore?padding=sometimes").json().get("error"))
                .isEqualTo(messageOf(() -> Padding.parse("sometimes")));
        assertThat(get("/api/explore?channels=3&groups=2").json().get("error"))
                .isEqualTo("in_channels 3 is not divisible by groups 2: each group takes an equal share of the input channels");
        assertThat(get("/api/explore?operation=convt&stride=2&output_padding=2").status()).isEqualTo(400);
        assertThat(get("/api/explore?channels=3,4").json().get("error"))
                .isEqualTo("channels takes one integer, got 2 values [3, 4]");
        assertThat(get("/api/explore?size=7,5,3").json().get("error")).asString().startsWith("input size has 3 values");
        assertThat(get("/api/explore?operation=rotate").json().get("error"))
                .isEqualTo("operation 'rotate' is not one of conv, convt, dwsep, maxpool, avgpool");
    }

    @Test
    void anUnknownParameterIsRefusedNamingTheKnownOnes() throws Exception {
        assertThat(refused("op=transposed&output_padding=1"))
                .isEqualTo("unknown parameter 'op' (did you mean 'operation'?); the parameters are operation, size, channels,"
                        + " filters, kernel, stride, padding, dilation, groups, output_padding, padding_mode,"
                        + " ceil_mode");
        assertThat(refused("foo=bar")).startsWith("unknown parameter 'foo'; the parameters are operation, size,");
    }

    @Test
    void aParameterThatDoesNotApplyIsRefusedNotIgnored() throws Exception {
        assertThat(refused("operation=conv&output_padding=1"))
                .isEqualTo("parameter 'output_padding' does not apply to convolution; it applies to transposed convolution. The"
                        + " parameters of convolution are operation, size, channels, filters, kernel, stride, padding,"
                        + " dilation, groups, padding_mode");
        assertThat(refused("operation=convt&padding_mode=reflect"))
                .startsWith("parameter 'padding_mode' does not apply to transposed convolution; it applies to"
                        + " convolution.");
        assertThat(refused("operation=avgpool&dilation=2"))
                .startsWith("parameter 'dilation' does not apply to average pooling;");
        assertThat(refused("operation=maxpool&filters=2")).startsWith("parameter 'filters' does not apply");
        // what the page sends for each operation is accepted
        assertThat(get("/api/explore?operation=convt&size=2&channels=1&filters=1&kernel=3&stride=2&padding=0"
                + "&dilation=1&groups=1&output_padding=1").status()).isEqualTo(200);
    }

    @Test
    void aCopyingPaddingModeIsComputedAndDrawn() throws Exception {
        Reply r = get("/api/explore?operation=conv&size=5&channels=1&filters=1&kernel=3&stride=1&padding=1"
                + "&padding_mode=reflect");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("output")).isEqualTo(List.of(1L, 5L, 5L));
        assertThat(r.json().get("svg")).asString().contains("padding mode reflect", "the cell it copies");
        assertThat(refused("padding_mode=mirror")).contains("mirror");
        Reply ceil = get("/api/explore?operation=maxpool&size=5&channels=1&kernel=2&stride=2&ceil_mode=true");
        assertThat(ceil.json().get("output")).isEqualTo(List.of(1L, 3L, 3L));
        assertThat(ceil.json().get("svg")).asString().contains("past the input (ceil_mode: not read)");
        assertThat(refused("operation=maxpool&ceil_mode=yes")).isEqualTo("ceil_mode 'yes' is not true or false");
    }

    @Test
    void aNumberTooLargeIsCalledTooLargeWithTheRange() throws Exception {
        assertThat(refused("stride=99999999999")).isEqualTo("stride '99999999999': 99999999999 is too large; the explorer takes"
                + " stride from 1 to 4096");
        assertThat(refused("size=7,5000")).isEqualTo("size '7,5000': 5000 is too large; the explorer takes size from 1 to 4096");
        assertThat(refused("padding=1:99999")).isEqualTo("padding '1:99999': 99999 is too large; the explorer takes padding from 0 to 4096");
        // the largest settings still answer, with their counts exact
        assertThat(get("/api/explore?operation=dwsep&size=4096&channels=4096&filters=4096&kernel=1").status())
                .isEqualTo(200);
    }

    @Test
    void answersStaySmallALargeLayerIsDrawnForOneChannel() throws Exception {
        Reply guide = get("/api/explore");
        assertThat(guide.body().length()).isLessThan(200_000);
        assertThat(guide.json().get("animation_note")).isEqualTo("");
        // the example: a 5x5 depthwise separable layer (the page's preset) answered 557 KB
        Reply preset = get("/api/explore?operation=dwsep&size=5&channels=3&filters=2&kernel=3&stride=1&padding=0"
                + "&dilation=1");
        assertThat(preset.body().length()).isLessThan(200_000);
        assertThat(preset.json().get("svg")).asString().startsWith("<?xml");
        for (String q : List.of("operation=dwsep&size=5&channels=8&filters=8&kernel=5&padding=same",
                "operation=conv&size=9&channels=16&filters=16&kernel=3&padding=same")) {
            Reply r = get("/api/explore?" + q);
            assertThat(r.status()).as(q).isEqualTo(200);
            assertThat(r.body().length()).as(q).isLessThan(200_000);
            assertThat(r.json().get("svg")).as(q).asString().startsWith("<?xml");
            assertThat(r.json().get("animation_note")).as(q).asString()
                    .startsWith("drawn for one input channel and one filter");
        }
        Reply huge = get("/api/explore?operation=conv&size=60&channels=1&filters=1&kernel=9&padding=same");
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.body().length()).isLessThan(10_000);
        assertThat(huge.json().get("animation_note")).asString().startsWith("no animation:");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/nothing-here").status()).isEqualTo(404);
        Reply post = send(HttpRequest.newBuilder(server.url().resolve("/api/explore"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.status()).isEqualTo(405);
    }

    @Test
    void aTakenPortIsReportedWithTheFix() {
        String line = CliRun.fails(CliRun.args("serve", "--port", Integer.toString(server.port())),
                "port " + server.port() + " on 127.0.0.1 is in use", "--port 0");
        assertThat(line).doesNotContain("Exception");
        CliRun.fails(CliRun.args("serve", "--port", "70000"), "port 70000 is not between 0 and 65535");
    }

    @Test
    void eightClientsSendTwoThousandRequestsAndEachGetsItsOwnAnswer() throws Exception {
        // each path's answer, asked alone
        Map<String, Reply> alone = new ConcurrentHashMap<>();
        for (String p : PATHS) {
            alone.put(p, get(p));
        }
        assertThat(alone.values()).extracting(Reply::status).containsOnly(200, 400).contains(200, 400);

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
                        Reply r = get(p);
                        assertThat(r.status()).as(p).isEqualTo(alone.get(p).status());
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
        assertThat(get(PATHS.get(0)).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/explore?%e2%82=1", "/../pom.xml", "/%2e%2e/pom.xml", "/%2e%2e%2fpom.xml", "/index.html/../../pom.xml", "/explorer.html",
        "/api/explore/../../pom.xml"})
    void aMalformedOrTraversingRequestIsA4xxAndTheServerStaysUp(String target) throws Exception {
        String reply = raw("GET " + target + " HTTP/1.1");
        assertThat(status(reply)).as(reply).isBetween(400, 499);
        assertThat(reply).doesNotContain("<artifactId>", "Exception");
        assertThat(get(PATHS.get(0)).status()).isEqualTo(200);
    }

    @Test
    void aHugeQueryStringIsRefusedWithItsLength() throws Exception {
        String reply = raw("GET /api/explore?size=7&padding=" + "1".repeat(100_000) + " HTTP/1.1");
        assertThat(status(reply)).as(reply).isBetween(400, 499);
        assertThat(get(PATHS.get(0)).status()).isEqualTo(200);
        assertThat(refused("size=7&padding=" + "0".repeat(3000))).contains("the query is 3015 characters long; the explorer's settings fit in 2048");
    }

    /** The error of a refused query: status 400 with JSON {"error": ...}. */
    private static String refused(String query) throws IOException, InterruptedException {
        Reply r = get("/api/explore?" + query);
        assertThat(r.status()).as(query).isEqualTo(400);
        return (String) r.json().get("error");
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

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("the engine accepted settings the test expects it to refuse");
    }
}
