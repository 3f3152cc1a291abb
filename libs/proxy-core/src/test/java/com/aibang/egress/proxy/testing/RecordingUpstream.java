package com.aibang.egress.proxy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP or HTTPS origin on 127.0.0.1 that records what reached it. Paths: {@code /size} answers
 * with the number of body bytes received, {@code /big?n} streams n bytes, anything else says hello.
 */
public final class RecordingUpstream implements AutoCloseable {

    /** Body of an ordinary answer. */
    public static final String HELLO = "hello from upstream";

    /** One request as the origin saw it. */
    public record Seen(String method, String uri, Map<String, List<String>> headers, int remotePort) {
        /** Header lookup ignoring case. */
        public boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
        }

        /** All values of a header, ignoring the case of its name; empty when absent. */
        public List<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private boolean closed;

    private RecordingUpstream(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static RecordingUpstream http() throws IOException {
        return http(0);
    }

    /** On a given loopback port (0 = any free port), e.g. to bring a stopped server back on its port. */
    public static RecordingUpstream http(int port) throws IOException {
        return new RecordingUpstream(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));
    }

    public static RecordingUpstream https(SSLContext sslContext) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
        return new RecordingUpstream(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return seen;
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), exchange.getRemoteAddress().getPort()));
        long received = drain(exchange.getRequestBody());
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/size")) {
            reply(exchange, Long.toString(received).getBytes(StandardCharsets.US_ASCII));
        } else if (path.equals("/big")) {
            long size = Long.parseLong(exchange.getRequestURI().getQuery());
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[8192];
                for (long sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                }
            }
        } else {
            reply(exchange, HELLO.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
        }
        return total;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
