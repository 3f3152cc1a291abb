package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestCertificates;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine as tier 2 (direct route) against real policy gRPC, real origins and real clients. */
class DirectProxyTest {

    @TempDir
    static Path tempDir;

    static PolicyServerDouble policy;
    static RecordingUpstream upstream;
    static RecordingUpstream tlsUpstream;
    static TestCertificates certificates;
    static TestProxies proxy;

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        upstream = RecordingUpstream.http();
        certificates = TestCertificates.generate(tempDir, "allowed.test", "denied.test");
        tlsUpstream = RecordingUpstream.https(certificates.serverContext());
        proxy = new TestProxies(ProxyTier.EGRESS, policy.port(), new DirectRoute(), SourceIdentityResolver.IP_ONLY);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        upstream.close();
        tlsUpstream.close();
        policy.close();
    }

    @BeforeEach
    void clearRecords() {
        upstream.seen().clear();
        tlsUpstream.seen().clear();
        policy.received().clear();
    }

    private HttpClient client() throws Exception {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())))
                .sslContext(certificates.clientContext())
                .build();
    }

    @Test
    void plainRequestsShareOneClientConnectionAndOneUpstreamConnection() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            for (String path : List.of("/first", "/second?q=1")) {
                raw.send("GET http://allowed.test:" + upstream.port() + path + " HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertEquals(200, response.status());
                assertEquals(RecordingUpstream.HELLO, response.body());
            }
        }
        assertEquals(2, upstream.seen().size());
        assertEquals("/first", upstream.seen().get(0).uri());
        assertEquals("/second?q=1", upstream.seen().get(1).uri());
        assertEquals(upstream.seen().get(0).remotePort(), upstream.seen().get(1).remotePort(),
                "second request should reuse the upstream connection");
        assertEquals(2, policy.received().size(), "every request is checked");
        CheckRequest check = policy.received().get(1);
        assertEquals("allowed.test", check.getDestination().getHost());
        assertEquals(upstream.port(), check.getDestination().getPort());
        assertEquals("GET", check.getDestination().getMethod());
        assertEquals("/second", check.getDestination().getPath());
        assertEquals("127.0.0.1", check.getSource().getIp());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String host = "allowed.test:" + upstream.port();
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.send("GET http://" + host + "/one HTTP/1.1\r\nHost: " + host + "\r\n\r\n"
                    + "POST http://" + host + "/size HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET http://" + host + "/three HTTP/1.0\r\nHost: " + host + "\r\n\r\n");
            assertEquals(RecordingUpstream.HELLO, raw.read().body());
            assertEquals("5", raw.read().body());
            RawHttp.Response last = raw.read();
            assertEquals(RecordingUpstream.HELLO, last.body());
            assertEquals("close", last.header("connection"), "HTTP/1.0 without keep-alive ends the connection");
            assertTrue(raw.closedByPeer());
        }
        assertEquals(List.of("/one", "/size", "/three"), upstream.seen().stream().map(RecordingUpstream.Seen::uri).toList());
    }

    @Test
    void curlUploadWithExpectContinue() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/curl").canExecute(),
                "curl not installed (apt-get install curl); skipping");
        Path body = tempDir.resolve("upload.bin");
        java.nio.file.Files.write(body, new byte[3 * 1024 * 1024]);
        ProcessBuilder builder = new ProcessBuilder("curl", "-sS", "--max-time", "60", "--interface", "127.0.0.3",
                "--proxy", "http://127.0.0.1:" + proxy.port(), "-H", "Expect: 100-continue",
                "--data-binary", "@" + body, "http://allowed.test:" + upstream.port() + "/size").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.toLowerCase().endsWith("_proxy"));
        Process curl = builder.start();
        String output = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(90, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), output);
        assertEquals(Integer.toString(3 * 1024 * 1024), output);
        assertEquals("127.0.0.3", policy.received().get(0).getSource().getIp());
    }

    @Test
    void largeBodiesStreamBothWays() throws Exception {
        HttpClient client = client();
        int size = 16 * 1024 * 1024;
        HttpResponse<String> upload = client.send(HttpRequest.newBuilder(
                        URI.create("http://allowed.test:" + upstream.port() + "/size"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode());
        assertEquals(Integer.toString(size), upload.body());
        HttpResponse<byte[]> download = client.send(HttpRequest.newBuilder(
                URI.create("http://allowed.test:" + upstream.port() + "/big?" + size)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals(size, download.body().length);
    }

    @Test
    void connectTunnelCarriesTls() throws Exception {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(
                URI.create("https://allowed.test:" + tlsUpstream.port() + "/secure")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(RecordingUpstream.HELLO, response.body());
        assertEquals("/secure", tlsUpstream.seen().get(0).uri());
        CheckRequest check = policy.received().get(0);
        assertEquals("CONNECT", check.getDestination().getMethod());
        assertEquals(tlsUpstream.port(), check.getDestination().getPort());
    }

    @Test
    void deniedRequestGets403WithTierAndReasonAndNeverReachesUpstream() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.send("GET http://denied.test:" + upstream.port() + "/ HTTP/1.1\r\nHost: denied.test\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertEquals(403, response.status());
            assertEquals("egress", response.header(ProxyHeaders.TIER));
            assertEquals("destination denied.test is not allowed", response.header(ProxyHeaders.REASON));
            assertEquals("close", response.header("connection"));
            assertTrue(response.body().contains("denied.test is not allowed"));
            assertTrue(raw.closedByPeer());
        }
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.send("CONNECT denied.test:" + tlsUpstream.port() + " HTTP/1.1\r\nHost: denied.test\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertEquals(403, response.status());
            assertEquals("egress", response.header(ProxyHeaders.TIER));
        }
        assertTrue(upstream.seen().isEmpty());
        assertTrue(tlsUpstream.seen().isEmpty());
    }

    @Test
    void unreachableOrUnresolvableDestinationGets502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        for (String request : List.of(
                "GET http://127.0.0.1:" + closedPort + "/ HTTP/1.1\r\nHost: x\r\n\r\n",
                "CONNECT allowed.test:" + closedPort + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET http://unknown-name.test/ HTTP/1.1\r\nHost: x\r\n\r\n")) {
            try (RawHttp raw = new RawHttp(proxy.port())) {
                RawHttp.Response response = raw.send(request).read();
                assertEquals(502, response.status(), request);
                assertEquals("egress", response.header(ProxyHeaders.TIER));
                assertNotNull(response.header(ProxyHeaders.REASON));
            }
        }
        assertTrue(policy.received().get(2).getDestination().getHost().equals("unknown-name.test"));
    }

    @Test
    void silentDestinationGives504() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
                TestProxies impatient = new TestProxies(ProxyTier.EGRESS, policy.port(), new DirectRoute(),
                        SourceIdentityResolver.IP_ONLY, java.time.Duration.ofMillis(300));
                RawHttp raw = new RawHttp(impatient.port())) {
            raw.send("GET http://allowed.test:" + silent.getLocalPort() + "/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertEquals(504, response.status());
            assertEquals("egress", response.header(ProxyHeaders.TIER));
            assertTrue(response.header(ProxyHeaders.REASON).contains("did not respond"), response.header(ProxyHeaders.REASON));
        }
    }

    @Test
    void malformedRequestsGet400() throws Exception {
        List<String> malformed = List.of(
                "THIS IS NOT HTTP\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: allowed.test\r\n\r\n",
                "CONNECT allowed.test HTTP/1.1\r\nHost: allowed.test\r\n\r\n",
                "CONNECT allowed.test:0 HTTP/1.1\r\n\r\n",
                "CONNECT allowed.test:65536 HTTP/1.1\r\n\r\n",
                "GET http://user:pw@allowed.test/ HTTP/1.1\r\n\r\n",
                "GET http://bad_host!.test/ HTTP/1.1\r\n\r\n",
                "GET http://2130706433/ HTTP/1.1\r\n\r\n",
                "GET https://allowed.test/ HTTP/1.1\r\n\r\n");
        for (String request : malformed) {
            try (RawHttp raw = new RawHttp(proxy.port())) {
                RawHttp.Response response = raw.send(request).read();
                assertEquals(400, response.status(), request);
                assertEquals("egress", response.header(ProxyHeaders.TIER), request);
                assertNotNull(response.header(ProxyHeaders.REASON), request);
            }
        }
        assertTrue(policy.received().isEmpty(), "malformed requests are refused before asking the policy");
        assertTrue(upstream.seen().isEmpty());
    }

    @Test
    void hopByHopAndOwnHeadersNeverReachTheDestination() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.send("GET http://ALLOWED.test.:" + upstream.port() + "/h HTTP/1.1\r\n"
                    + "Host: wrong.example\r\n"
                    + "Proxy-Authorization: Basic c2VjcmV0\r\n"
                    + "Proxy-Connection: keep-alive\r\n"
                    + "Connection: keep-alive, X-Listed\r\n"
                    + "X-Listed: remove me\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "TE: trailers\r\n"
                    + "Trailer: X-Trailer\r\n"
                    + "Upgrade: websocket\r\n"
                    + "X-Proxy-Request-Id: req-from-edge-42\r\n"
                    + "X-Proxy-Tier: edge\r\n"
                    + "X-Kept: stays\r\n\r\n");
            assertEquals(200, raw.read().status());
        }
        RecordingUpstream.Seen seen = upstream.seen().get(0);
        for (String removed : List.of("Proxy-Authorization", "Proxy-Connection", "X-Listed", "Keep-Alive", "TE",
                "Trailer", "Upgrade", "X-Proxy-Request-Id", "X-Proxy-Tier")) {
            assertFalse(seen.hasHeader(removed), removed + " reached the destination: " + seen.headers());
        }
        assertTrue(seen.hasHeader("X-Kept"));
        assertEquals(List.of("allowed.test:" + upstream.port()), seen.header("Host"));
        assertEquals("req-from-edge-42", policy.received().get(0).getRequestId(), "tier 2 uses the edge's request id");
        assertEquals("allowed.test", policy.received().get(0).getDestination().getHost());
    }

    @Test
    void policyServiceDownGives503AndNothingReachesUpstream() throws Exception {
        PolicyServerDouble downPolicy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        int downPort = downPolicy.port();
        try (TestProxies orphan = new TestProxies(ProxyTier.EGRESS, downPort, new DirectRoute(),
                SourceIdentityResolver.IP_ONLY)) {
            downPolicy.stop();
            // The dead service's port stays held by this test (a listener that hangs up at once), so no other
            // process on a shared machine can bind it meanwhile and answer in the dead service's place.
            try (ServerSocket hangUp = hangUpListener(downPort)) {
                for (String request : List.of(
                        "GET http://allowed.test:" + upstream.port() + "/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n",
                        "CONNECT allowed.test:" + tlsUpstream.port() + " HTTP/1.1\r\n\r\n")) {
                    try (RawHttp raw = new RawHttp(orphan.port())) {
                        RawHttp.Response response = raw.send(request).read();
                        assertEquals(503, response.status(), request);
                        assertEquals("egress", response.header(ProxyHeaders.TIER));
                        assertTrue(response.header(ProxyHeaders.REASON).startsWith("no policy decision"),
                                response.header(ProxyHeaders.REASON));
                    }
                }
            }
        }
        assertTrue(upstream.seen().isEmpty());
        assertTrue(tlsUpstream.seen().isEmpty());
    }

    /** Binds {@code port} on 127.0.0.1 and closes every connection it accepts: a port held by a dead service. */
    private static ServerSocket hangUpListener(int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress("127.0.0.1", port));
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket accepted = listener.accept()) {
                    accepted.setSoLinger(true, 0); // reset, as a crashed process's kernel would
                } catch (IOException closed) {
                    return;
                }
            }
        }, "hang-up-listener");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }

    @Test
    void distinctLoopbackSourcesAreSeenByThePolicy() throws Exception {
        try (RawHttp raw = new RawHttp("127.0.0.2", proxy.port())) {
            raw.send("GET http://allowed.test:" + upstream.port() + "/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            assertEquals(200, raw.read().status());
        }
        assertEquals("127.0.0.2", policy.received().get(0).getSource().getIp());
    }
}
