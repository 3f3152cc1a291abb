package com.aibang.egress.egress;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP origin on 127.0.0.1 whose answer per path is a script (status, headers, body) deciding from the
 * request's headers; it records the request headers each path received, in order.
 */
final class ScriptedOrigin implements AutoCloseable {

    /** One answer; status 304 or a null body sends no body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    /** Chooses the answer from the request headers and how many requests the path saw before. */
    interface Script {
        Answer answer(Headers request, int earlier);
    }

    private final HttpServer server;
    private final Map<String, List<Headers>> seen = new ConcurrentHashMap<>();

    ScriptedOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code path} with the script. */
    ScriptedOrigin on(String path, Script script) {
        server.createContext(path, exchange -> handle(exchange, path, script));
        return this;
    }

    /** Request headers the path received so far, in order. */
    List<Headers> seen(String path) {
        return seen.getOrDefault(path, List.of());
    }

    private void handle(HttpExchange exchange, String path, Script script) throws IOException {
        List<Headers> requests = seen.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
        Answer answer = script.answer(exchange.getRequestHeaders(), requests.size());
        requests.add(exchange.getRequestHeaders());
        exchange.getRequestBody().readAllBytes();
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = answer.body() == null ? null : answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.status() == 304 || body == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
        } else {
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
