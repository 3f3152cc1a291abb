package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the policy marks secret (the decision's mask) is left out of tier 2's audit line, which says so. */
class MaskedAuditTest {

    static final List<String> MASK = List.of("/input/destination/path", "/input/destination/resolved_ips",
            "/input/destination/sni");
    static RecordingUpstream origin;
    static TcpRecorder tlsDestination;
    static Tier2 tier2;

    /** Allows all; decisions about hosts starting with "masked" carry the mask. */
    static CheckResponse rules(CheckRequest request) {
        CheckResponse allowed = Tier2.allow(Set.of("masked.test", "plain.test")).apply(request);
        return request.getDestination().getHost().startsWith("masked")
                ? allowed.toBuilder().addAllMask(MASK).build() : allowed;
    }

    @BeforeAll
    static void start() throws Exception {
        origin = RecordingUpstream.http();
        tlsDestination = new TcpRecorder();
        tier2 = new Tier2(MaskedAuditTest::rules, "127.0.0.1 masked.test plain.test\n", builder -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        tier2.close();
        origin.close();
        tlsDestination.close();
    }

    @Test
    void maskedPathAndAddressesAreLeftOutOfThePlainRequestsLine() throws Exception {
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals(200, get("masked.test", "/secret/token-123?q=1", "mask-1").status());
            assertEquals(200, get("plain.test", "/open/path", "mask-2").status());
            String masked = AuditLines.text(log, "mask-1");
            JsonNode line = AuditLines.finished(log, "mask-1");
            assertFalse(masked.contains("token-123"), masked);
            assertFalse(line.has(AccessLog.FIELD_PATH), masked);
            assertFalse(line.has("resolved_ips") || line.has("connected"), masked);
            assertEquals("connected,path,resolved_ips,sni", line.get(AccessLog.FIELD_ERASED).asText());
            assertEquals("masked.test:" + origin.port(), line.get("destination").asText());

            JsonNode open = AuditLines.finished(log, "mask-2");
            assertEquals("/open/path", open.get(AccessLog.FIELD_PATH).asText(), "the query is never written");
            assertTrue(open.has("connected") && !open.has(AccessLog.FIELD_ERASED), open.toString());
        }
    }

    @Test
    void maskFromTheServerNameCheckErasesTheTunnelsServerNameAndAddress() throws Exception {
        byte[] hello = ClientHellos.of("masked.test");
        try (AccessLogCapture log = new AccessLogCapture()) {
            try (RawHttp raw = new RawHttp(tier2.port())) {
                assertEquals(200, raw.send("CONNECT masked.test:" + tlsDestination.port()
                        + " HTTP/1.1\r\nX-Proxy-Request-Id: mask-3\r\n\r\n").read().status());
                raw.socket().getOutputStream().write(hello);
                raw.socket().getOutputStream().flush();
                assertArrayEquals(hello, raw.socket().getInputStream().readNBytes(hello.length));
            }
            JsonNode line = AuditLines.finished(log, "mask-3");
            assertFalse(line.has("sni") || line.has("connected") || line.has("resolved_ips"), line.toString());
            assertTrue(line.get(AccessLog.FIELD_ERASED).asText().contains("sni"), line.toString());
            assertEquals(hello.length, line.get("bytes_up").asLong());
        }
    }

    private static RawHttp.Response get(String host, String pathAndQuery, String requestId) throws Exception {
        String authority = host + ":" + origin.port();
        try (RawHttp raw = new RawHttp(tier2.port())) {
            return raw.send("GET http://" + authority + pathAndQuery + " HTTP/1.1\r\nHost: " + authority
                    + "\r\nX-Proxy-Request-Id: " + requestId + "\r\n\r\n").read();
        }
    }
}
