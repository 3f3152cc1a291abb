package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoop;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Boots the egress app and proxies real requests to a real origin named in the hosts file. */
@QuarkusTest
@QuarkusTestResource(PolicyAndHostsResource.class)
class EgressProxyTest {

    @Inject
    EgressProxy proxy;

    @BeforeEach
    void clear() {
        PolicyAndHostsResource.policy.received().clear();
        PolicyAndHostsResource.upstream.seen().clear();
    }

    @Test
    void allowedRequestReachesTheDestinationWithoutOurHeaders() throws Exception {
        int origin = PolicyAndHostsResource.upstream.port();
        try (RawHttp raw = new RawHttp(proxy.boundAddress().getPort())) {
            RawHttp.Response response = raw.send("GET http://allowed.test:" + origin + "/x HTTP/1.1\r\n"
                    + "Host: allowed.test:" + origin + "\r\nX-Proxy-Request-Id: edge-req-7\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals(RecordingUpstream.HELLO, response.body());
        }
        CheckRequest check = PolicyAndHostsResource.policy.received().get(0);
        assertEquals(Tier.TIER_EGRESS, check.getTier());
        assertEquals("edge-req-7", check.getRequestId());
        assertEquals("127.0.0.1", check.getSource().getIp());
        assertEquals("allowed.test", check.getDestination().getHost());
        RecordingUpstream.Seen seen = PolicyAndHostsResource.upstream.seen().get(0);
        assertEquals("/x", seen.uri());
        assertFalse(seen.hasHeader(ProxyHeaders.REQUEST_ID));
    }

    /** Tier 1's default limits are 8192 / 16384 / 100; it adds its own headers on top. */
    @Test
    void headBeyondTier1sLimitsStillFitsTier2sDefaultLimits() throws Exception {
        int origin = PolicyAndHostsResource.upstream.port();
        String path = "/" + "p".repeat(9000);
        StringBuilder head = new StringBuilder("GET http://allowed.test:" + origin + path + " HTTP/1.1\r\n"
                + "Host: allowed.test:" + origin + "\r\nX-Big: " + "b".repeat(17000) + "\r\n");
        for (int i = 0; i < 110; i++) {
            head.append("X-Field-").append(i).append(": v\r\n");
        }
        try (RawHttp raw = new RawHttp(proxy.boundAddress().getPort())) {
            assertEquals(200, raw.send(head.append("\r\n").toString()).read().status());
        }
        RecordingUpstream.Seen seen = PolicyAndHostsResource.upstream.seen().get(0);
        assertEquals(path, seen.uri());
        assertTrue(seen.hasHeader("X-Field-109"));
    }

    @Test
    void deniedDestinationIsRefusedByTier2() throws Exception {
        int origin = PolicyAndHostsResource.upstream.port();
        try (RawHttp raw = new RawHttp(proxy.boundAddress().getPort())) {
            RawHttp.Response response = raw.send("CONNECT denied.test:" + origin + " HTTP/1.1\r\n\r\n").read();
            assertEquals(403, response.status());
            assertEquals("egress", response.header(ProxyHeaders.TIER));
            assertEquals("destination denied.test is not allowed", response.header(ProxyHeaders.REASON));
        }
        assertTrue(PolicyAndHostsResource.upstream.seen().isEmpty());
    }

    /** egress.policy.event-loop-client (on by default, plain text): a check asked on a proxy loop completes there. */
    @Test
    void policyChecksCompleteOnTheProxysOwnEventLoops() throws Exception {
        assertNotNull(proxy.eventLoops(), "the proxy runs on loops it shares with the policy client");
        for (EventLoop loop : proxy.eventLoops().loops()) {
            CompletableFuture<Thread> completedOn = new CompletableFuture<>();
            Thread loopThread = loop.submit(() -> {
                proxy.gate().check(CheckRequest.newBuilder().setRequestId("loop-check").setDestination(
                        Destination.newBuilder().setHost("allowed.test").setPort(80).setMethod("GET")).build())
                        .whenComplete((answer, error) -> {
                            if (error != null) {
                                completedOn.completeExceptionally(error);
                            } else {
                                completedOn.complete(Thread.currentThread());
                            }
                        });
                return Thread.currentThread();
            }).get(10, TimeUnit.SECONDS);
            assertSame(loopThread, completedOn.get(10, TimeUnit.SECONDS));
        }
    }

    /** egress.policy.decision-cache (on by default): within the policy's cache_ttl an identical request is not asked. */
    @Test
    void anIdenticalRequestWithinTheTimeToLiveReusesTheDecisionAndItsLineNamesIt() throws Exception {
        int origin = PolicyAndHostsResource.upstream.port();
        try (AccessLogCapture log = new AccessLogCapture()) {
            for (String requestId : new String[] {"reuse-1", "reuse-2"}) {
                try (RawHttp raw = new RawHttp(proxy.boundAddress().getPort())) {
                    assertEquals(200, raw.send("GET http://allowed.test:" + origin + "/reused HTTP/1.1\r\n"
                            + "Host: allowed.test:" + origin + "\r\nX-Proxy-Request-Id: " + requestId
                            + "\r\n\r\n").read().status());
                }
            }
            assertEquals(1, PolicyAndHostsResource.policy.received().stream()
                    .filter(check -> check.getDestination().getPath().equals("/reused")).count(),
                    "the second request is decided without asking");
            JsonNode first = AuditLines.finished(log, "reuse-1");
            JsonNode second = AuditLines.finished(log, "reuse-2");
            assertEquals(AccessLog.DECIDED_BY_POLICY, first.get(AccessLog.FIELD_DECIDED_BY).asText());
            assertEquals(AccessLog.DECIDED_BY_DECISION_CACHE, second.get(AccessLog.FIELD_DECIDED_BY).asText());
            assertEquals("d-reuse-1", second.get(AccessLog.FIELD_DECISION_ID).asText(), "names the decision reused");
        }
        assertEquals(2, PolicyAndHostsResource.upstream.seen().stream()
                .filter(seen -> seen.uri().equals("/reused")).count(), "both requests reach the destination");
    }
}
