package com.aibang.egress.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A real HTTP or HTTPS server on 127.0.0.1 that answers every request and remembers what it received. */
public final class RecordingUpstream implements AutoCloseable {
    /** What one request looked like when it reached the destination. */
    public record Received(String method, String path, Map<String, List<String>> headers) {
        public boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
        }
    }

    private final HttpServer server;
    private final String greeting;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    private RecordingUpstream(HttpServer server, String greeting) {
        this.server = server;
        this.greeting = greeting;
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public static RecordingUpstream plain(String greeting) throws IOException {
        return plain(greeting, new InetSocketAddress("127.0.0.1", 0));
    }

    /** A plain server on a chosen loopback address and port, so tests can tell destinations apart by address. */
    public static RecordingUpstream plain(String greeting, InetSocketAddress address) throws IOException {
        return new RecordingUpstream(HttpServer.create(address, 50), greeting);
    }

    public static RecordingUpstream tls(String greeting, SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new RecordingUpstream(server, greeting);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                new TreeMap<>(exchange.getRequestHeaders())));
        byte[] body = (greeting + " " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int count() {
        return received.size();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
