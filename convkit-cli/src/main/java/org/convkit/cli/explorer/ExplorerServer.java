package org.convkit.cli.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.convkit.cli.Json;

/**
 * The explorer on the loopback interface: {@code GET /} is the page, {@code GET /api/explore?...}
 * the engine's answer for the form's settings (200 with JSON, or 400 with {@code {"error": ...}}
 * holding the engine's message). Binds 127.0.0.1 only: it is a local tool, not a service.
 */
public final class ExplorerServer implements AutoCloseable {
    /** The page is a resource, so that it stays one readable HTML file. */
    private static final String PAGE = "explorer.html";

    /** The longest query read: every setting at its longest fits many times over. */
    static final int MAX_QUERY = 2048;

    private final HttpServer server;
    private final ExecutorService workers;
    private final byte[] page;

    private ExplorerServer(HttpServer server, ExecutorService workers, byte[] page) {
        this.server = server;
        this.workers = workers;
        this.page = page;
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} ({@code 0}: any free port). Throws
     * {@link java.net.BindException} when the port is taken.
     */
    public static ExplorerServer start(int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535 (0 picks any free port)");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        // two workers: the machine is small, and one slow animation must not block the next request
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "convkit-explorer");
            t.setDaemon(true);
            return t;
        });
        ExplorerServer s = new ExplorerServer(server, workers, page());
        server.createContext("/", s::root);
        server.createContext("/api/explore", s::explore);
        server.setExecutor(workers);
        server.start();
        return s;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8731/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: requests in flight are answered by the page's next try, if any. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void root(HttpExchange ex) throws IOException {
        try (ex) {
            if (!allowed(ex) || !at(ex, "/", "/index.html")) {
                return;
            }
            send(ex, 200, "text/html; charset=utf-8", page);
        }
    }

    private void explore(HttpExchange ex) throws IOException {
        try (ex) {
            // the context matches by prefix: /api/explore/../../pom.xml would otherwise be an exploration
            if (!allowed(ex) || !at(ex, "/api/explore")) {
                return;
            }
            int status;
            String body;
            String raw = ex.getRequestURI().getRawQuery();
            try {
                if (raw != null && raw.length() > MAX_QUERY) {
                    throw new IllegalArgumentException("the query is " + raw.length() + " characters long; the"
                            + " explorer's settings fit in " + MAX_QUERY);
                }
                body = Exploration.json(Settings.from(query(raw)));
                status = 200;
            } catch (IllegalArgumentException e) {
                body = new Json().field("error", e.getMessage()).toString();
                status = 400;
            } catch (RuntimeException e) {
                // a bug, not a bad setting: say so in the page, and leave the trace where the server runs
                e.printStackTrace();
                body = new Json().field("error", "internal error: " + e + " (please report it)").toString();
                status = 500;
            }
            send(ex, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean allowed(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", ("method " + m + " not allowed\n").getBytes(StandardCharsets.UTF_8));
        return false;
    }

    /** Whether the request is for one of {@code paths} exactly; if not, answers 404 and says where the explorer is. */
    private static boolean at(HttpExchange ex, String... paths) throws IOException {
        String path = ex.getRequestURI().getPath();
        for (String p : paths) {
            if (p.equals(path)) {
                return true;
            }
        }
        send(ex, 404, "text/plain; charset=utf-8", ("no page at " + path + "; the explorer is at /\n")
                .getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The decoded query parameters, the last value winning. */
    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            // (a bad percent-encoding never gets here: the JDK's server answers 400 to such a URI)
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    private static byte[] page() {
        try (InputStream in = ExplorerServer.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the explorer page " + PAGE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
