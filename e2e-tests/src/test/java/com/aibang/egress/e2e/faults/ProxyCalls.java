package com.aibang.egress.e2e.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The two calls the fault tests make through a proxy, each bounded by a client-side timeout. */
final class ProxyCalls {
    static final String KIND_GET = "GET";
    static final String KIND_CONNECT = "CONNECT";

    private ProxyCalls() {
    }

    /** A Java HttpClient that sends everything through the proxy on 127.0.0.1:{@code proxyPort}. */
    static HttpClient client(int proxyPort, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
                .connectTimeout(connectTimeout)
                .build();
    }

    /** GET {@code url} (absolute-form through the proxy); the whole exchange must finish within {@code timeout}. */
    static Load.Result get(HttpClient client, String url, Duration timeout) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Load.Result(KIND_GET, url, response.statusCode(),
                    response.headers().firstValue(ProxyReply.REASON_HEADER).orElse(""),
                    response.headers().firstValue(ProxyReply.TIER_HEADER).orElse(""), response.body(), null);
        } catch (IOException e) {
            return Load.Result.failed(KIND_GET, url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Load.Result.failed(KIND_GET, url, e);
        }
    }

    /**
     * CONNECT {@code host:port} from {@code sourceIp} and close again once the proxy answered; the socket's read timeout
     * bounds the wait.
     */
    static Load.Result connect(String sourceIp, int proxyPort, String host, int port, Duration timeout) {
        String target = host + ":" + port;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceIp, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", proxyPort), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            ProxyReply reply = ProxyReply.connect(socket, host, port);
            return new Load.Result(KIND_CONNECT, target, reply.status(), reply.header(ProxyReply.REASON_HEADER).orElse(""),
                    reply.header(ProxyReply.TIER_HEADER).orElse(""), "", null);
        } catch (IOException e) {
            return Load.Result.failed(KIND_CONNECT, target, e);
        }
    }
}
