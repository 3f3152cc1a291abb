package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Meters move with traffic; shutdown stops accepting, lets an open tunnel finish, then closes what is left. */
class DrainAndMetricsTest {

    private static double requests(MeterRegistry registry, String kind, String status) {
        var counter = registry.find(ProxyMetrics.REQUESTS).tag(ProxyMetrics.TAG_KIND, kind)
                .tag(ProxyMetrics.TAG_STATUS, status).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void metersFollowRequestsTunnelsBytesAndDecisions() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
                RecordingUpstream upstream = RecordingUpstream.http();
                ServerSocket origin = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                TestProxies proxy = new TestProxies(ProxyTier.EGRESS, policy.port(), Duration.ofSeconds(10),
                        (gate, options) -> options.metrics(new ProxyMetrics(registry, ProxyTier.EGRESS)))) {
            try (RawHttp raw = new RawHttp(proxy.port())) {
                assertEquals(200, raw.send("GET http://allowed.test:" + upstream.port() + "/ HTTP/1.1\r\nHost: a\r\n\r\n")
                        .read().status());
                assertEquals(403, raw.send("GET http://denied.test/ HTTP/1.1\r\nHost: d\r\n\r\n").read().status());
            }
            assertEquals(1, requests(registry, ProxyMetrics.KIND_REQUEST, "200"));
            assertEquals(1, requests(registry, ProxyMetrics.KIND_REQUEST, "403"));
            assertTrue(registry.get(ProxyMetrics.DECISION_LATENCY).tag(ProxyMetrics.TAG_RESULT, ProxyMetrics.RESULT_OK).timer()
                    .count() >= 2);
            assertTrue(registry.get(ProxyMetrics.BYTES).tag(ProxyMetrics.TAG_DIRECTION, ProxyMetrics.DIRECTION_DOWNSTREAM)
                    .counter().count() > 0);

            try (RawHttp tunnel = new RawHttp(proxy.port())) {
                assertEquals(200, tunnel.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n")
                        .read().status());
                try (Socket accepted = origin.accept()) {
                    // Counted once the 200 is on the wire, which the client may see first.
                    ParentPoolTest.waitUntil(() -> gauge(registry, ProxyMetrics.TUNNELS_ACTIVE) == 1);
                    tunnel.socket().getOutputStream().write(new byte[100]);
                    tunnel.socket().getOutputStream().flush();
                    assertEquals(100, accepted.getInputStream().readNBytes(100).length);
                }
                assertTrue(tunnel.closedByPeer());
            }
            ParentPoolTest.waitUntil(() -> gauge(registry, ProxyMetrics.TUNNELS_ACTIVE) == 0);
            assertEquals(1, requests(registry, ProxyMetrics.KIND_TUNNEL, "200"));
            assertTrue(registry.get(ProxyMetrics.BYTES).tag(ProxyMetrics.TAG_DIRECTION, ProxyMetrics.DIRECTION_UPSTREAM)
                    .counter().count() >= 100);
        }
    }

    @Test
    void shutdownDrainsAnOpenTunnelThenClosesWhatIsLeft() throws Exception {
        try (PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
                ServerSocket origin = new ServerSocket(0, 2, java.net.InetAddress.getLoopbackAddress());
                TestProxies proxy = new TestProxies(ProxyTier.EGRESS, policy.port(), Duration.ofSeconds(10),
                        (gate, options) -> { })) {
            int port = proxy.port();
            RawHttp finishing = new RawHttp(port);
            RawHttp lingering = new RawHttp(port);
            RawHttp idle = new RawHttp(port);
            assertEquals(200, finishing.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n")
                    .read().status());
            Socket finishingOrigin = origin.accept();
            assertEquals(200, lingering.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n")
                    .read().status());
            Socket lingeringOrigin = origin.accept();

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> proxy.server().stop(Duration.ofSeconds(3)));
            ParentPoolTest.waitUntil(() -> !proxy.server().accepting());
            assertTrue(refused(port), "no new connections once shutdown began");
            assertTrue(idle.closedByPeer(), "an idle connection is closed at once");

            // The open tunnel still carries bytes both ways during the drain.
            finishing.socket().getOutputStream().write("ping".getBytes());
            finishing.socket().getOutputStream().flush();
            assertEquals("ping", new String(finishingOrigin.getInputStream().readNBytes(4)));
            finishingOrigin.getOutputStream().write("pong".getBytes());
            finishingOrigin.getOutputStream().flush();
            assertEquals("pong", new String(finishing.socket().getInputStream().readNBytes(4)));
            finishing.close();
            finishingOrigin.close();

            stopped.get(30, TimeUnit.SECONDS);
            assertTrue(lingering.closedByPeer(), "the tunnel still open after the drain time is closed");
            assertEquals(-1, lingeringOrigin.getInputStream().read());
            lingering.close();
            lingeringOrigin.close();
            idle.close();
        }
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
