package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DNS pinning and the SSRF guard through real sockets: names from the hosts override, a real origin. */
class SsrfGuardTest {

    static RecordingUpstream origin;
    static Tier2 tier2;

    @BeforeAll
    static void start() throws Exception {
        origin = RecordingUpstream.http();
        // 127.0.0.2 has nothing listening on the origin's port: connecting fails and the next address is tried.
        tier2 = new Tier2(Tier2.allow(Set.of("declared-internal.test", "two-addresses.test")), """
                127.0.0.1 loop.test declared-internal.test
                169.254.169.254 metadata.test
                127.0.0.2 two-addresses.test
                127.0.0.1 two-addresses.test
                10.1.2.3 private.test
                ::ffff:169.254.169.254 mapped.test
                """, builder -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        tier2.close();
        origin.close();
    }

    @BeforeEach
    void clear() {
        tier2.policy.received().clear();
        origin.seen().clear();
    }

    private RawHttp.Response get(String host) throws Exception {
        try (RawHttp raw = new RawHttp(tier2.port())) {
            return raw.send("GET http://" + host + ":" + origin.port() + "/x HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "X-Proxy-Request-Id: r-" + host + "\r\n\r\n").read();
        }
    }

    private RawHttp.Response connect(String host) throws Exception {
        try (RawHttp raw = new RawHttp(tier2.port())) {
            return raw.send("CONNECT " + host + ":" + origin.port() + " HTTP/1.1\r\n\r\n").read();
        }
    }

    @Test
    void nameResolvingToLoopbackIsBlockedAndNothingReachesTheOrigin() throws Exception {
        RawHttp.Response response = get("loop.test");
        assertEquals(403, response.status());
        assertTrue(response.header(ProxyHeaders.REASON).startsWith("ssrf_blocked: loop.test resolves to 127.0.0.1"),
                response.header(ProxyHeaders.REASON));
        assertTrue(origin.seen().isEmpty());
        CheckRequest check = tier2.policy.received().get(0);
        assertEquals(List.of("127.0.0.1"), check.getDestination().getResolvedIpsList());
    }

    @Test
    void metadataAddressIsBlockedForTunnelsToo() throws Exception {
        RawHttp.Response response = connect("metadata.test");
        assertEquals(403, response.status());
        assertTrue(response.header(ProxyHeaders.REASON).contains("169.254.169.254 (link_local)"),
                response.header(ProxyHeaders.REASON));
        assertTrue(tier2.counter(ProxyMetrics.SSRF_BLOCKED) >= 1);
    }

    @Test
    void privateAndMappedAddressesAndIpLiteralsAreBlocked() throws Exception {
        assertEquals(403, connect("private.test").status());
        assertEquals(403, connect("mapped.test").status());
        RawHttp.Response literal = get("127.0.0.1");
        assertEquals(403, literal.status());
        assertTrue(literal.header(ProxyHeaders.REASON).startsWith("ssrf_blocked"));
        assertTrue(origin.seen().isEmpty());
    }

    @Test
    void destinationThePolicyDeclaresInternalIsReached() throws Exception {
        RawHttp.Response response = get("declared-internal.test");
        assertEquals(200, response.status());
        assertEquals(RecordingUpstream.HELLO, response.body());
        assertEquals(1, origin.seen().size());
    }

    @Test
    void connectsToTheCheckedAddressesInOrderMovingOnWhenOneFails() throws Exception {
        RawHttp.Response response = get("two-addresses.test");
        assertEquals(200, response.status());
        assertEquals(List.of("127.0.0.2", "127.0.0.1"),
                tier2.policy.received().get(0).getDestination().getResolvedIpsList());
    }
}
