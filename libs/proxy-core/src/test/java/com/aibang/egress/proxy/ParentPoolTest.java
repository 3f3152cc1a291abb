package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestCertificates;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.ParentMember;
import com.aibang.egress.proxy.upstream.ParentPool;
import com.aibang.egress.proxy.upstream.ParentProxyRoute;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parent pools: weighted round-robin, failover, health, route selection, credentials and TLS towards parents. */
class ParentPoolTest {

    @TempDir
    static Path tempDir;

    static PolicyServerDouble policy;

    /** Decisions route hosts "backup*" to pool "backup", "direct*" to direct, the rest to the default. */
    static CheckResponse routingRules(com.aibang.egress.policy.v1.CheckRequest request) {
        String host = request.getDestination().getHost();
        CheckResponse.Builder answer = CheckResponse.newBuilder().setAllow(true).setReason("ok")
                .setDecisionId("d-" + request.getRequestId());
        if (host.startsWith("backup")) {
            answer.setRoute("backup");
        } else if (host.startsWith("direct")) {
            answer.setRoute(DirectRoute.NAME);
        } else if (host.startsWith("nowhere")) {
            answer.setRoute("nowhere");
        }
        return answer.build();
    }

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(ParentPoolTest::routingRules).start();
    }

    @AfterAll
    static void stop() throws Exception {
        policy.close();
    }

    private static ParentPool pool(String name, List<ParentMember> members) {
        return new ParentPool(name, members, Duration.ofSeconds(2), null, null, 1);
    }

    private static TestProxies edge(RouteTable routes, Duration healthInterval) throws InterruptedException {
        return new TestProxies(ProxyTier.EDGE, policy.port(), Duration.ofSeconds(10),
                (gate, options) -> options.routes(routes).healthCheckInterval(healthInterval));
    }

    private static int get(int proxyPort, String host) throws Exception {
        try (RawHttp raw = new RawHttp(proxyPort)) {
            return raw.send("GET http://" + host + "/x HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read().status();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void weightedRoundRobinSpreadsByWeight() {
        ParentMember heavy = new ParentMember("127.0.0.1", 1001, 3);
        ParentMember light = new ParentMember("127.0.0.1", 1002, 1);
        ParentPool pool = pool("p", List.of(heavy, light));
        List<ParentMember> first = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<ParentMember> order = pool.candidates();
            assertEquals(2, order.size(), "the other healthy parent follows as failover");
            first.add(order.get(0));
        }
        assertEquals(6, first.stream().filter(heavy::equals).count());
        assertEquals(2, first.stream().filter(light::equals).count());
        pool.markFailure(heavy, "test");
        assertEquals(List.of(light), pool.candidates());
    }

    @Test
    void parentSpecsParseOrExplain() {
        ParentMember member = ParentMember.parse("tier2.example:3128;weight=5");
        assertEquals("tier2.example:3128", member.label());
        assertEquals(5, member.weight());
        assertEquals("::1:3128", ParentMember.parse("[::1]:3128").label());
        for (String bad : List.of("nohost", "host:", "host:70000", "host:12;w=1", "host:12;weight=0", ":12")) {
            assertThrows(IllegalArgumentException.class, () -> ParentMember.parse(bad), bad);
        }
    }

    @Test
    void failsOverWhenAParentDiesAndNoClientSeesAnError() throws Exception {
        RecordingUpstream first = RecordingUpstream.http();
        try (RecordingUpstream second = RecordingUpstream.http()) {
            ParentPool pool = pool("default", List.of(new ParentMember("127.0.0.1", first.port(), 1),
                    new ParentMember("127.0.0.1", second.port(), 1)));
            try (TestProxies edge = edge(RouteTable.of(List.of(new ParentProxyRoute(pool, null)), "default"),
                    Duration.ofMinutes(10))) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, get(edge.port(), "allowed.test"));
                }
                assertEquals(2, first.seen().size(), "round-robin over both parents");
                assertEquals(2, second.seen().size());
                first.close();
                for (int i = 0; i < 6; i++) {
                    assertEquals(200, get(edge.port(), "allowed.test"), "request " + i + " after the first parent died");
                }
                assertEquals(8, second.seen().size());
                assertFalse(pool.members().get(0).healthy(), "the dead parent is marked down");
            }
        } finally {
            first.close();
        }
    }

    @Test
    void poolWithoutHealthyParentAnswers502AtOnceAndHealthChecksBringItBack() throws Exception {
        int port = closedPort();
        ParentPool pool = pool("default", List.of(new ParentMember("127.0.0.1", port, 1)));
        try (TestProxies edge = edge(RouteTable.of(List.of(new ParentProxyRoute(pool, null)), "default"),
                Duration.ofMillis(200))) {
            try (RawHttp raw = new RawHttp(edge.port())) {
                RawHttp.Response response = raw.send("CONNECT allowed.test:443 HTTP/1.1\r\n\r\n").read();
                assertEquals(502, response.status());
            }
            waitUntil(() -> !pool.hasHealthyMember());
            try (RawHttp raw = new RawHttp(edge.port())) {
                RawHttp.Response response = raw.send("CONNECT allowed.test:443 HTTP/1.1\r\n\r\n").read();
                assertEquals(502, response.status());
                assertEquals("no healthy parent in pool 'default'", response.header(ProxyHeaders.REASON));
            }
            try (RecordingUpstream revived = RecordingUpstream.http(port)) {
                waitUntil(pool::hasHealthyMember);
                assertEquals(200, get(edge.port(), "allowed.test"));
                assertEquals(1, revived.seen().size());
            }
        }
    }

    @Test
    void decisionRouteSelectsThePoolAndDirectOnlyWhereAllowed() throws Exception {
        try (RecordingUpstream main = RecordingUpstream.http(); RecordingUpstream backup = RecordingUpstream.http()) {
            List<UpstreamRoute> routes = List.of(
                    new ParentProxyRoute(pool("default", List.of(new ParentMember("127.0.0.1", main.port(), 1))), null),
                    new ParentProxyRoute(pool("backup", List.of(new ParentMember("127.0.0.1", backup.port(), 1))), null));
            try (TestProxies edge = edge(RouteTable.of(routes, "default"), Duration.ofMinutes(10))) {
                assertEquals(200, get(edge.port(), "allowed.test"));
                assertEquals(200, get(edge.port(), "backup.test"));
                assertEquals(1, main.seen().size());
                assertEquals(1, backup.seen().size());
                assertEquals("http://backup.test/x", backup.seen().get(0).uri());
                try (RawHttp raw = new RawHttp(edge.port())) {
                    RawHttp.Response refused = raw.send("GET http://direct.test/ HTTP/1.1\r\nHost: d\r\n\r\n").read();
                    assertEquals(502, refused.status());
                    assertTrue(refused.header(ProxyHeaders.REASON).contains("direct"), refused.header(ProxyHeaders.REASON));
                }
                try (RawHttp raw = new RawHttp(edge.port())) {
                    RawHttp.Response refused = raw.send("GET http://nowhere.test/ HTTP/1.1\r\nHost: n\r\n\r\n").read();
                    assertEquals(502, refused.status());
                    assertTrue(refused.header(ProxyHeaders.REASON).contains("'nowhere'"));
                }
            }
            List<UpstreamRoute> withDirect = List.of(new DirectRoute(),
                    new ParentProxyRoute(pool("default", List.of(new ParentMember("127.0.0.1", main.port(), 1))), null));
            try (TestProxies edge = edge(RouteTable.of(withDirect, "default"), Duration.ofMinutes(10))) {
                // direct.test does not resolve on loopback: reaching the resolver proves the direct route was taken.
                try (RawHttp raw = new RawHttp(edge.port())) {
                    RawHttp.Response response = raw.send("GET http://direct.test/ HTTP/1.1\r\nHost: d\r\n\r\n").read();
                    assertEquals(502, response.status());
                    assertTrue(response.header(ProxyHeaders.REASON).contains("DNS failure"), response.header(ProxyHeaders.REASON));
                }
            }
        }
    }

    @Test
    void tunnelFailsOverWhenAParentHangsUpBeforeAnsweringConnect() throws Exception {
        try (ServerSocket dying = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                ServerSocket origin = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                TestProxies working = new TestProxies(ProxyTier.EGRESS, policy.port(), new DirectRoute(),
                        com.aibang.egress.proxy.policy.SourceIdentityResolver.IP_ONLY)) {
            Thread hangUp = new Thread(() -> {
                try (java.net.Socket accepted = dying.accept()) {
                    accepted.getInputStream().read();
                } catch (java.io.IOException e) {
                    // the test ends either way
                }
            });
            hangUp.start();
            ParentPool pool = pool("default", List.of(new ParentMember("127.0.0.1", dying.getLocalPort(), 1),
                    new ParentMember("127.0.0.1", working.port(), 1)));
            try (TestProxies edge = edge(RouteTable.of(List.of(new ParentProxyRoute(pool, null)), "default"),
                    Duration.ofMinutes(10)); RawHttp raw = new RawHttp(edge.port())) {
                RawHttp.Response response = raw.send("CONNECT allowed.test:" + origin.getLocalPort()
                        + " HTTP/1.1\r\n\r\n").read();
                assertEquals(200, response.status(), "the client never sees the first parent hang up");
                assertFalse(pool.members().get(0).healthy());
            }
            hangUp.join(10_000);
        }
    }

    @Test
    void credentialsAndTlsTowardsTheParent() throws Exception {
        TestCertificates certificates = TestCertificates.generate(tempDir, "parent.test");
        try (RecordingUpstream tlsParent = RecordingUpstream.https(certificates.serverContext())) {
            Path ca = tempDir.resolve("parent-ca.pem");
            java.nio.file.Files.writeString(ca, certificates.certificatePem());
            ParentPool pool = new ParentPool("default", List.of(new ParentMember("127.0.0.1", tlsParent.port(), 1)),
                    Duration.ofSeconds(5), ParentPool.basicAuthorization("edge", "s3cret"),
                    SslContextBuilder.forClient().trustManager(ca.toFile()).build(), 1);
            try (TestProxies edge = edge(RouteTable.of(List.of(new ParentProxyRoute(pool, null)), "default"),
                    Duration.ofMinutes(10))) {
                assertEquals(200, get(edge.port(), "allowed.test"));
            }
            RecordingUpstream.Seen seen = tlsParent.seen().get(0);
            assertEquals(List.of("Basic ZWRnZTpzM2NyZXQ="), seen.header("Proxy-Authorization"));
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within the bound");
            }
            Thread.sleep(20);
        }
    }
}
