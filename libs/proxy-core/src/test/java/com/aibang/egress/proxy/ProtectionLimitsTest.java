package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each protection limit: the right status, an access line, a counted breach. */
class ProtectionLimitsTest {

    static PolicyServerDouble policy;
    static RecordingUpstream upstream;
    static MeterRegistry registry = new SimpleMeterRegistry();
    static TestProxies proxy;

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        upstream = RecordingUpstream.http();
        ProxyLimits limits = new ProxyLimits(256, 1024, 10, Duration.ofMillis(500), Duration.ofMillis(500), 3);
        proxy = new TestProxies(ProxyTier.EGRESS, policy.port(), Duration.ofSeconds(10),
                (gate, options) -> options.limits(limits).metrics(new ProxyMetrics(registry, ProxyTier.EGRESS)));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        upstream.close();
        policy.close();
    }

    private static double breaches(String limit) {
        Counter counter = registry.find(ProxyMetrics.LIMIT_BREACHES).tag(ProxyMetrics.TAG_LIMIT, limit).counter();
        return counter == null ? 0 : counter.count();
    }

    private String get(String extraHeaders) {
        return "GET http://allowed.test:" + upstream.port() + "/ HTTP/1.1\r\nHost: allowed.test\r\n" + extraHeaders + "\r\n";
    }

    @Test
    void overlongRequestLineGets414() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            RawHttp.Response response = raw.send("GET http://allowed.test/" + "a".repeat(400)
                    + " HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read();
            assertEquals(414, response.status());
            assertEquals("egress", response.header(ProxyHeaders.TIER));
        }
        assertEquals(1, breaches(ProxyLimits.REQUEST_LINE));
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            RawHttp.Response response = raw.send(get("X-Big: " + "b".repeat(2000) + "\r\n")).read();
            assertEquals(431, response.status());
        }
        assertEquals(1, breaches(ProxyLimits.HEADER_SIZE));
    }

    @Test
    void tooManyHeadersGet431() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        try (RawHttp raw = new RawHttp(proxy.port())) {
            RawHttp.Response response = raw.send(get(headers.toString())).read();
            assertEquals(431, response.status());
            assertTrue(response.header(ProxyHeaders.REASON).contains("header fields"));
        }
        assertEquals(1, breaches(ProxyLimits.HEADER_COUNT));
        assertTrue(upstream.seen().stream().noneMatch(seen -> seen.hasHeader("X-H0")));
    }

    @Test
    void slowHeadGets408() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.send("GET http://allowed.test/ HTTP/1.1\r\nHost: allo");
            RawHttp.Response response = raw.read();
            assertEquals(408, response.status());
            assertTrue(raw.closedByPeer());
        }
        assertTrue(breaches(ProxyLimits.HEADER_TIMEOUT) >= 1);
    }

    @Test
    void slowHeadOfALaterRequestGets408() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            assertEquals(200, raw.send(get("")).read().status());
            raw.send("GET http://allowed.test/ HTTP/1.1\r\nHost: allo");
            assertEquals(408, raw.read().status(), "the clock restarts with the second head's first byte");
        }
    }

    @Test
    void keptAliveConnectionOutlivesTheHeaderTimeout() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            for (int i = 0; i < 4; i++) {
                assertEquals(200, raw.send(get("")).read().status(), "request " + i);
                // Longer than the 500 ms header timeout in total: only a head in progress has a clock.
                Thread.sleep(300);
            }
        }
    }

    @Test
    void silentConnectionGets408() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            assertEquals(408, raw.read().status());
        }
    }

    @Test
    void idleTunnelIsClosed() throws Exception {
        com.aibang.egress.proxy.testing.AccessLogCapture log = new com.aibang.egress.proxy.testing.AccessLogCapture();
        try (ServerSocket origin = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                RawHttp raw = new RawHttp(proxy.port())) {
            RawHttp.Response established = raw.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n")
                    .read();
            assertEquals(200, established.status());
            try (Socket accepted = origin.accept()) {
                assertTrue(raw.closedByPeer(), "the idle tunnel is closed by the proxy");
            }
        }
        ParentPoolTest.waitUntil(() -> breaches(ProxyLimits.TUNNEL_IDLE) >= 1);
        ParentPoolTest.waitUntil(() -> log.lines().stream().anyMatch(line -> line.contains("tunnel-idle timeout")));
        log.close();
    }

    @Test
    void connectionsBeyondThePerSourceLimitGet429() throws Exception {
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawHttp raw = new RawHttp("127.0.0.9", proxy.port());
                held.add(raw);
                // Keep each one busy so none is closed by the header timeout meanwhile: a kept-alive exchange.
                assertEquals(200, raw.send(get("")).read().status());
            }
            try (RawHttp fourth = new RawHttp("127.0.0.9", proxy.port())) {
                RawHttp.Response response = fourth.read();
                assertEquals(429, response.status());
                assertTrue(response.header(ProxyHeaders.REASON).contains("127.0.0.9"));
            }
            try (RawHttp otherSource = new RawHttp("127.0.0.10", proxy.port())) {
                assertEquals(200, otherSource.send(get("")).read().status(), "other sources are not affected");
            }
        } finally {
            for (RawHttp raw : held) {
                raw.close();
            }
        }
        assertTrue(breaches(ProxyLimits.CONNECTIONS_PER_SOURCE) >= 1);
    }
}
