package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decision reuse through a running proxy and a real gRPC policy server: an identical request within the
 * policy's cache_ttl is decided without asking again, and its access line names the decision reused.
 */
class DecisionReuseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static PolicyServerDouble policy;
    static RecordingUpstream upstream;
    static TestProxies proxy;

    /** allowed.test: allow for 60 s; denied.test: deny for 60 s; egress-denied.test: allow for 1 s; others: ask each time. */
    static CheckResponse rules(CheckRequest request) {
        String host = request.getDestination().getHost();
        CheckResponse.Builder answer = CheckResponse.newBuilder().setAllow(!host.equals("denied.test"))
                .setReason("test rules").setDecisionId("d-" + request.getRequestId());
        return switch (host) {
            case "allowed.test", "denied.test" -> answer.setCacheTtlSeconds(60).build();
            case "egress-denied.test" -> answer.setCacheTtlSeconds(1).build();
            default -> answer.build();
        };
    }

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(DecisionReuseTest::rules).start();
        upstream = RecordingUpstream.http();
        proxy = new TestProxies(ProxyTier.EDGE, policy.port(), Duration.ofSeconds(10), (gate, options) -> options
                .identity(SourceIdentityResolver.IP_ONLY).routes(RouteTable.fixed(new DirectRoute())));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        upstream.close();
        policy.close();
    }

    private static int get(String source, String host, String path) throws Exception {
        try (RawHttp raw = new RawHttp(source, proxy.port())) {
            return raw.send("GET http://" + host + ":" + upstream.port() + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\n\r\n").read().status();
        }
    }

    private static long asked(String host, String path) {
        return policy.received().stream().filter(r -> r.getDestination().getHost().equals(host)
                && r.getDestination().getPath().equals(path)).count();
    }

    @Test
    void anIdenticalRequestWithinTheTimeToLiveIsNotAskedAgainAndItsLineNamesTheDecision() throws Exception {
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals(200, get("127.0.0.2", "allowed.test", "/same"));
            assertEquals(200, get("127.0.0.2", "allowed.test", "/same"));
            assertEquals(1, asked("allowed.test", "/same"));
            List<String> lines = log.lines().stream().filter(line -> line.contains("\"decision_id\":\"d-")).toList();
            JsonNode first = JSON.readTree(lines.get(lines.size() - 2));
            JsonNode second = JSON.readTree(lines.get(lines.size() - 1));
            assertEquals(AccessLog.DECIDED_BY_POLICY, first.get(AccessLog.FIELD_DECIDED_BY).asText());
            assertEquals(AccessLog.DECIDED_BY_DECISION_CACHE, second.get(AccessLog.FIELD_DECIDED_BY).asText());
            assertEquals(first.get(AccessLog.FIELD_DECISION_ID).asText(), second.get(AccessLog.FIELD_DECISION_ID).asText());
            assertNotEquals(first.get(AccessLog.FIELD_REQUEST_ID).asText(), second.get(AccessLog.FIELD_REQUEST_ID).asText());
        }
        assertEquals(2, upstream.seen().stream().filter(seen -> seen.uri().equals("/same")).count());
    }

    @Test
    void anotherPathOrAnotherCallerIsAskedAgain() throws Exception {
        assertEquals(200, get("127.0.0.2", "allowed.test", "/one"));
        assertEquals(200, get("127.0.0.2", "allowed.test", "/two"));
        assertEquals(200, get("127.0.0.3", "allowed.test", "/one"));
        assertEquals(2, asked("allowed.test", "/one"), "other caller");
        assertEquals(1, asked("allowed.test", "/two"), "other path");
    }

    @Test
    void anotherHostIsAskedAgainAndDeniesAreReusedToo() throws Exception {
        assertEquals(403, get("127.0.0.2", "denied.test", "/one"));
        assertEquals(403, get("127.0.0.2", "denied.test", "/one"));
        assertEquals(1, asked("denied.test", "/one"));
    }

    @Test
    void withoutTimeToLiveEveryRequestIsAsked() throws Exception {
        assertEquals(200, get("127.0.0.2", "xn--bcher-kva.test", "/ttl0"));
        assertEquals(200, get("127.0.0.2", "xn--bcher-kva.test", "/ttl0"));
        assertEquals(2, asked("xn--bcher-kva.test", "/ttl0"));
    }

    @Test
    void anExpiredDecisionIsAskedAgain() throws Exception {
        assertEquals(200, get("127.0.0.2", "egress-denied.test", "/short"));
        assertEquals(200, get("127.0.0.2", "egress-denied.test", "/short"));
        assertEquals(1, asked("egress-denied.test", "/short"), "within the 1 s time-to-live");
        Thread.sleep(1_100);
        assertEquals(200, get("127.0.0.2", "egress-denied.test", "/short"));
        assertEquals(2, asked("egress-denied.test", "/short"), "after the time-to-live");
    }

    @Test
    void tunnelsAreReusedLikeRequests() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (RawHttp raw = new RawHttp("127.0.0.4", proxy.port())) {
                assertEquals(200, raw.send("CONNECT allowed.test:" + upstream.port() + " HTTP/1.1\r\n\r\n").read().status());
            }
        }
        assertEquals(1, policy.received().stream().filter(r -> r.getDestination().getMethod().equals("CONNECT")
                && r.getSource().getIp().equals("127.0.0.4")).count());
    }

    @Test
    void theDecisionCacheCanBeTurnedOff() throws Exception {
        try (TestProxies uncached = new TestProxies(ProxyTier.EDGE, policy.port(), Duration.ofSeconds(10),
                (gate, options) -> options.routes(RouteTable.fixed(new DirectRoute())).decisionCache(false, 1))) {
            for (int i = 0; i < 2; i++) {
                try (RawHttp raw = new RawHttp("127.0.0.5", uncached.port())) {
                    assertEquals(200, raw.send("GET http://allowed.test:" + upstream.port()
                            + "/off HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read().status());
                }
            }
        }
        assertEquals(2, asked("allowed.test", "/off"));
    }
}
