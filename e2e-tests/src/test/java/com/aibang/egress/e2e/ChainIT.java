package com.aibang.egress.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-show of the chain issue: real processes, real upstreams, real clients, one loopback address per identity.
 * 127.0.0.1 and 127.0.0.2 are pods of namespace "api"; 127.0.0.3 is nobody the edge knows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainIT {
    private static final String API_POD = "127.0.0.2";
    private static final String UNKNOWN_SOURCE = "127.0.0.3";
    private static final String ALLOWED = "app.allowed.test";
    private static final String DENIED_AT_EDGE = "not-allowed.test";
    private static final String BLOCKED_AT_EXIT = "exit-blocked.test";
    /** Unique names under an allowed wildcard, so each tunnel's decisions can be found in the log. */
    private static final List<String> WILDCARD_HOSTS = IntStream.rangeClosed(1, 9).mapToObj(i -> "t" + i + ".wild.test").toList();

    @TempDir
    static Path work;
    static Chain chain;
    static RecordingUpstream plain;
    static RecordingUpstream tls;
    static TestCertificate certificate;
    static DecisionLog decisions;

    @BeforeAll
    static void startEverything() throws Exception {
        Path repoRoot = Chain.repoRoot();
        certificate = TestCertificate.create(work, List.of(ALLOWED, "*.wild.test", DENIED_AT_EDGE, BLOCKED_AT_EXIT));
        plain = RecordingUpstream.plain("plain-upstream-ok");
        tls = RecordingUpstream.tls("tls-upstream-ok", certificate.serverContext());

        List<String> names = new ArrayList<>(List.of(ALLOWED, DENIED_AT_EDGE, BLOCKED_AT_EXIT));
        names.addAll(WILDCARD_HOSTS);
        chain = new Chain(repoRoot, work);
        chain.startForApiPods(allowlist(plain.port(), tls.port()), names, "127.0.0.1/32", API_POD + "/32");
        decisions = new DecisionLog(chain.decisionLog);
    }

    /** The upstreams' random ports; they listen on 127.0.0.1, which tier 2's SSRF guard refuses unless declared internal. */
    private static Allowlist allowlist(int httpPort, int httpsPort) {
        return new Allowlist().allowInternal(ALLOWED, httpPort, httpsPort).allowInternal("*.wild.test", httpsPort)
                .allow(BLOCKED_AT_EXIT, httpPort, httpsPort).blockAtExit(BLOCKED_AT_EXIT);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Resources.closeAll(chain, plain, tls);
    }

    private static HttpClient javaClient() throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", chain.edgePort)))
                .sslContext(certificate.clientContext())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static void assumeCurl() {
        assumeTrue(Curl.available(), "curl is not installed: apt-get install -y curl (.ci/run does)");
    }

    @Test
    @Order(1)
    void curlGetsTheTlsBodyThroughBothTiersOverConnect() throws Exception {
        assumeCurl();
        Curl.Result result = Curl.get(API_POD, chain.edgePort, "https://" + ALLOWED + ":" + tls.port() + "/tls-curl", certificate.pem());
        assertEquals(200, result.connectStatus(), result.verbose());
        assertEquals(200, result.httpStatus(), result.verbose());
        assertEquals("tls-upstream-ok /tls-curl", result.body());
    }

    @Test
    @Order(2)
    void javaHttpClientGetsTheTlsBodyOverConnect() throws Exception {
        HttpResponse<String> response = javaClient().send(
                HttpRequest.newBuilder(URI.create("https://" + ALLOWED + ":" + tls.port() + "/tls-java")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("tls-upstream-ok /tls-java", response.body());
    }

    @Test
    @Order(3)
    void plainHttpIsForwardedWithKeepAliveAndNoProxyHeaderReachesTheUpstream() throws Exception {
        HttpClient client = javaClient();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://" + ALLOWED + ":" + plain.port() + "/plain-java-" + i))
                            .header("X-Proxy-Request-Id", "forged-by-client").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("plain-upstream-ok /plain-java-" + i, response.body());
        }
        assumeCurl();
        Curl.Result viaCurl = Curl.get(API_POD, chain.edgePort, "http://" + ALLOWED + ":" + plain.port() + "/plain-curl", null);
        assertEquals(200, viaCurl.httpStatus(), viaCurl.verbose());
        assertEquals("plain-upstream-ok /plain-curl", viaCurl.body());

        for (RecordingUpstream.Received request : plain.received()) {
            for (String header : List.of("X-Proxy-Request-Id", "X-Proxy-Tier", "X-Proxy-Reason", "Proxy-Connection", "Proxy-Authorization")) {
                assertFalse(request.hasHeader(header), header + " reached the destination: " + request);
            }
            assertTrue(request.path().startsWith("/plain-"), "origin-form path expected at the destination: " + request.path());
        }
    }

    @Test
    @Order(4)
    void disallowedDestinationIsRefusedByTier1() throws Exception {
        assumeCurl();
        int before = tls.count() + plain.count();
        Curl.Result tunnel = Curl.get(API_POD, chain.edgePort, "https://" + DENIED_AT_EDGE + ":" + tls.port() + "/", certificate.pem());
        assertEquals(403, tunnel.proxyStatus(), tunnel.verbose());
        assertEquals(Set.of("edge"), Set.of(tunnel.header("X-Proxy-Tier").orElse("")), tunnel.verbose());
        assertTrue(tunnel.header("X-Proxy-Reason").isPresent(), tunnel.verbose());

        Curl.Result http = Curl.get(API_POD, chain.edgePort, "http://" + DENIED_AT_EDGE + ":" + plain.port() + "/", null);
        assertEquals(403, http.httpStatus(), http.verbose());
        assertEquals("edge", http.header("X-Proxy-Tier").orElse(""), http.verbose());
        assertEquals(before, tls.count() + plain.count(), "a denied request reached an upstream");
    }

    @Test
    @Order(5)
    void unknownSourceIsRefused() throws Exception {
        assumeCurl();
        Curl.Result result = Curl.get(UNKNOWN_SOURCE, chain.edgePort, "https://" + ALLOWED + ":" + tls.port() + "/", certificate.pem());
        assertEquals(403, result.proxyStatus(), result.verbose());
        assertEquals("edge", result.header("X-Proxy-Tier").orElse(""), result.verbose());
    }

    @Test
    @Order(6)
    void destinationAllowedAtTier1ButBlockedAtTheExitIsRefusedByTier2() throws Exception {
        assumeCurl();
        Curl.Result tunnel = Curl.get(API_POD, chain.edgePort, "https://" + BLOCKED_AT_EXIT + ":" + tls.port() + "/", certificate.pem());
        assertEquals(403, tunnel.proxyStatus(), tunnel.verbose());
        assertEquals("egress", tunnel.header("X-Proxy-Tier").orElse(""), tunnel.verbose());

        Curl.Result http = Curl.get(API_POD, chain.edgePort, "http://" + BLOCKED_AT_EXIT + ":" + plain.port() + "/", null);
        assertEquals(403, http.httpStatus(), http.verbose());
        assertEquals("egress", http.header("X-Proxy-Tier").orElse(""), http.verbose());
    }

    @Test
    @Order(7)
    void decisionLogHoldsEveryCheckOfARequestUnderOneRequestId() throws Exception {
        assumeCurl();
        String host = WILDCARD_HOSTS.get(0);
        Curl.Result tunnel = Curl.get(API_POD, chain.edgePort, "https://" + host + ":" + tls.port() + "/logged", certificate.pem());
        assertEquals(200, tunnel.httpStatus(), tunnel.verbose());
        String path = "/logged-plain";
        Curl.Result http = Curl.get(API_POD, chain.edgePort, "http://" + ALLOWED + ":" + plain.port() + path, null);
        assertEquals(200, http.httpStatus(), http.verbose());

        // A TLS tunnel is checked three times: by the edge, by tier 2 at CONNECT and by tier 2 again
        // with the server name of the ClientHello (egress.sni.policy-recheck).
        List<JsonNode> tunnelEntries = decisions.matching(e -> host.equals(e.path("input").path("destination").path("host").asText()));
        assertEntriesOfOneRequest(tunnelEntries, List.of("edge", "egress", "egress"));
        assertEquals(1, tunnelEntries.stream()
                .filter(e -> host.equals(e.path("input").path("destination").path("sni").asText())).count(),
                "tier 2 must ask once with the ClientHello's server name: " + tunnelEntries);
        assertEntriesOfOneRequest(decisions.matching(e -> path.equals(e.path("input").path("destination").path("path").asText())),
                List.of("edge", "egress"));
    }

    private static void assertEntriesOfOneRequest(List<JsonNode> entries, List<String> tiers) {
        assertEquals(tiers, entries.stream().map(e -> e.path("tier").asText()).sorted().collect(Collectors.toList()),
                "decision log entries by tier: " + entries);
        Set<String> requestIds = entries.stream().map(e -> e.path("request_id").asText()).collect(Collectors.toSet());
        assertEquals(1, requestIds.size(), "both tiers must log the same request id: " + entries);
        assertFalse(requestIds.iterator().next().isBlank());
        for (JsonNode entry : entries) {
            for (String field : List.of("decision_id", "timestamp", "policy_revision", "result", "input")) {
                assertTrue(entry.hasNonNull(field), field + " missing in " + entry);
            }
            assertTrue(entry.path("result").path("allow").asBoolean(), entry.toString());
        }
    }

    @Test
    @Order(100)
    void withThePolicyServiceDownEveryRequestGets503AndNothingReachesTheUpstream() throws Exception {
        assumeCurl();
        chain.stopPolicyService();
        int before = tls.count() + plain.count();

        Curl.Result tunnel = Curl.get(API_POD, chain.edgePort, "https://" + ALLOWED + ":" + tls.port() + "/", certificate.pem());
        assertEquals(503, tunnel.proxyStatus(), tunnel.verbose());
        Curl.Result http = Curl.get(API_POD, chain.edgePort, "http://" + ALLOWED + ":" + plain.port() + "/", null);
        assertEquals(503, http.httpStatus(), http.verbose());

        assertEquals(before, tls.count() + plain.count(), "a request reached the upstream without a decision");
    }
}
