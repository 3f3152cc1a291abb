package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.egress.sni.SniCheck;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The second policy check of a tunnel, made with the ClientHello's server name before any byte is relayed. */
class SniPolicyRecheckTest {

    static final String HOSTS = "127.0.0.1 a.test blocked.test flaky.test\n";
    static TcpRecorder destination;
    static Tier2 tier2;

    /** Allows every CONNECT; denies the server name blocked.test; cannot decide about flaky.test. */
    static CheckResponse rules(CheckRequest request) {
        String sni = request.getDestination().getSni();
        if (sni.equals("flaky.test")) {
            throw new IllegalStateException("test policy cannot decide about " + sni);
        }
        if (sni.equals("blocked.test")) {
            return CheckResponse.newBuilder().setAllow(false).setReason("server name " + sni + " is not allowed")
                    .setDecisionId("sni-deny-" + request.getRequestId()).build();
        }
        return Tier2.allow(Set.of("a.test", "blocked.test", "flaky.test")).apply(request).toBuilder()
                .setDecisionId((sni.isEmpty() ? "t2-" : "sni-allow-") + request.getRequestId()).build();
    }

    @BeforeAll
    static void start() throws Exception {
        destination = new TcpRecorder();
        tier2 = new Tier2(SniPolicyRecheckTest::rules, HOSTS, builder -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        tier2.close();
        destination.close();
    }

    @Test
    void serverNameThePolicyDeniesClosesTheTunnelBeforeAnyByteReachesTheDestination() throws Exception {
        long before = destination.received.get();
        double refusedBefore = refused(SniCheck.SNI_DENIED);
        try (AccessLogCapture log = new AccessLogCapture(); RawHttp raw = new RawHttp(tier2.port())) {
            assertEquals(200, connect(raw, "blocked.test", "sni-1"));
            write(raw, ClientHellos.of("blocked.test"));
            assertTrue(raw.closedByPeer());
            JsonNode line = AuditLines.finished(log, "sni-1");
            assertEquals(SniCheck.SNI_DENIED, line.get("end").asText());
            assertEquals("sni-deny-sni-1", line.get(SniCheck.FIELD_SNI_DECISION_ID).asText());
            assertEquals("t2-sni-1", line.get("decision_id").asText());
            assertTrue(line.get("reason").asText().contains("server name blocked.test is not allowed"), line.toString());
            assertEquals(0, line.get("bytes_up").asLong());
        }
        assertEquals(before, destination.received.get(), "ClientHello bytes reached the destination");
        assertEquals(refusedBefore + 1, refused(SniCheck.SNI_DENIED));
        CheckRequest second = lastCheckFor("sni-1");
        assertEquals("blocked.test", second.getDestination().getSni());
        assertEquals(List.of("127.0.0.1"), second.getDestination().getResolvedIpsList());
        assertEquals("CONNECT", second.getDestination().getMethod());
    }

    @Test
    void serverNameThePolicyAllowsIsRelayed() throws Exception {
        byte[] hello = ClientHellos.of("a.test");
        try (AccessLogCapture log = new AccessLogCapture()) {
            try (RawHttp raw = new RawHttp(tier2.port())) {
                assertEquals(200, connect(raw, "a.test", "sni-2"));
                write(raw, hello);
                assertArrayEquals(hello, raw.socket().getInputStream().readNBytes(hello.length));
            }
            JsonNode line = AuditLines.finished(log, "sni-2");
            assertEquals("sni-allow-sni-2", line.get(SniCheck.FIELD_SNI_DECISION_ID).asText());
            assertEquals(hello.length, line.get("bytes_up").asLong());
        }
        assertEquals("a.test", lastCheckFor("sni-2").getDestination().getSni());
    }

    @Test
    void noSecondDecisionClosesTheTunnel() throws Exception {
        long before = destination.received.get();
        try (AccessLogCapture log = new AccessLogCapture(); RawHttp raw = new RawHttp(tier2.port())) {
            assertEquals(200, connect(raw, "flaky.test", "sni-3"));
            write(raw, ClientHellos.of("flaky.test"));
            assertTrue(raw.closedByPeer());
            assertEquals(SniCheck.SNI_NO_DECISION, AuditLines.finished(log, "sni-3").get("end").asText());
        }
        assertEquals(before, destination.received.get());
    }

    @Test
    void withoutTheRecheckOnlyTheConnectIsDecided() throws Exception {
        try (Tier2 noRecheck = new Tier2(SniPolicyRecheckTest::rules, HOSTS,
                builder -> builder.inspector(new SniCheck(ProxyMetrics.inMemory(com.aibang.egress.proxy.ProxyTier.EGRESS),
                        false, false, 32768, null)));
                RawHttp raw = new RawHttp(noRecheck.port())) {
            byte[] hello = ClientHellos.of("blocked.test");
            assertEquals(200, connect(raw, "blocked.test", "sni-4"));
            write(raw, hello);
            assertArrayEquals(hello, raw.socket().getInputStream().readNBytes(hello.length));
            assertEquals(1, noRecheck.policy.received().size());
        }
    }

    private static int connect(RawHttp raw, String host, String requestId) throws Exception {
        return raw.send("CONNECT " + host + ":" + destination.port() + " HTTP/1.1\r\nX-Proxy-Request-Id: " + requestId
                + "\r\n\r\n").read().status();
    }

    private static void write(RawHttp raw, byte[] bytes) throws Exception {
        OutputStream out = raw.socket().getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static CheckRequest lastCheckFor(String requestId) {
        List<CheckRequest> checks = tier2.policy.received().stream()
                .filter(check -> check.getRequestId().equals(requestId)).toList();
        assertEquals(2, checks.size(), "expected the CONNECT check and the server-name check: " + checks);
        return checks.get(1);
    }

    private static double refused(String reason) {
        var counter = tier2.metrics.registry().find(ProxyMetrics.SNI_REFUSED).tag(ProxyMetrics.TAG_REASON, reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
