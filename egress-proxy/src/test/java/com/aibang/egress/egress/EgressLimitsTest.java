package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.testing.RawHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * egress.limits.* reach the running engine: the app is started with small limits and real loopback clients
 * breach each one.
 */
@QuarkusTest
@TestProfile(EgressLimitsTest.SmallLimits.class)
@QuarkusTestResource(PolicyAndHostsResource.class)
class EgressLimitsTest {

    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_REQUEST_LINE = 512;
    static final int MAX_HEADER_SIZE = 1024;
    static final int MAX_CONNECTIONS_PER_SOURCE = 2;
    /** Pause between the slow client's bytes: its head grows far slower than MAX_HEADER_SIZE within the timeout. */
    static final Duration DRIBBLE_GAP = Duration.ofMillis(50);

    /** Limits small enough to breach quickly. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "egress.limits.header-timeout", HEADER_TIMEOUT.toMillis() + "ms",
                    "egress.limits.max-request-line", Integer.toString(MAX_REQUEST_LINE),
                    "egress.limits.max-header-size", Integer.toString(MAX_HEADER_SIZE),
                    "egress.limits.max-connections-per-source", Integer.toString(MAX_CONNECTIONS_PER_SOURCE));
        }
    }

    @Inject
    EgressProxy proxy;

    /** Connections of the previous test may still be closing; they would count against the per-source limit. */
    @BeforeEach
    void noClientConnectionsOpen() throws InterruptedException {
        Gauge open = proxy.metrics().registry().find(ProxyMetrics.CONNECTIONS_ACTIVE).gauge();
        long bound = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (open.value() > 0) {
            if (System.nanoTime() > bound) {
                throw new AssertionError(open.value() + " client connections stay open after their test");
            }
            Thread.sleep(20);
        }
        PolicyAndHostsResource.upstream.seen().clear();
    }

    @Test
    void headSentByteByByteGets408AtTheConfiguredHeaderTimeout() throws Exception {
        double before = breaches(ProxyLimits.HEADER_TIMEOUT);
        long connecting = System.nanoTime();
        try (RawHttp raw = new RawHttp(port())) {
            Thread dribbler = dribble(raw.socket(),
                    "GET " + allowedUrl("/slow") + " HTTP/1.1\r\nHost: allowed.test\r\nX-Slow: ");
            RawHttp.Response response;
            try {
                response = raw.read();
            } finally {
                dribbler.interrupt();
                dribbler.join();
            }
            long elapsed = System.nanoTime() - connecting;
            assertEquals(408, response.status());
            assertEquals("egress", response.header(ProxyHeaders.TIER));
            assertTrue(response.header(ProxyHeaders.REASON).contains(HEADER_TIMEOUT.toMillis() + " ms"),
                    "not the configured header timeout: " + response.header(ProxyHeaders.REASON));
            // The proxy's clock starts after our connect began, so it cannot have answered earlier.
            assertTrue(elapsed >= HEADER_TIMEOUT.toNanos(), "answered before the header timeout: " + elapsed + " ns");
            assertTrue(closedByProxy(raw), "the connection stayed open after the 408");
        }
        assertEquals(before + 1, breaches(ProxyLimits.HEADER_TIMEOUT));
        assertTrue(PolicyAndHostsResource.upstream.seen().isEmpty(), "the incomplete request reached the origin");
    }

    @Test
    void headerBlockBeyondTheConfiguredSizeGets431() throws Exception {
        double before = breaches(ProxyLimits.HEADER_SIZE);
        try (RawHttp raw = new RawHttp(port())) {
            String big = "X-Big: " + "b".repeat(2 * MAX_HEADER_SIZE) + "\r\n";
            RawHttp.Response response = raw.send(get("/big", big)).read();
            assertEquals(431, response.status());
            assertTrue(response.header(ProxyHeaders.REASON).contains(Integer.toString(MAX_HEADER_SIZE)),
                    "not the configured header size: " + response.header(ProxyHeaders.REASON));
        }
        assertEquals(before + 1, breaches(ProxyLimits.HEADER_SIZE));
        assertTrue(PolicyAndHostsResource.upstream.seen().isEmpty(), "the oversized request reached the origin");
    }

    @Test
    void requestLineBeyondTheConfiguredLengthGets414() throws Exception {
        try (RawHttp raw = new RawHttp(port())) {
            RawHttp.Response response = raw.send(get("/" + "a".repeat(2 * MAX_REQUEST_LINE), "")).read();
            assertEquals(414, response.status());
            assertTrue(response.header(ProxyHeaders.REASON).contains(Integer.toString(MAX_REQUEST_LINE)),
                    "not the configured request line length: " + response.header(ProxyHeaders.REASON));
        }
    }

    @Test
    void connectionsBeyondThePerSourceLimitGet429WhileTheOthersAreServed() throws Exception {
        double before = breaches(ProxyLimits.CONNECTIONS_PER_SOURCE);
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS_PER_SOURCE; i++) {
                RawHttp raw = new RawHttp(port());
                held.add(raw);
                // A completed exchange: the kept-alive connection now waits for a next head without a timer.
                assertEquals(200, raw.send(get("/held", "")).read().status());
            }
            try (RawHttp beyond = new RawHttp(port())) {
                RawHttp.Response response = beyond.read();
                assertEquals(429, response.status());
                assertEquals("egress", response.header(ProxyHeaders.TIER));
                assertTrue(response.header(ProxyHeaders.REASON).contains("127.0.0.1 already has "
                        + MAX_CONNECTIONS_PER_SOURCE), response.header(ProxyHeaders.REASON));
                assertTrue(beyond.closedByPeer(), "the refused connection stayed open");
            }
            assertEquals(200, held.get(0).send(get("/again", "")).read().status(), "a held connection was affected");
        } finally {
            for (RawHttp raw : held) {
                raw.close();
            }
        }
        assertEquals(before + 1, breaches(ProxyLimits.CONNECTIONS_PER_SOURCE));
    }

    private int port() {
        return proxy.boundAddress().getPort();
    }

    private static String allowedUrl(String path) {
        return "http://allowed.test:" + PolicyAndHostsResource.upstream.port() + path;
    }

    private static String get(String path, String extraHeaders) {
        return "GET " + allowedUrl(path) + " HTTP/1.1\r\nHost: allowed.test\r\n" + extraHeaders + "\r\n";
    }

    private double breaches(String limit) {
        Counter counter = proxy.metrics().registry().find(ProxyMetrics.LIMIT_BREACHES)
                .tag(ProxyMetrics.TAG_LIMIT, limit).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * End of stream, or a reset: our bytes that arrived after the proxy stopped reading turn its close into one.
     */
    private static boolean closedByProxy(RawHttp raw) throws IOException {
        try {
            return raw.closedByPeer();
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * Sends {@code start}, then one more byte of an endless header value per gap, until interrupted, answered or
     * cut off; the head is never complete.
     */
    private static Thread dribble(Socket socket, String start) throws IOException {
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        Thread thread = new Thread(() -> {
            try {
                // Stop once an answer is there: bytes the proxy no longer reads would turn its close into a reset.
                for (int i = 0; socket.getInputStream().available() == 0; i++) {
                    out.write(i < start.length() ? start.charAt(i) : 's');
                    out.flush();
                    Thread.sleep(DRIBBLE_GAP.toMillis());
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } catch (IOException closedByTheProxy) {
                // Expected once the proxy has answered and closed.
            }
        }, "slow-client");
        thread.start();
        return thread;
    }
}
