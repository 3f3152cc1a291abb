package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SNI check on CONNECT tunnels, and the audit line of a finished tunnel. */
class SniCheckTest {

    static TcpRecorder hostA;
    static TcpRecorder hostB;
    static Tier2 tier2;

    @BeforeAll
    static void start() throws Exception {
        hostA = new TcpRecorder();
        hostB = new TcpRecorder();
        tier2 = new Tier2(Tier2.allow(Set.of("a.test", "b.test")), "127.0.0.1 a.test b.test\n", builder -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        tier2.close();
        hostA.close();
        hostB.close();
    }

    @Test
    void clientHelloNamingAnotherHostClosesTheTunnelBeforeAnyByteIsRelayed() throws Exception {
        try (AccessLogCapture log = new AccessLogCapture(); RawHttp raw = new RawHttp(tier2.port())) {
            assertEquals(200, raw.send("CONNECT a.test:" + hostA.port() + " HTTP/1.1\r\n\r\n").read().status());
            raw.socket().getOutputStream().write(ClientHellos.of("b.test"));
            raw.socket().getOutputStream().flush();
            assertTrue(raw.closedByPeer());
            JsonNode line = lastLine(log, "a.test");
            assertEquals("sni_mismatch", line.get("end").asText());
            assertEquals("b.test", line.get("sni").asText());
            assertEquals(0, line.get("bytes_up").asLong());
        }
        assertEquals(0, hostB.connections.get(), "a connection reached B's server");
        assertEquals(0, hostB.received.get());
        assertEquals(0, hostA.received.get(), "ClientHello bytes reached the CONNECT host");
        assertTrue(tier2.counter(ProxyMetrics.SNI_REFUSED) >= 1);
    }

    @Test
    void matchingServerNameInFragmentedRecordsPassesAndTheAuditCountsEveryByte() throws Exception {
        byte[] hello = ClientHellos.fragmented(ClientHellos.of("A.Test"), 40);
        long before = hostA.received.get();
        try (AccessLogCapture log = new AccessLogCapture()) {
            try (RawHttp raw = new RawHttp(tier2.port())) {
                raw.send("CONNECT a.test:" + hostA.port() + " HTTP/1.1\r\nX-Proxy-Request-Id: audit-1\r\n\r\n");
                assertEquals(200, raw.read().status());
                // Sent in two writes: the inspector must wait for the rest.
                raw.socket().getOutputStream().write(hello, 0, 7);
                raw.socket().getOutputStream().flush();
                raw.socket().getOutputStream().write(hello, 7, hello.length - 7);
                raw.socket().getOutputStream().flush();
                InputStream in = raw.socket().getInputStream();
                assertArrayEquals(hello, in.readNBytes(hello.length));
            }
            JsonNode line = awaitLine(log, "audit-1");
            assertEquals(hello.length, line.get("bytes_up").asLong());
            assertEquals(hello.length, line.get("bytes_down").asLong());
            assertEquals("A.Test", line.get("sni").asText());
            assertEquals("127.0.0.1:" + hostA.port(), line.get("connected").asText());
            assertEquals("client_close", line.get("end").asText());
            assertEquals("t2-audit-1", line.get("decision_id").asText());
            assertTrue(line.has("ts") && line.has("duration_ms"));
        }
        assertEquals(before + hello.length, hostA.received.get());
    }

    @Test
    void nonTlsBytesPassOnPortsOtherThan443() throws Exception {
        try (RawHttp raw = new RawHttp(tier2.port())) {
            assertEquals(200, raw.send("CONNECT a.test:" + hostA.port() + " HTTP/1.1\r\n\r\n").read().status());
            raw.socket().getOutputStream().write("PING\n".getBytes());
            raw.socket().getOutputStream().flush();
            assertArrayEquals("PING\n".getBytes(), raw.socket().getInputStream().readNBytes(5));
        }
    }

    private static JsonNode lastLine(AccessLogCapture log, String part) throws Exception {
        return awaitLine(log, part);
    }

    /** The tunnel's line is written when it closes, on the proxy's thread: wait for it (no time limit asserted). */
    private static JsonNode awaitLine(AccessLogCapture log, String part) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 500; i++) {
            for (String line : log.lines()) {
                if (line.contains(part) && line.contains("\"end\"")) {
                    return json.readTree(line);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no finished access line containing " + part + " in " + log.lines());
    }
}
