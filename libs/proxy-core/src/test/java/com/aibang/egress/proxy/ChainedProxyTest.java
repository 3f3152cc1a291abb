package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestCertificates;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.ParentProxyRoute;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engines chained like the product: edge (tier 1, parent route) in front of egress (tier 2, direct). */
class ChainedProxyTest {

    @TempDir
    static Path tempDir;

    static PolicyServerDouble policy;
    static RecordingUpstream upstream;
    static RecordingUpstream tlsUpstream;
    static TestCertificates certificates;
    static TestProxies egress;
    static TestProxies edge;

    /** 127.0.0.2 is the "payments" workload; every other source is unknown. */
    static final SourceIdentityResolver EDGE_IDENTITIES = remote -> {
        String ip = SourceIdentityResolver.ipOf(remote);
        Source.Builder source = Source.newBuilder().setIp(ip);
        if (ip.equals("127.0.0.2")) {
            source.setNamespace("payments").setServiceAccount("api").putLabels("app", "api")
                    .setAuthenticatedBy("static-cidr");
        }
        return source.build();
    };

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        upstream = RecordingUpstream.http();
        certificates = TestCertificates.generate(tempDir, "allowed.test", "egress-denied.test");
        tlsUpstream = RecordingUpstream.https(certificates.serverContext());
        egress = new TestProxies(ProxyTier.EGRESS, policy.port(), new DirectRoute(), SourceIdentityResolver.IP_ONLY);
        edge = new TestProxies(ProxyTier.EDGE, policy.port(), new ParentProxyRoute("127.0.0.1", egress.port()),
                EDGE_IDENTITIES);
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        egress.close();
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
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", edge.port())))
                .sslContext(certificates.clientContext())
                .build();
    }

    @Test
    void plainRequestPassesBothTiersWithOneRequestId() throws Exception {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(
                URI.create("http://allowed.test:" + upstream.port() + "/chain")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(RecordingUpstream.HELLO, response.body());
        assertEquals(2, policy.received().size());
        CheckRequest edgeCheck = policy.received().get(0);
        CheckRequest egressCheck = policy.received().get(1);
        assertEquals(Tier.TIER_EDGE, edgeCheck.getTier());
        assertEquals(Tier.TIER_EGRESS, egressCheck.getTier());
        assertEquals(edgeCheck.getRequestId(), egressCheck.getRequestId());
        assertFalse(edgeCheck.getRequestId().isEmpty());
        RecordingUpstream.Seen seen = upstream.seen().get(0);
        assertEquals("/chain", seen.uri());
        assertFalse(seen.hasHeader(ProxyHeaders.REQUEST_ID), "request id leaked to the destination");
    }

    @Test
    void tunnelPassesBothTiersWithOneRequestId() throws Exception {
        AccessLogCapture log = new AccessLogCapture();
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(
                URI.create("https://allowed.test:" + tlsUpstream.port() + "/tls")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(RecordingUpstream.HELLO, response.body());
        assertEquals(2, policy.received().size());
        assertEquals(policy.received().get(0).getRequestId(), policy.received().get(1).getRequestId());
        assertEquals("CONNECT", policy.received().get(1).getDestination().getMethod());
        log.close();
    }

    @Test
    void plainRequestWritesOneAccessLinePerTierWhenTheResponseEnded() throws Exception {
        AccessLogCapture log = new AccessLogCapture();
        try (RawHttp raw = new RawHttp(edge.port())) {
            assertEquals(200, raw.send("GET http://allowed.test:" + upstream.port() + "/log HTTP/1.1\r\n"
                    + "Host: allowed.test\r\n\r\n").read().status());
        }
        String marker = "\"request_id\":\"" + policy.received().get(0).getRequestId() + "\"";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (log.lines().stream().filter(line -> line.contains(marker)).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        log.close();
        List<String> lines = log.lines().stream().filter(line -> line.contains(marker)).toList();
        assertEquals(2, lines.size(), log.lines().toString());
        String size = ".*\"bytes_down\":" + RecordingUpstream.HELLO.length() + "\\b.*";
        assertTrue(lines.stream().allMatch(line -> line.matches(size) && line.contains("\"status\":200")),
                lines.toString());
    }

    @Test
    void closedTunnelWritesOneAccessLinePerTierWithBytes() throws Exception {
        AccessLogCapture log = new AccessLogCapture();
        try (RawHttp raw = new RawHttp(edge.port())) {
            RawHttp.Response response = raw.tlsGetThroughTunnel(certificates.clientContext(), "allowed.test",
                    tlsUpstream.port(), "/tls");
            assertEquals(200, response.status());
            assertEquals(RecordingUpstream.HELLO, response.body());
        }
        String requestId = policy.received().get(0).getRequestId();
        String marker = "\"request_id\":\"" + requestId + "\"";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (log.lines().stream().filter(line -> line.contains(marker)).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        log.close();
        List<String> lines = log.lines().stream().filter(line -> line.contains(marker)).toList();
        assertTrue(lines.stream().allMatch(line -> line.contains("\"bytes_up\":") && !line.contains("\"bytes_down\":0")),
                lines.toString());
        assertEquals(2, lines.size(), "one access line per tier: " + log.lines());
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"tier\":\"edge\"") && line.contains("\"status\":200")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"tier\":\"egress\"")
                && line.contains("\"decision\":\"allow\"")), lines.toString());
    }

    @Test
    void identityFromSourceAddressReachesThePolicy() throws Exception {
        try (RawHttp raw = new RawHttp("127.0.0.2", edge.port())) {
            raw.send("GET http://allowed.test:" + upstream.port() + "/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            assertEquals(200, raw.read().status());
        }
        Source source = policy.received().get(0).getSource();
        assertEquals("127.0.0.2", source.getIp());
        assertEquals("payments", source.getNamespace());
        assertEquals("static-cidr", source.getAuthenticatedBy());
        assertEquals("127.0.0.1", policy.received().get(1).getSource().getIp(), "tier 2 sees the edge as caller");
    }

    @Test
    void refusalByTier2ReachesTheClientNamingTier2() throws Exception {
        for (String request : List.of(
                "CONNECT egress-denied.test:" + tlsUpstream.port() + " HTTP/1.1\r\n\r\n",
                "GET http://egress-denied.test:" + upstream.port() + "/ HTTP/1.1\r\nHost: egress-denied.test\r\n\r\n")) {
            try (RawHttp raw = new RawHttp(edge.port())) {
                RawHttp.Response response = raw.send(request).read();
                assertEquals(403, response.status(), request);
                assertEquals("egress", response.header(ProxyHeaders.TIER), request);
                assertEquals("destination egress-denied.test is not allowed", response.header(ProxyHeaders.REASON));
            }
        }
        assertTrue(upstream.seen().isEmpty());
        assertTrue(tlsUpstream.seen().isEmpty());
    }

    @Test
    void refusalByTier1NamesTier1AndNeverAsksTier2() throws Exception {
        try (RawHttp raw = new RawHttp(edge.port())) {
            RawHttp.Response response = raw.send("CONNECT denied.test:443 HTTP/1.1\r\n\r\n").read();
            assertEquals(403, response.status());
            assertEquals("edge", response.header(ProxyHeaders.TIER));
        }
        assertEquals(1, policy.received().size());
    }

    @Test
    void unreachableParentGives502FromTier1() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (TestProxies orphanEdge = new TestProxies(ProxyTier.EDGE, policy.port(),
                new ParentProxyRoute("127.0.0.1", closedPort), EDGE_IDENTITIES);
                RawHttp raw = new RawHttp(orphanEdge.port())) {
            RawHttp.Response response = raw.send("CONNECT allowed.test:443 HTTP/1.1\r\n\r\n").read();
            assertEquals(502, response.status());
            assertEquals("edge", response.header(ProxyHeaders.TIER));
            assertTrue(response.header(ProxyHeaders.REASON).contains("parent proxy"), response.header(ProxyHeaders.REASON));
        }
    }

    @Test
    void curlThroughTheChainFromADistinctSource() throws Exception {
        Assumptions.assumeTrue(onPath("curl"), "curl not installed (apt-get install curl); skipping curl client test");
        ProcessBuilder builder = new ProcessBuilder("curl", "-sS", "--max-time", "30", "--interface", "127.0.0.2",
                "--proxy", "http://127.0.0.1:" + edge.port(),
                "--cacert", writeCaFile().toString(),
                "https://allowed.test:" + tlsUpstream.port() + "/curl").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.toLowerCase().endsWith("_proxy"));
        Process curl = builder.start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), output);
        assertEquals(RecordingUpstream.HELLO, output);
        assertEquals("payments", policy.received().get(0).getSource().getNamespace());
    }

    private static Path writeCaFile() throws Exception {
        Path pem = tempDir.resolve("upstream.pem");
        Files.writeString(pem, certificates.certificatePem());
        return pem;
    }

    private static boolean onPath(String binary) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, binary)).anyMatch(Files::isExecutable);
    }
}
