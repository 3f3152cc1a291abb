package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the engine acts on unusual policy answers: none in time, a chosen status, report mode. */
class PolicyAnswersTest {

    static final CountDownLatch RELEASE_SLOW_ANSWERS = new CountDownLatch(1);
    static PolicyServerDouble policy;
    static RecordingUpstream upstream;
    static TestProxies proxy;

    static CheckResponse rules(CheckRequest request) {
        String host = request.getDestination().getHost();
        if (host.equals("denied.test")) {
            // Stands for a rate limit: the policy picks the status and a retry hint.
            return CheckResponse.newBuilder().setAllow(false).setReason("rate limit exceeded").setStatus(429)
                    .setRetryAfterSeconds(7).build();
        }
        if (host.equals("egress-denied.test")) {
            return CheckResponse.newBuilder().setAllow(false).setMode("report").setReason("would be denied").build();
        }
        try {
            // allowed.test: answers only after the test is over, long past the proxy's deadline.
            RELEASE_SLOW_ANSWERS.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CheckResponse.newBuilder().setAllow(true).build();
    }

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(PolicyAnswersTest::rules).start();
        upstream = RecordingUpstream.http();
        proxy = new TestProxies(ProxyTier.EGRESS, policy.port(), new DirectRoute(), SourceIdentityResolver.IP_ONLY);
    }

    @AfterAll
    static void stop() throws Exception {
        RELEASE_SLOW_ANSWERS.countDown();
        proxy.close();
        upstream.close();
        policy.close();
    }

    @Test
    void noAnswerWithinTheDeadlineFailsClosedWith503() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            RawHttp.Response response = raw.send("GET http://allowed.test:" + upstream.port()
                    + "/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read();
            assertEquals(503, response.status());
            assertTrue(response.header(ProxyHeaders.REASON).contains("DEADLINE_EXCEEDED"), response.header(ProxyHeaders.REASON));
        }
        assertTrue(upstream.seen().stream().noneMatch(seen -> seen.uri().equals("/")));
    }

    @Test
    void policyChosenStatusAndRetryAfterAreUsed() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            RawHttp.Response response = raw.send("CONNECT denied.test:443 HTTP/1.1\r\n\r\n").read();
            assertEquals(429, response.status());
            assertEquals("7", response.header("retry-after"));
            assertEquals("rate limit exceeded", response.header(ProxyHeaders.REASON));
        }
    }

    @Test
    void reportModeDenialIsLetThrough() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            RawHttp.Response response = raw.send("GET http://egress-denied.test:" + upstream.port()
                    + "/report HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, response.status());
        }
        assertTrue(upstream.seen().stream().anyMatch(seen -> seen.uri().equals("/report")));
    }
}
